"""The one settings module, read from the environment (see README: "Environment").

With no environment at all it runs the embedded default: SQLite under ./data, Celery eager,
DEBUG on with a development key. Production sets DJANGO_DEBUG=0, DJANGO_SECRET_KEY,
DJANGO_ALLOWED_HOSTS, DATABASE_URL and CELERY_BROKER_URL.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from ecoorigin.storage import storage_from_url

env = environ.Env()

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env.str("DATA_DIR", default=str(BASE_DIR / "data")))
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# Django's technical error pages (URL patterns, traceback, settings) with DEBUG on: for developers
# who ask for them; a visitor of the demo (`make run`) sees the portal's own (ecoorigin/errors.py).
DEBUG_TECHNICAL_PAGES = env.bool("DJANGO_DEBUG_TECHNICAL_PAGES", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0 (production)."
        )
    SECRET_KEY = "development-only-key-never-used-with-debug-off"  # noqa: S105  # nosec B105

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "ecoorigin.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Django's form and widget templates for FORM_RENDERER below.
    "django.forms",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "axes",
    "csp",
    "health_check",
    "accounts",
    "regions",
    "casework",
    "applications",
    "demonstration",
    "pilotzones",
    "supervision",
    "experts",
    "liaison",
    "publicity",
    "risk",
    "monitoring",
    "credit",
    "recognition",
    "cooperation",
    "qualityreports",
    "crossreview",
    # The demo data (manage.py seed_demo): above every app, depended on by none.
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # The language (a cookie) before anything may answer: early refusals speak it too.
    "accounts.middleware.ExplicitLanguageMiddleware",
    "ecoorigin.middleware.RefuseNulCharacters",
    "ecoorigin.middleware.RefuseCrossSiteApiWrites",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # 证书查验 by anonymous visitors answered from the cache: the rest is skipped (ADR 0026).
    "applications.middleware.VerificationFastPath",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After a user's write, their kept to-do counts are counted afresh (casework.todo).
    "casework.middleware.ForgetTodoCountsOnWrite",
    "ecoorigin.middleware.PrivateAnswersNotStored",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last: with DEBUG on, the portal's error pages instead of Django's technical ones.
    "ecoorigin.errors.PortalErrorPagesInDebug",
]

ROOT_URLCONF = "ecoorigin.urls"
# Widgets are rendered with the templates above, so templates/ may correct one of Django's
# (templates/admin/widgets/split_datetime.html: labels for the admin's date and time inputs);
# the most frequent (selects, inputs) are written in Python with the same markup.
FORM_RENDERER = "ecoorigin.form_renderer.PortalFormRenderer"
WSGI_APPLICATION = "ecoorigin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # The waiting work of every part of the portal (casework.todo), per entry.
                "casework.context_processors.navigation_counts",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves a handful of people at once: readers never wait for a writer
    # (WAL), and a transaction takes the write lock when it begins (IMMEDIATE), so a second
    # writer waits up to the timeout instead of failing with "database is locked" when it
    # upgrades a read lock (SQLite answers that at once, to avoid a deadlock).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
# PostgreSQL binds the parameters itself and keeps the plan of each query shape a connection
# has run five times (psycopg 3's prepared statements): planning had become most of the
# database's time per request (ADR 0041). A transaction-mode pooler (PgBouncer without
# prepared-statement support) cannot keep them: behind one, DATABASE_PREPARED_STATEMENTS=0.
POSTGRES_OPTIONS = {
    "server_side_binding": True,
    "prepare_threshold": 5 if env.bool("DATABASE_PREPARED_STATEMENTS", default=True) else None,
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).update(POSTGRES_OPTIONS)
# A read replica of the primary (PostgreSQL streaming replication) for the reports: dashboards,
# rankings, exports and public lists read it, nothing else does (ecoorigin/routers.py). Tests use
# the primary's test database under the replica's host and port (MIRROR), never a second one.
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = env.db_url_config(DATABASE_REPLICA_URL)
    DATABASES["replica"].setdefault("CONN_MAX_AGE", DATABASES["default"]["CONN_MAX_AGE"])
    DATABASES["replica"].setdefault("OPTIONS", {}).update(POSTGRES_OPTIONS)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["ecoorigin.routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": env.cache_url("CACHE_URL", default="locmemcache://"),
    # The parts of base.html that are the same for everyone (the language list, the footer, the
    # signed-out navigation), in each process's memory: keyed by language and page, never stale,
    # read without a round trip. A user's own header stays in the shared cache: rendered once
    # for all processes.
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        "TIMEOUT": 600,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}
# Sessions are read from the shared cache in front of the database where there is one (Redis,
# as docker-compose.yml runs it): a page needs no query to know who is signed in. Not with a
# cache in each process's memory (the embedded default): a sign-out in one process would go
# unseen by the others.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.db"
    if CACHES["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    else "django.contrib.sessions.backends.cached_db"
)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.KeptUserBackend",
]
# The signed-in user's row is kept in the shared cache between its changes (accounts.backends):
# one query less on every page. Not with a cache in each process's memory, for the reason above.
SIGNED_IN_USER_CACHE_SECONDS = env.int(
    "SIGNED_IN_USER_CACHE_SECONDS",
    default=0
    if CACHES["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    else 60,
)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# django-axes (login page and token endpoint; docs/adr/0003-login-lockout.md): 5 failures within
# 15 minutes lock that user name at that client address only, so nobody can lock an account out
# from elsewhere; 30 failures from one address, across user names, lock the address (password
# spraying), high enough for a bureau's clerks behind one office NAT address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=30)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The address limit is the handler's: axes holds every parameter group to the one failure limit,
# and a success would clear an "ip_address" group, the sprayer's count with it.
AXES_HANDLER = "accounts.lockout.LockoutHandler"
AXES_VERBOSE = False
AXES_RESET_ON_SUCCESS = True
# The lock lasts 15 minutes from the fifth failure; attempts while locked do not extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
# Attempts are recorded with the client's address as the rate limits see it (behind the proxy).
AXES_CLIENT_IP_CALLABLE = "ecoorigin.ratelimit.client_address"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(DATA_DIR / "media")))
# Uploaded and generated files: under MEDIA_ROOT, or in the S3-compatible object store that
# STORAGE_URL names, shared by every web node and worker (ecoorigin/storage.py gives its form).
STORAGE_URL = env.str("STORAGE_URL", default="")
STORAGES = {
    "default": storage_from_url(STORAGE_URL)
    if STORAGE_URL
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed names in production; plain names while developing and testing, so
    # templates render before collectstatic has run.
    "staticfiles": {
        "BACKEND": env.str(
            "DJANGO_STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# Security: strict by default with DEBUG off (manage.py check --deploy is clean).
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
# No script reads a cookie: forms carry the CSRF token, the language is chosen by a form.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
# Lax, not Strict: a link in a notice e-mail must open the page signed in.
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Signed out when the browser closes, and after 8 hours in any case (shared office computers).
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=8 * 3600)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Reverse proxies in front of gunicorn that append the client's address to X-Forwarded-For
# (0: gunicorn faces the clients). Rate limits, lockout records and access logs use it.
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)

# Content-Security-Policy (django-csp): scripts and styles from the portal only, no inline code
# (templates keep data in json_script blocks), no framing. The health page and DRF's browsable
# API allow their own inline styles (ecoorigin/urls.py, ecoorigin/renderers.py); see
# docs/security.md.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # data: for the empty favicon of base.html and Swagger UI's icons; images cannot run code.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# Rate limits of the public endpoints per client address, page and API together ("count/unit",
# unit: second, minute, hour or day); over the limit: HTTP 429 (ecoorigin/ratelimit.py).
PUBLIC_RATE_LIMITS = {
    "complaint": env.str("RATE_LIMIT_COMPLAINT", default="10/hour"),
    "complaint-status": env.str("RATE_LIMIT_COMPLAINT_STATUS", default="30/minute"),
    "objection": env.str("RATE_LIMIT_OBJECTION", default="10/hour"),
    "objection-status": env.str("RATE_LIMIT_OBJECTION_STATUS", default="30/minute"),
    "registration": env.str("RATE_LIMIT_REGISTRATION", default="5/hour"),
    "verification": env.str("RATE_LIMIT_VERIFICATION", default="60/minute"),
}

# 证书查验 answers kept in the cache at most this long; a change to what one shows forgets it on
# commit before that (applications/verification.py).
VERIFICATION_CACHE_SECONDS = env.int("VERIFICATION_CACHE_SECONDS", default=3600)

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@ecoorigin.example")

# Celery: without a broker, tasks run eagerly in the web process (the embedded default).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Faults (docs/adr/0011-task-faults.md): every task is idempotent and acknowledged only when it
# has finished (acks_late on each task), so a worker killed mid-task loses nothing: Redis hands
# the message out again once the visibility timeout has passed, and a pool process that dies
# puts its task back on the queue (reject on worker lost). Every task is bounded by the hard
# time limit, and the visibility timeout must stay above it, or a task still running would be
# handed out twice. Web, worker and beat share these values (the sender's limits travel with
# the message).
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=600)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - min(30, CELERY_TASK_TIME_LIMIT // 10)
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Tasks known to take seconds (one PDF, one e-mail) get a tighter bound of their own;
# the sweeps, the yearly round, rankings and exports work on the whole country and keep the above.
short_task_time_limit = min(120, CELERY_TASK_TIME_LIMIT)
CELERY_TASK_ANNOTATIONS = {
    name: {
        "time_limit": short_task_time_limit,
        "soft_time_limit": short_task_time_limit - min(30, short_task_time_limit // 10),
    }
    for name in [
        "applications.tasks.render_certificate_pdf",
        "applications.tasks.deliver_notice",
        "regions.tasks.render_summary_pdf",
        "demonstration.tasks.render_title_pdf",
        "demonstration.tasks.deliver_zone_notice",
        "pilotzones.tasks.deliver_pilot_zone_notice",
    ]
}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT * 2),
    # Look for messages of lost workers every 10 s (kombu's default throttle makes it 100 s).
    "unacked_restore_throttle": 1,
}
if CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured(
        "CELERY_VISIBILITY_TIMEOUT must be longer than CELERY_TASK_TIME_LIMIT: a task still "
        "running would otherwise be handed to a second worker."
    )
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Several portals (or test runs) may share one Redis: each keeps to its own queue.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    # 逾期整改上报总局, 证书到期: once a day, early morning Beijing time.
    "sweep-case-deadlines": {
        "task": "applications.tasks.sweep_deadlines",
        "schedule": crontab(hour=1, minute=15),
    },
    # 定时抽取 (every five minutes), and the daily supervision sweep.
    "draw-due-inspection-plans": {
        "task": "supervision.tasks.draw_due_plans",
        "schedule": crontab(minute="*/5"),
    },
    "sweep-supervision": {
        "task": "supervision.tasks.sweep_supervision",
        "schedule": crontab(hour=1, minute=30),
    },
    # 年度工作总结 (due before 1月5日): draft on 1月1日, remind 1月2–4日, close on 1月5日.
    "annual-summaries-draft": {
        "task": "regions.tasks.draft_summaries",
        "schedule": crontab(hour=2, minute=0, day_of_month=1, month_of_year=1),
    },
    "annual-summaries-remind": {
        "task": "regions.tasks.remind_summaries",
        "schedule": crontab(hour=9, minute=0, day_of_month="2-4", month_of_year=1),
    },
    "annual-summaries-close": {
        "task": "regions.tasks.close_summary_round",
        "schedule": crontab(hour=0, minute=5, day_of_month=5, month_of_year=1),
    },
    # 黑名单公示期满移出, then every credit grade recomputed (facts age out of the rule's years).
    "sweep-credit": {
        "task": "credit.tasks.sweep_credit",
        "schedule": crontab(hour=3, minute=30),
    },
    # 逾期督办: rapid-response measures past their deadline go to their warning's issuer.
    "risk-escalate-overdue-measures": {
        "task": "risk.tasks.escalate_overdue_measures",
        "schedule": crontab(hour=1, minute=45),
    },
    # 京津冀突发公共卫生事件 not notified within six hours (wall clock) go before HQ.
    "risk-escalate-overdue-emergencies": {
        "task": "risk.tasks.escalate_overdue_emergencies",
        "schedule": crontab(minute="*/5"),
    },
    "figures-refresh": {
        "task": "regions.tasks.refresh_figures",
        "schedule": crontab(hour=3, minute=0),
    },
}

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "ecoorigin.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "accounts.authentication.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "ecoorigin.api.CursorPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "ecoorigin.schema.AutoSchema",
    "EXCEPTION_HANDLER": "ecoorigin.api.exception_handler",
    "PAGE_SIZE": 50,
}
# API tokens expire this many hours after they were issued (a day: a stolen token is of use for
# at most that long, and a client signs in again at most daily); see docs/security.md.
API_TOKEN_TTL_HOURS = env.int("API_TOKEN_TTL_HOURS", default=24)
SPECTACULAR_SETTINGS = {
    "TITLE": _("生态原产地产品保护 API"),
    "DESCRIPTION": _("生态原产地产品保护全国门户的 REST 接口。"),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Request bodies get components of their own (no read-only fields, minLength of required
    # text), so clients and the fuzz tests see what the API really accepts.
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    # No deep links: Swagger UI puts them inside each operation's button, a link within a
    # button that assistive technology cannot reach (WCAG 4.1.2, axe's nested-interactive).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "RectificationStatusEnum": "supervision.models.Rectification.Status",
        "CooperationUnitKindEnum": "cooperation.models.Unit.Kind",
        "CooperationPlanStateEnum": "cooperation.workflow.PlanState",
        "RectificationActionEnum": "supervision.models.RectificationEvent.Action",
        "FollowUpStatusEnum": "supervision.models.FollowUpInspection.Status",
        "InspectionOutcomeEnum": "supervision.models.Inspection.Outcome",
        "CaseStateEnum": "applications.workflow.State",
        "ZoneKindEnum": "regions.models.Zone.Kind",
        "DocumentKindEnum": "applications.models.CaseDocument.Kind",
        "DemonstrationZoneStateEnum": "demonstration.workflow.State",
        "DemonstrationZoneLevelEnum": "demonstration.workflow.Level",
        "ZoneDocumentKindEnum": "demonstration.models.ZoneDocument.Kind",
        "ArchiveEventDocumentKindEnum": "demonstration.models.ArchiveEventDocument.Kind",
        "ZoneEnterpriseStateEnum": "demonstration.workflow.EnterpriseState",
        "ArchiveEventStateEnum": "demonstration.workflow.EventState",
        "ArchiveEventKindEnum": "demonstration.workflow.EventKind",
        "ArchiveEventCauseEnum": "demonstration.workflow.Cause",
        "ZoneYearReportStatusEnum": "demonstration.models.ZoneYearReport.Status",
        # Every programme's double-random plan (casework.models.DrawPlan) has these states; the
        # names eco-origin's schema published before zones were drawn too stay.
        "InspectionPlanStatusEnum": "casework.models.DrawPlan.Status",
        "OutcomeEnum": "supervision.models.Complaint.Outcome",
        "ZoneInspectionOutcomeEnum": "demonstration.models.ZoneInspection.Outcome",
        "EvaluationFeedbackKindEnum": "applications.models.EvaluationFeedback.Kind",
        "LiaisonReportKindEnum": "liaison.models.Report.Kind",
        "LiaisonAssignmentStatusEnum": "liaison.models.Assignment.Status",
        "BureauCheckStatusEnum": "regions.models.BureauCheck.Status",
        "NoticeObjectionStatusEnum": "publicity.models.Objection.Status",
        "NoticeObjectionConsequenceEnum": "publicity.models.Objection.Consequence",
        "PlanConsentDecisionEnum": "supervision.models.PlanConsent.Decision",
        "RectificationReviewDecisionEnum": "supervision.rectification_api.REVIEW_DECISIONS",
        "MonitoringPlanStateEnum": "monitoring.workflow.State",
        "MonitoringPlanLevelEnum": "monitoring.workflow.Level",
        "MonitoringPointKindEnum": "monitoring.workflow.PointKind",
        "SampleVerdictEnum": "monitoring.workflow.Verdict",
        "PilotZoneStateEnum": "pilotzones.workflow.State",
        "PilotZoneDocumentKindEnum": "pilotzones.models.PilotZoneDocument.Kind",
        "InnovationMeasureStateEnum": "pilotzones.workflow.MeasureState",
        "InnovationKindEnum": "pilotzones.workflow.Innovation",
        "MeasureEffectEnum": "pilotzones.workflow.Effect",
        "AcceptanceVerdictEnum": "pilotzones.workflow.Verdict",
        "ReplicablePracticeStateEnum": "pilotzones.workflow.PracticeState",
        "RiskSignalStateEnum": "risk.workflow.SignalState",
        "RiskChannelEnum": "risk.workflow.Channel",
        "RiskConclusionEnum": "risk.workflow.Conclusion",
        "RiskGradeEnum": "risk.workflow.Grade",
        "CreditGradeEnum": "credit.models.Grade",
        "BlacklistStateEnum": "credit.workflow.State",
        "BlacklistViolationEnum": "credit.workflow.Violation",
        "RiskScopeEnum": "risk.workflow.Scope",
        "RiskWarningStateEnum": "risk.workflow.WarningState",
        "RiskMeasureKindEnum": "risk.workflow.MeasureKind",
        "RiskMeasureStateEnum": "risk.workflow.MeasureState",
        "RiskMeasureEffectEnum": "risk.workflow.Effect",
        "RiskEmergencyStateEnum": "risk.workflow.EmergencyState",
        "RiskEmergencyStatusEnum": "risk.workflow.EmergencyStatus",
        "RecognitionKindEnum": "recognition.workflow.Kind",
        "RecognitionStateEnum": "recognition.workflow.State",
        "RecognitionStatusEnum": "recognition.workflow.Status",
        "QualityReportStateEnum": "qualityreports.workflow.State",
        "ReviewedCaseKindEnum": "crossreview.workflow.CaseKind",
        "ReviewRoundStateEnum": "crossreview.workflow.State",
    },
}

DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="demo-pass-2026")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint reports every rendering step at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# Certificates (证书): validity and default number of marks (标志) issued with one.
CERTIFICATE_VALIDITY_YEARS = env.int("CERTIFICATE_VALIDITY_YEARS", default=3)
# Term of a demonstration zone's title (seed 001 is silent; HQ may set another at designation).
ZONE_TITLE_YEARS = env.int("ZONE_TITLE_YEARS", default=3)
CERTIFICATE_DEFAULT_MARKS = env.int("CERTIFICATE_DEFAULT_MARKS", default=1000)

# Deadlines in working days on the Chinese calendar (applications.deadlines).
ACCEPTANCE_WORKING_DAYS = env.int("ACCEPTANCE_WORKING_DAYS", default=5)
CORRECTION_WORKING_DAYS = env.int("CORRECTION_WORKING_DAYS", default=20)

# The public address of the portal, printed in certificates' QR codes and e-mails.
PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Uploaded case materials: PDF, JPEG or PNG (checked by content), at most this many bytes.
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=20 * 2**20)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 2**20
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 2**20
# Larger files go to a temporary file that keeps no more than UPLOAD_MAX_BYTES of each.
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "ecoorigin.uploads.CappedTemporaryFileUploadHandler",
]
# Forms take at most 10 files at once (supervision.forms.MAX_FILES, with its own message);
# a request with more than this many is refused before any is stored.
DATA_UPLOAD_MAX_NUMBER_FILES = 20

# Supervision: complaint handling time and publication of inspection results, in working days.
COMPLAINT_WORKING_DAYS = env.int("COMPLAINT_WORKING_DAYS", default=15)
SUPERVISION_PUBLISH_WORKING_DAYS = env.int("SUPERVISION_PUBLISH_WORKING_DAYS", default=20)
