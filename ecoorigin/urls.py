from datetime import timedelta

from csp.constants import UNSAFE_INLINE
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from health_check.views import HealthCheckView
from rest_framework.routers import DefaultRouter

from accounts.api import TokenView
from accounts.views import home
from applications.api import (
    AgencyViewSet,
    ApplicationViewSet,
    CategoryViewSet,
    CertificateViewSet,
    PublicCertificateView,
)
from applications.initial_review_api import InitialReviewSettingViewSet, InitialReviewViewSet
from applications.views import register, register_done
from cooperation.api import (
    CooperationMilestoneViewSet,
    CooperationPlanViewSet,
    CooperationTaskViewSet,
    JointCheckViewSet,
)
from credit.api import (
    BlacklistViewSet,
    CreditGradeViewSet,
    CreditRuleViewSet,
    PublicBlacklistView,
)
from crossreview.api import ReviewCaseViewSet, ReviewRoundViewSet
from demonstration.api import (
    ArchiveEventViewSet,
    DemonstrationZoneViewSet,
    PublicZoneListView,
    PublicZoneView,
    ZoneEnterpriseViewSet,
    ZoneStandardViewSet,
)
from demonstration.notice_api import ZoneNoticeViewSet
from demonstration.report_api import ZoneYearReportViewSet
from demonstration.supervision_api import (
    ZoneInspectionPlanViewSet,
    ZoneInspectionTargetViewSet,
)
from experts.api import ExpertViewSet
from liaison.api import AssignmentViewSet, ReportViewSet, TaskViewSet
from monitoring.api import (
    MonitoringPlanViewSet,
    MonitoringPointViewSet,
    PlanItemViewSet,
    PublicMonitoringPlanListView,
    PublicMonitoringPlanView,
    SampleResultViewSet,
)
from pilotzones.api import (
    CommendationViewSet,
    InnovationMeasureViewSet,
    PilotZoneNoticeViewSet,
    PilotZoneViewSet,
    PublicCommendationListView,
    PublicPilotZoneListView,
    PublicPracticeListView,
    ReplicablePracticeViewSet,
)
from pilotzones.supervision_api import SupervisionVisitViewSet
from publicity.api import (
    NoticeBatchViewSet,
    ObjectionViewSet,
    PublicNoticeListView,
    PublicObjectionStatusView,
    PublicObjectionView,
)
from qualityreports.api import QualityStatusReportViewSet
from recognition.api import RecognitionViewSet
from regions.api import (
    BureauViewSet,
    OrganisationViewSet,
    RankingPublishView,
    RankingView,
    SummaryViewSet,
    ZoneViewSet,
)
from regions.check_api import BureauCheckViewSet
from regions.department_api import BureauDepartmentViewSet
from regions.office_api import LocalOfficeViewSet, ReviewBodyViewSet
from risk.api import (
    PublicRiskAssessmentListView,
    PublicRiskWarningListView,
    RiskCatalogueViewSet,
    RiskMeasureViewSet,
    RiskNotificationViewSet,
    RiskSignalViewSet,
    RiskStandardView,
    RiskWarningViewSet,
)
from risk.emergency_api import RiskEmergencyViewSet
from supervision.api import (
    InspectionPlanViewSet,
    PublicComplaintStatusView,
    PublicComplaintView,
)
from supervision.key_work_api import InterviewViewSet, KeyWorkItemViewSet
from supervision.rectification_api import FollowUpInspectionViewSet, RectificationViewSet

admin.site.site_header = _("生态原产地产品保护 管理后台")
admin.site.site_title = _("生态原产地产品保护")

router = DefaultRouter()
router.register("zones", ZoneViewSet, basename="zone")
router.register("bureaus", BureauViewSet, basename="bureau")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("categories", CategoryViewSet, basename="category")
router.register("agencies", AgencyViewSet, basename="agency")
router.register("applications", ApplicationViewSet, basename="application")
router.register("certificates", CertificateViewSet, basename="certificate")
router.register("inspection-plans", InspectionPlanViewSet, basename="inspection-plan")
router.register("summaries", SummaryViewSet, basename="summary")
router.register("bureau-departments", BureauDepartmentViewSet, basename="bureau-department")
router.register("bureau-checks", BureauCheckViewSet, basename="bureau-check")
router.register("local-offices", LocalOfficeViewSet, basename="local-office")
router.register("review-bodies", ReviewBodyViewSet, basename="review-body")
router.register(
    "initial-review-settings", InitialReviewSettingViewSet, basename="initial-review-setting"
)
router.register("initial-reviews", InitialReviewViewSet, basename="initial-review")
router.register("key-work-items", KeyWorkItemViewSet, basename="key-work-item")
router.register("interviews", InterviewViewSet, basename="interview")
router.register("rectifications", RectificationViewSet, basename="rectification")
router.register("follow-up-inspections", FollowUpInspectionViewSet, basename="follow-up-inspection")
router.register("experts", ExpertViewSet, basename="expert")
router.register("liaison-tasks", TaskViewSet, basename="liaison-task")
router.register("liaison-assignments", AssignmentViewSet, basename="liaison-assignment")
router.register("liaison-reports", ReportViewSet, basename="liaison-report")
router.register("notice-batches", NoticeBatchViewSet, basename="notice-batch")
router.register("notice-objections", ObjectionViewSet, basename="notice-objection")
router.register("demonstration-zones", DemonstrationZoneViewSet, basename="demonstration-zone")
router.register("pilot-zone-visits", SupervisionVisitViewSet, basename="pilot-zone-visit")
router.register("zone-standards", ZoneStandardViewSet, basename="zone-standard")
router.register("zone-notices", ZoneNoticeViewSet, basename="zone-notice")
router.register("zone-year-reports", ZoneYearReportViewSet, basename="zone-year-report")
router.register("zone-inspection-plans", ZoneInspectionPlanViewSet, basename="zone-inspection-plan")
router.register(
    "zone-inspection-targets", ZoneInspectionTargetViewSet, basename="zone-inspection-target"
)
router.register(
    r"demonstration-zones/(?P<id>[0-9]+)/enterprises",
    ZoneEnterpriseViewSet,
    basename="demonstration-zone-enterprise",
)
router.register(
    r"demonstration-zones/(?P<id>[0-9]+)/archive-events",
    ArchiveEventViewSet,
    basename="demonstration-zone-archive-event",
)
# 国检试验区 (seed 002)
router.register("pilot-zones", PilotZoneViewSet, basename="pilot-zone")
router.register("pilot-zone-notices", PilotZoneNoticeViewSet, basename="pilot-zone-notice")
router.register("innovation-measures", InnovationMeasureViewSet, basename="innovation-measure")
router.register("pilot-commendations", CommendationViewSet, basename="pilot-commendation")
router.register("replicable-practices", ReplicablePracticeViewSet, basename="replicable-practice")
# 风险监测计划 (seed 004 §二.1, 3)
router.register("monitoring-plans", MonitoringPlanViewSet, basename="monitoring-plan")
router.register("monitoring-plan-items", PlanItemViewSet, basename="monitoring-plan-item")
router.register("monitoring-points", MonitoringPointViewSet, basename="monitoring-point")
router.register("monitoring-results", SampleResultViewSet, basename="monitoring-result")
# 质量信用与黑名单 (seed 004 §二.11–12)
router.register("credit-grades", CreditGradeViewSet, basename="credit-grade")
router.register("credit-rules", CreditRuleViewSet, basename="credit-rule")
router.register("cooperation-tasks", CooperationTaskViewSet, basename="cooperation-task")
router.register("cooperation-plans", CooperationPlanViewSet, basename="cooperation-plan")
router.register(
    "cooperation-milestones", CooperationMilestoneViewSet, basename="cooperation-milestone"
)
router.register("blacklist", BlacklistViewSet, basename="blacklist")
router.register("joint-checks", JointCheckViewSet, basename="joint-check")
# 京津冀审批结果互认 (seed 003)
router.register("recognitions", RecognitionViewSet, basename="recognition")
# 京津冀执法案件互查互评 (seed 003 §三.14)
router.register("cooperation-reviews", ReviewRoundViewSet, basename="cooperation-review")
router.register("cooperation-review-cases", ReviewCaseViewSet, basename="cooperation-review-case")
# 京津冀区域质量状况分析报告 (seed 003 §三.19)
router.register(
    "quality-status-reports", QualityStatusReportViewSet, basename="quality-status-report"
)
# 风险预警与快速反应 (seed 004)
router.register("risk-signals", RiskSignalViewSet, basename="risk-signal")
router.register("risk-warnings", RiskWarningViewSet, basename="risk-warning")
router.register("risk-notifications", RiskNotificationViewSet, basename="risk-notification")
router.register("risk-measures", RiskMeasureViewSet, basename="risk-measure")
router.register("risk-catalogue", RiskCatalogueViewSet, basename="risk-catalogue")
router.register("risk-emergencies", RiskEmergencyViewSet, basename="risk-emergency")


class HealthView(HealthCheckView):
    """The health page, whose own style block (django-health-check's fixed text, no user data on
    the page) the Content-Security-Policy allows here only. The view is async, which django-csp's
    decorators are not."""

    async def dispatch(self, request, *args, **kwargs):
        response = await super().dispatch(request, *args, **kwargs)
        response._csp_update = {"style-src": [UNSAFE_INLINE]}
        return response


PING = timedelta(seconds=3)
health_checks = ["health_check.checks.Database", "health_check.checks.Cache"]
if settings.CELERY_BROKER_URL:
    # Healthy once one worker answers (all workers consume the same queues). Without a limit
    # the ping waits out its whole timeout, and with the queue inspection after it a busy
    # machine's healthy worker was reported as timed out (CI, 2026-12-08).
    health_checks.append(("health_check.contrib.celery.Ping", {"limit": 1, "timeout": PING}))
if settings.STORAGE_URL:
    # The object store: a test file written, read back and deleted.
    health_checks.append("health_check.checks.Storage")

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("public/", include("applications.public_urls")),
    path("public/", include("supervision.public_urls")),
    path("public/", include("publicity.public_urls")),
    path("public/demonstration-zones/", include("demonstration.public_urls")),
    path("public/pilot-zones/", include("pilotzones.public_urls")),
    path("public/monitoring/", include("monitoring.public_urls")),
    path("public/risk/", include("risk.public_urls")),
    path("public/credit/", include("credit.public_urls")),
    path("supervision/", include("supervision.urls")),
    path("cases/", include("applications.urls")),
    path("demonstration/", include("demonstration.urls")),
    path("pilotzones/", include("pilotzones.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("risk/", include("risk.urls")),
    path("credit/", include("credit.urls")),
    path("cooperation/recognitions/", include("recognition.urls")),
    path("cooperation/quality-reports/", include("qualityreports.urls")),
    path("cooperation/reviews/", include("crossreview.urls")),
    path("cooperation/risk/", include("risk.cooperation_urls")),
    path("cooperation/", include("cooperation.urls")),
    path("experts/", include("experts.urls")),
    path("liaison/", include("liaison.urls")),
    path("publicity/", include("publicity.urls")),
    path("register/", register, name="register"),
    path("register/done/", register_done, name="register_done"),
    path("regions/", include("regions.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/auth/token/", TokenView.as_view(), name="api-token"),
    path(
        "api/v1/public/certificates/<str:number>/",
        PublicCertificateView.as_view(),
        name="api-public-certificate",
    ),
    path("api/v1/public/complaints/", PublicComplaintView.as_view(), name="api-public-complaints"),
    path(
        "api/v1/public/complaints/<str:code>/",
        PublicComplaintStatusView.as_view(),
        name="api-public-complaint",
    ),
    path(
        "api/v1/public/demonstration-zones/",
        PublicZoneListView.as_view(),
        name="api-public-demonstration-zones",
    ),
    path(
        "api/v1/public/demonstration-zones/<str:number>/",
        PublicZoneView.as_view(),
        name="api-public-demonstration-zone",
    ),
    path(
        "api/v1/public/monitoring-plans/",
        PublicMonitoringPlanListView.as_view(),
        name="api-public-monitoring-plans",
    ),
    path(
        "api/v1/public/monitoring-plans/<int:pk>/",
        PublicMonitoringPlanView.as_view(),
        name="api-public-monitoring-plan",
    ),
    path(
        "api/v1/public/pilot-zones/",
        PublicPilotZoneListView.as_view(),
        name="api-public-pilot-zones",
    ),
    path(
        "api/v1/public/pilot-practices/",
        PublicPracticeListView.as_view(),
        name="api-public-pilot-practices",
    ),
    path(
        "api/v1/public/pilot-commendations/",
        PublicCommendationListView.as_view(),
        name="api-public-pilot-commendations",
    ),
    path("api/v1/public/blacklist/", PublicBlacklistView.as_view(), name="api-public-blacklist"),
    path(
        "api/v1/public/risk-warnings/",
        PublicRiskWarningListView.as_view(),
        name="api-public-risk-warnings",
    ),
    path(
        "api/v1/public/risk-assessments/",
        PublicRiskAssessmentListView.as_view(),
        name="api-public-risk-assessments",
    ),
    path("api/v1/risk-standard/", RiskStandardView.as_view(), name="api-risk-standard"),
    path("api/v1/public/notices/", PublicNoticeListView.as_view(), name="api-public-notices"),
    path("api/v1/public/objections/", PublicObjectionView.as_view(), name="api-public-objections"),
    path(
        "api/v1/public/objections/<str:code>/",
        PublicObjectionStatusView.as_view(),
        name="api-public-objection",
    ),
    path("api/v1/rankings/", RankingView.as_view(), name="api-rankings"),
    path("api/v1/rankings/publish/", RankingPublishView.as_view(), name="api-rankings-publish"),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI with its start-up script from its own address (the split view), not inline.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("health/", HealthView.as_view(checks=health_checks), name="health"),
]

# The portal's own error pages, JSON under /api/ (ecoorigin/errors.py).
handler400 = "ecoorigin.errors.bad_request"
handler403 = "ecoorigin.errors.permission_denied"
handler404 = "ecoorigin.errors.not_found"
handler500 = "ecoorigin.errors.server_error"
