"""京津冀区域质量发展合作 (seed 003, 国质检质〔2017〕151号): who its members are, for every app of
the cooperation (its tasks, mutual recognition, joint checks) to ask in one way.

The three places (京津冀三地) are the jurisdictions of the Beijing, Tianjin and Hebei bureaus. A
place acts through two members: its bureau (出入境检验检疫局) and the local quality authority
registered in that bureau's jurisdiction (北京市质量技术监督局, 天津市市场和质量监督管理委员会,
河北省质量技术监督局). 认监委 and 标准委 (HQ departments) are members without a place, and HQ is
the leading group (京津冀区域质量发展合作推进领导小组, seed §四.(一)) over them all."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Role

# The places by their bureau's code, in the seed's order.
PLACES = ("beijing", "tianjin", "hebei")
PLACE_LABELS = {"beijing": _("北京"), "tianjin": _("天津"), "hebei": _("河北")}
# HQ departments that are members in their own right (the seed's addressees).
MEMBER_DEPARTMENTS = ("renjianwei", "biaozhunwei")
# The zone whose zone plans are the three places' joint spot checks (联动抽查, §三.27; ADR 0037).
JOINT_CHECK_ZONE = "jingjinji"
# Who acts for a place: its bureau's clerks and inspectors, and its quality authority's staff.
PLACE_ROLES = (Role.BUREAU, Role.INSPECTOR, Role.QUALITY_AUTHORITY)


def place_of(user) -> str | None:
    """The place (its bureau's code) the user acts for, or None: staff of one of the three
    bureaus, or of a quality authority in one of their jurisdictions."""
    if not getattr(user, "is_authenticated", False) or user.role not in PLACE_ROLES:
        return None
    # Through the user's related rows, which the instance keeps: asked several times a request.
    if user.role == Role.QUALITY_AUTHORITY:
        organisation = user.organisation
        if organisation is None or not organisation.is_active:
            return None
        bureau = organisation.bureau
    else:
        bureau = user.bureau
    return bureau.code if bureau is not None and bureau.code in PLACES else None


def unit_of(user):
    """The member unit the user acts for: a place's bureau (regions.Bureau), its quality
    authority or a member department (regions.Organisation); None for HQ and non-members."""
    if place_of(user) is None and not _member_department(user):
        return None
    if user.role == Role.QUALITY_AUTHORITY or user.role == Role.HQ_DEPARTMENT:
        return user.organisation
    return user.bureau


def _member_department(user) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and user.role == Role.HQ_DEPARTMENT
        and user.organisation is not None
        and user.organisation.code in MEMBER_DEPARTMENTS
    )


def is_member(user) -> bool:
    """Sees the cooperation's work: a place's staff, 认监委 and 标准委, and HQ."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.role == Role.HQ or _member_department(user) or place_of(user) is not None


def quality_authorities():
    """The places' quality authorities as registered (a queryset of regions.Organisation)."""
    from .models import Organisation

    return Organisation.objects.filter(
        kind=Organisation.Kind.QUALITY_AUTHORITY, is_active=True, bureau__code__in=PLACES
    )


def member_organisations_q() -> Q:
    """regions.Organisation rows that are members: the places' quality authorities and the
    member departments."""
    return Q(kind="quality_authority", is_active=True, bureau__code__in=PLACES) | Q(
        kind="hq_department", code__in=MEMBER_DEPARTMENTS
    )


def is_joint_check_zone(zone) -> bool:
    """Whether a zone plan of `zone` is a 京津冀 joint spot check (联动抽查, seed 003 §三.27)."""
    return zone is not None and zone.code == JOINT_CHECK_ZONE
