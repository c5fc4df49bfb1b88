"""Users and their roles, the audit trail of what they change, and their background jobs."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from ecoorigin.append_only import AppendOnlyModel


class Role(models.TextChoices):
    """SPEC §1. 片区牵头 (zone_lead) is not stored: it is a bureau user whose bureau leads a zone."""

    ENTERPRISE = "enterprise", _("企业用户")
    BUREAU = "bureau", _("直属局")
    HQ = "hq", _("总局")
    AGENCY = "agency", _("评定机构")
    INSPECTOR = "inspector", _("检查员")
    EXPERT = "expert", _("专家")
    # Staff of an organisation of the sibling programmes (regions.Organisation, SPEC §8).
    GOVERNMENT = "government", _("地方政府")
    HQ_DEPARTMENT = "hq_department", _("总局司局")
    ASSOCIATION = "association", _("行业协会")
    OPERATOR = "operator", _("运营企业")
    QUALITY_AUTHORITY = "quality_authority", _("质监部门")
    # Staff of a bureau's 分支机构 (seed 000 §6) and of an 初审机构 (§20); ADR 0022.
    OFFICE = "office", _("分支机构")
    REVIEW_BODY = "review_body", _("初审机构")


ZONE_LEAD = "zone_lead"
BUREAU_ROLES = (Role.BUREAU, Role.INSPECTOR, Role.EXPERT)
# The role of an organisation's staff, by the organisation's kind (regions.Organisation.Kind).
ORGANISATION_ROLES = {
    "local_government": Role.GOVERNMENT,
    "hq_department": Role.HQ_DEPARTMENT,
    "association": Role.ASSOCIATION,
    "zone_operator": Role.OPERATOR,
    "quality_authority": Role.QUALITY_AUTHORITY,
}


class AccountManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.HQ)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person using the portal, tied to the bureau, enterprise, agency or other organisation it
    works for (HQ: none)."""

    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)
    bureau = models.ForeignKey(
        "regions.Bureau",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("所属直属局"),
    )
    enterprise = models.ForeignKey(
        "applications.Enterprise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("所属企业"),
    )
    agency = models.ForeignKey(
        "applications.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("所属评定机构"),
    )
    organisation = models.ForeignKey(
        "regions.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("所属组织机构"),
    )
    local_office = models.ForeignKey(
        "regions.LocalOffice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("所属分支机构"),
    )
    review_body = models.ForeignKey(
        "regions.ReviewBody",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("所属初审机构"),
    )

    objects = AccountManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                name="user_role_affiliation",
                condition=(
                    (
                        Q(
                            role="hq",
                            bureau__isnull=True,
                            enterprise__isnull=True,
                            agency__isnull=True,
                            organisation__isnull=True,
                        )
                        | Q(
                            role="enterprise",
                            enterprise__isnull=False,
                            bureau__isnull=True,
                            agency__isnull=True,
                            organisation__isnull=True,
                        )
                        | Q(
                            role="agency",
                            agency__isnull=False,
                            bureau__isnull=True,
                            enterprise__isnull=True,
                            organisation__isnull=True,
                        )
                        | Q(
                            role__in=["bureau", "inspector", "expert"],
                            bureau__isnull=False,
                            enterprise__isnull=True,
                            agency__isnull=True,
                            organisation__isnull=True,
                        )
                        | Q(
                            role__in=[
                                "government",
                                "hq_department",
                                "association",
                                "operator",
                                "quality_authority",
                            ],
                            organisation__isnull=False,
                            bureau__isnull=True,
                            enterprise__isnull=True,
                            agency__isnull=True,
                        )
                    )
                    & Q(local_office__isnull=True, review_body__isnull=True)
                    # 分支机构 staff: their bureau and their office (ADR 0022).
                    | Q(
                        role="office",
                        bureau__isnull=False,
                        local_office__isnull=False,
                        enterprise__isnull=True,
                        agency__isnull=True,
                        organisation__isnull=True,
                        review_body__isnull=True,
                    )
                    # 初审机构 staff: their body only.
                    | Q(
                        role="review_body",
                        review_body__isnull=False,
                        bureau__isnull=True,
                        enterprise__isnull=True,
                        agency__isnull=True,
                        organisation__isnull=True,
                        local_office__isnull=True,
                    )
                ),
                violation_error_message=_(
                    "角色与所属单位不符：总局用户不属于任何单位，其他角色须且只能属于对应单位。"
                ),
            ),
        ]

    def clean(self):
        super().clean()
        needed = {
            Role.ENTERPRISE: "enterprise",
            Role.AGENCY: "agency",
            Role.BUREAU: "bureau",
            Role.INSPECTOR: "bureau",
            Role.EXPERT: "bureau",
            **dict.fromkeys(ORGANISATION_ROLES.values(), "organisation"),
            Role.REVIEW_BODY: "review_body",
        }.get(self.role)
        # 分支机构 staff belong to their office and, through it, to its bureau.
        needed_too = {"bureau", "local_office"} if self.role == Role.OFFICE else set()
        errors = {}
        for field in (
            "bureau",
            "enterprise",
            "agency",
            "organisation",
            "local_office",
            "review_body",
        ):
            has = getattr(self, f"{field}_id") is not None
            if field in needed_too:
                if not has:
                    errors[field] = _("该角色必须填写所属单位。")
            elif field == needed and not has:
                errors[field] = _("该角色必须填写所属单位。")
            elif field != needed and has:
                errors[field] = _("该角色不能属于此类单位。")
        # The database cannot compare the role with the organisation's kind; this can.
        if (
            needed == "organisation"
            and self.organisation_id is not None
            and ORGANISATION_ROLES[self.organisation.kind] != self.role
        ):
            errors["organisation"] = _("该角色不能属于此类单位。")
        if (
            self.role == Role.OFFICE
            and self.local_office_id is not None
            and self.bureau_id is not None
            and self.local_office.bureau_id != self.bureau_id
        ):
            errors["local_office"] = _("分支机构须属于该用户所属的直属局。")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # set_password() keeps the new password in _password until this save, whatever set it (the
        # password page, the admin, a reset, `changepassword`); a hash upgrade at sign-in does not.
        password_changed = self._password is not None and not self._state.adding
        super().save(*args, **kwargs)
        if password_changed:
            from .services import token_revoke

            token_revoke(user=self)

    @cached_property
    def led_zone_ids(self) -> frozenset[int]:
        """Zones whose lead is this user's bureau (片区牵头单位); empty unless a bureau user."""
        if self.role != Role.BUREAU:
            return frozenset()
        from regions.zone_leads import led_zone_ids

        return led_zone_ids(self.bureau_id)

    @property
    def is_zone_lead(self) -> bool:
        return bool(self.led_zone_ids)

    @property
    def roles(self) -> list[str]:
        """Role codes of SPEC §1, zone_lead included where it applies."""
        return [self.role, ZONE_LEAD] if self.is_zone_lead else [self.role]


class AuditEntry(AppendOnlyModel):
    """审计日志: one immutable row per change made outside a case's own history (admin included)."""

    class Action(models.TextChoices):
        CREATE = "create", _("新增")
        UPDATE = "update", _("修改")
        DELETE = "delete", _("删除")

    actor = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        related_name="audit_entries",
        verbose_name=_("操作人"),
    )
    action = models.CharField(_("操作"), max_length=16, choices=Action.choices)
    object_type = models.CharField(_("对象类型"), max_length=100)
    object_id = models.CharField(_("对象编号"), max_length=64)
    object_repr = models.CharField(_("对象"), max_length=200)
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    source = models.CharField(_("来源"), max_length=32, default="admin")
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.get_action_display()} {self.object_repr}"


class Job(models.Model):
    """后台任务: long work (exports, PDFs, draws, summaries) run by Celery, owned by one user,
    whose page shows its state and progress and offers the result when it is done."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("处理中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    owner = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="jobs", verbose_name=_("发起人")
    )
    kind = models.CharField(_("任务类型"), max_length=64)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    # The language its owner read the portal in when starting it: its file is written in it,
    # whether the job runs in the web process or on a worker.
    language = models.CharField(_("语言"), max_length=16, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("进度(%)"), default=0)
    result_file = models.FileField(_("结果文件"), upload_to="jobs/%Y/%m/", blank=True)
    error = models.TextField(_("错误信息"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.kind} #{self.pk}"
