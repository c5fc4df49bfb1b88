"""演示数据: the demo accounts of SPEC §9 and the records they work for. Idempotent."""

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from accounts import backends as kept_users
from accounts.models import Role, User
from applications.models import Agency, Enterprise
from regions.models import Bureau

ENTERPRISES = [
    # (username, bureau code, name, 统一社会信用代码, address, contact)
    (
        "ent-beijing",
        "beijing",
        "北京京西生态农业有限公司",
        "91110108MA01ABCD1E",
        "北京市门头沟区妙峰山镇",
        "王丽",
    ),
    (
        "ent-chongqing",
        "chongqing",
        "重庆武陵山生态茶业有限公司",
        "91500103MA5U7KQ308",
        "重庆市南川区大观镇",
        "刘强",
    ),
]

# The evaluation agencies (评定机构) the seed (质检通函〔2015〕537号) is addressed to, named as it
# names them.
AGENCIES = [
    ("agency-1", "ccic-test", "中国检验认证集团测试技术公司", "北京市朝阳区"),
    ("agency-2", "wancheng", "北京万诚信用评价有限公司", "北京市海淀区"),
]

# inspector-N works for this bureau: the pool spreads over several bureaus and zones.
INSPECTOR_BUREAUS = [
    "beijing",
    "chongqing",
    "jiangsu",
    "guangdong",
    "henan",
    "fujian",
    "sichuan",
    "zhejiang",
    # 京津冀联动抽查's teams are mixed from the three places' bureaus (ADR 0037).
    "tianjin",
    "hebei",
]

# What HQ maintains in the admin (organisation data), and what it may read there.
HQ_PERMISSIONS = [
    ("regions", ["bureau", "zone", "zonemembership"], ["add", "change", "delete", "view"]),
    ("regions", ["organisation"], ["add", "change", "view"]),
    ("applications", ["enterprise", "agency"], ["add", "change", "view"]),
    (
        "applications",
        ["productcategory", "evaluationplan", "certificatenumberrule"],
        ["add", "change", "view"],
    ),
    ("casework", ["workingdayoverride"], ["add", "change", "view"]),
    (
        "applications",
        ["application", "casehistory", "certificate", "casedocument", "documentaccess", "notice"],
        ["view"],
    ),
    ("accounts", ["auditentry", "job"], ["view"]),
    ("django_celery_beat", ["periodictask", "crontabschedule", "intervalschedule"], ["view"]),
    ("regions", ["rankingweighting"], ["add", "change", "view"]),
    (
        "regions",
        ["annualsummary", "researchproject", "lecturetour", "governmentreport"],
        ["view"],
    ),
    ("supervision", ["poolmember"], ["add", "change", "view"]),
    (
        "supervision",
        [
            "inspectionplan",
            "complaint",
            "proposal",
            "keyworkitem",
            "interview",
            "drawview",
            "rectification",
            "followupinspection",
        ],
        ["view"],
    ),
    ("regions", ["bureaudepartment"], ["view"]),
    (
        "risk",
        [
            "risksignal",
            "signalhistory",
            "assessmentopinion",
            "riskwarning",
            "warninghistory",
            "warningtarget",
            "warningnotification",
            "responsemeasure",
            "measurehistory",
            "measureprogress",
            "emergencyreport",
            "emergencyhistory",
            "emergencyacknowledgement",
        ],
        ["view"],
    ),
    (
        "risk",
        ["risksettings", "warningstandard", "measurecatalogueentry"],
        ["add", "change", "view"],
    ),
    (
        "monitoring",
        ["monitoringplan", "planhistory", "planitem", "monitoringpoint", "sampleresult"],
        ["view"],
    ),
    (
        "pilotzones",
        [
            "pilotzone",
            "acceptanceopinion",
            "zonehistory",
            "pilotzonedocument",
            "pilotzonedocumentaccess",
            "innovationmeasure",
            "measurehistory",
            "measureassessment",
            "commendation",
            "replicablepractice",
            "practicehistory",
            "practiceadoption",
            "pilotzonenotice",
            "supervisionvisit",
        ],
        ["view"],
    ),
    ("recognition", ["recognition", "recognitionhistory"], ["view"]),
    (
        "cooperation",
        ["actionplan", "actionplanhistory", "milestone", "progressreport"],
        ["view"],
    ),
    (
        "crossreview",
        [
            "reviewround",
            "reviewroundhistory",
            "reviewcriterion",
            "reviewedcase",
            "review",
            "reviewscore",
        ],
        ["view"],
    ),
]


class Command(BaseCommand):
    help = "Creates the demo accounts (password $DEMO_PASSWORD) and their records; idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="run even with DEBUG off (never in production)"
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo refuses to run with DEBUG off: demo accounts share one known "
                "password. Use --force only on a machine that is not production."
            )
        from applications import demo, initial_review_demo
        from cooperation import demo as cooperation_demo
        from credit import demo as credit_demo
        from crossreview import demo as crossreview_demo
        from demonstration import demo as demonstration_demo
        from experts import demo as experts_demo
        from liaison import demo as liaison_demo
        from monitoring import demo as monitoring_demo
        from pilotzones import demo as pilotzones_demo
        from publicity import demo as publicity_demo
        from qualityreports import demo as qualityreports_demo
        from recognition import demo as recognition_demo
        from regions import demo as regions_demo
        from risk import demo as risk_demo
        from supervision import demo as supervision_demo

        with transaction.atomic():
            users = self._users()
            users += regions_demo.seed_organisations()
            users += pilotzones_demo.seed_governments()
            users += experts_demo.seed_experts()
            regions_demo.seed_departments()
            self._set_passwords(users)
            demo.seed_plans()
            supervision_demo.seed_pool()
        # Demo notices go to example.com addresses: render them, but mail nothing.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            cases = demo.seed_cases()
            # 分支机构 and 初审 (seed 000 §6, §20; ADR 0022)
            self._set_passwords(initial_review_demo.seed_offices_and_initial_review())
        regions_demo.seed_reporting()
        regions_demo.seed_hq_checks()
        supervision_demo.seed_key_work()
        supervision_demo.seed_zone_plan()  # 片区计划 awaiting 西藏局's consent (ADR 0020)
        supervision_demo.seed_joint_check()  # 京津冀联动抽查, committed (ADR 0037)
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            supervision_demo.seed_outcomes()  # 整改 and 跟进检查 (ADR 0021)
        zones = demonstration_demo.seed_zones()
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            pilot_zones = pilotzones_demo.seed_zones()  # 国检试验区 (seed 002)
        with transaction.atomic():
            liaison_demo.seed_liaison()
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            publicity_demo.seed_publicity()
        with transaction.atomic():
            monitoring_demo.seed_monitoring()  # 风险监测计划 (seed 004 §二.1, 3)
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            risk_demo.seed_risk()  # 风险预警与快速反应 (seed 004)
            credit_demo.seed_credit(**self._credit_targets())  # 质量信用与黑名单 (seed 004)
        with transaction.atomic():
            recognition_demo.seed_recognitions()  # 京津冀审批结果互认 (seed 003)
            crossreview_demo.seed_crossreview()  # 执法案件互查互评 (seed 003 §三.14)
            qualityreports_demo.seed_quality_reports()  # 区域质量状况分析报告 (seed 003)
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
            transaction.atomic(),
        ):
            cooperation_demo.seed_action_plans()  # 年度行动计划 (seed 003 §四.(一))
        self.stdout.write(
            self.style.SUCCESS(
                f"demo data ready: {len(users)} accounts (password from DEMO_PASSWORD), "
                f"{cases} new demo cases, {zones} new demonstration zones, "
                f"{pilot_zones} new pilot zones"
            )
        )

    def _credit_targets(self) -> dict:
        """The enterprises the credit demo lists and proposes, none of the demo accounts' own
        (their walk-throughs must stay open): listed, one holding a protected product or a
        示范企业 title (so 强制退出 has something to propose); proposed, another zone enterprise."""
        from applications.models import Application
        from demonstration.models import ZoneEnterprise

        own = [uscc for _user, _bureau, _name, uscc, _address, _contact in ENTERPRISES]
        holders = [
            *Application.objects.filter(state="protected", enterprise__confirmed_at__isnull=False)
            .exclude(enterprise__uscc__in=own)
            .order_by("pk")
            .values_list("enterprise__uscc", flat=True),
            *ZoneEnterprise.objects.filter(state="granted")
            .exclude(credit_code__in=own)
            .order_by("pk")
            .values_list("credit_code", flat=True),
        ]
        listed = holders[0] if holders else None
        others = (
            ZoneEnterprise.objects.exclude(credit_code__in=[*own, listed])
            .exclude(state="declined")
            .order_by("-pk")
            .values_list("credit_code", flat=True)
        )
        return {"listed_uscc": listed, "proposed_uscc": others.first()}

    def _users(self) -> list[User]:
        users = []
        hq, _created = User.objects.update_or_create(
            username="hq",
            defaults={"role": Role.HQ, "first_name": "总局通关司", "is_staff": True},
        )
        hq.user_permissions.set(self._hq_permissions())
        users.append(hq)

        for bureau in Bureau.objects.all():
            user, _created = User.objects.update_or_create(
                username=f"bureau-{bureau.code}",
                defaults={"role": Role.BUREAU, "bureau": bureau, "first_name": bureau.full_name},
            )
            users.append(user)

        for username, bureau_code, name, uscc, address, contact in ENTERPRISES:
            # The confirmed enterprise of the code: a registration may claim it too (ADR 0003).
            enterprise, _created = Enterprise.objects.update_or_create(
                uscc=uscc,
                confirmed_at__isnull=False,
                defaults={
                    "name": name,
                    "bureau": Bureau.objects.get(code=bureau_code),
                    "address": address,
                    "contact_name": contact,
                    "contact_phone": "010-00000000" if bureau_code == "beijing" else "023-00000000",
                    "contact_email": f"{username}@example.com",
                    "confirmed_at": timezone.now(),
                },
            )
            user, _created = User.objects.update_or_create(
                username=username,
                defaults={"role": Role.ENTERPRISE, "enterprise": enterprise, "first_name": contact},
            )
            users.append(user)

        for username, code, name, address in AGENCIES:
            agency, _created = Agency.objects.update_or_create(
                code=code, defaults={"name": name, "address": address}
            )
            user, _created = User.objects.update_or_create(
                username=username,
                defaults={"role": Role.AGENCY, "agency": agency, "first_name": name},
            )
            users.append(user)

        for number, bureau_code in enumerate(INSPECTOR_BUREAUS, start=1):
            user, _created = User.objects.update_or_create(
                username=f"inspector-{number}",
                defaults={
                    "role": Role.INSPECTOR,
                    "bureau": Bureau.objects.get(code=bureau_code),
                    "first_name": f"检查员{number}",
                },
            )
            users.append(user)
        return users

    def _hq_permissions(self) -> list[Permission]:
        codenames = [
            (app, f"{action}_{model}")
            for app, models, actions in HQ_PERMISSIONS
            for model in models
            for action in actions
        ]
        permissions = Permission.objects.filter(
            content_type__app_label__in={app for app, _models, _actions in HQ_PERMISSIONS}
        ).select_related("content_type")
        wanted = set(codenames)
        return [p for p in permissions if (p.content_type.app_label, p.codename) in wanted]

    def _set_passwords(self, users: list[User]) -> None:
        """Hash the demo password once, and only when it changed: re-runs stay fast."""
        password = settings.DEMO_PASSWORD
        if all(user.password and user.check_password(password) for user in users[:1]) and all(
            user.password == users[0].password for user in users
        ):
            return
        hashed = make_password(password)
        User.objects.filter(pk__in=[u.pk for u in users]).update(password=hashed)
        kept_users.forget(*(u.pk for u in users))  # past save(): their sessions end
