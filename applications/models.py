"""申报企业、评定机构与评定方案、产品类别、保护案件及其流转记录."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, FSMField, FSMModelMixin, transition

from accounts.models import Role
from casework.models import CaseNotice, FileAccess, StoredFile, TransitionRecord
from casework.workflow import nobody
from ecoorigin.append_only import AppendOnlyModel
from ecoorigin.names import EnglishName
from regions.models import Bureau

from . import workflow as wf
from .validators import validate_uscc
from .workflow import State


class Enterprise(models.Model):
    """申报企业/获证企业, under the jurisdiction of one bureau.

    An online registration is a claim on its 统一社会信用代码 until the bureau confirms it: several
    unconfirmed claims may name one code (a squatter's must not block the real enterprise), and
    the bureau, or HQ, confirms one and rejects the others (ADR 0003). One confirmed per code."""

    name = models.CharField(_("企业名称"), max_length=128)
    uscc = models.CharField(
        _("统一社会信用代码"), max_length=18, db_index=True, validators=[validate_uscc]
    )
    bureau = models.ForeignKey(
        Bureau, on_delete=models.PROTECT, related_name="enterprises", verbose_name=_("辖区直属局")
    )
    address = models.CharField(_("地址"), max_length=255, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=64, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    # The bureau confirms a registered enterprise before its first case can be submitted.
    confirmed_at = models.DateTimeField(_("直属局确认时间"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("确认人"),
    )
    # The business licence uploaded with the registration (PDF, JPEG or PNG by content), which
    # the bureau compares with the name and code; enterprises registered before have none.
    licence = models.FileField(_("营业执照"), upload_to="licences/%Y/", blank=True)
    rejected_at = models.DateTimeField(_("驳回时间"), null=True, blank=True)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("驳回人"),
    )
    rejection_reason = models.TextField(_("驳回理由"), blank=True)

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["uscc"],
                condition=models.Q(confirmed_at__isnull=False),
                name="enterprise_uscc_confirmed_once",
            ),
        ]
        indexes = [
            # The bureau's "awaiting confirmation" count on every page it opens: a few rows,
            # found without reading the bureau's thousands of confirmed enterprises.
            models.Index(
                fields=["bureau"],
                condition=models.Q(confirmed_at__isnull=True, rejected_at__isnull=True),
                name="enterprise_unconfirmed",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def pending(self) -> bool:
        return self.confirmed_at is None and self.rejected_at is None


class Agency(models.Model):
    """评定机构: evaluates cases whose applicant chose it, under a plan filed (备案) with HQ."""

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("机构名称"), max_length=128, unique=True)
    address = models.CharField(_("地址"), max_length=255, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=64, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("评定机构")
        verbose_name_plural = _("评定机构")
        ordering = ["pk"]

    def __str__(self):
        return self.name


class ProductCategory(EnglishName, models.Model):
    """产品类别, maintained by HQ; evaluation plans are filed per category."""

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=64, unique=True)
    name_en = models.CharField(_("英文名称"), max_length=128, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("产品类别")
        verbose_name_plural = _("产品类别")
        ordering = ["pk"]

    def __str__(self):
        return self.display_name


class MaterialRequirementQuerySet(models.QuerySet):
    def for_category(self, category_id):
        """The active requirements a case of `category_id` must answer: those of every category
        (category empty) and the category's own, in checklist order."""
        return self.filter(
            models.Q(category__isnull=True) | models.Q(category_id=category_id), is_active=True
        ).order_by("order", "pk")


class MaterialRequirement(EnglishName, models.Model):
    """申报材料清单的一项: a material an application must (or may) carry, for every category
    (category empty) or for one category; HQ keeps the list (admin, audited, or the staff page
    applications.materials_views), and the rows shipped by migration 0013 are its start.

    Seed 000 §6: "对申报企业实行'一对一'服务，指导企业准备、完善申报资料……对符合要求、条件成熟的企业，
    及时做好受理、初评和推荐上报等工作"; §14: "按类别建立具体商品的标准或技术规范". A submission is
    refused (409) until every required item has a file (applications.materials). A row is
    retired by clearing `is_active`, never deleted once a file answers it."""

    category = models.ForeignKey(
        ProductCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="material_requirements",
        verbose_name=_("产品类别"),
        help_text=_("留空表示适用于所有产品类别。"),
    )
    code = models.SlugField(_("代码"), max_length=40)
    name = models.CharField(_("材料名称"), max_length=128)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    description = models.CharField(_("说明"), max_length=500, blank=True)
    required = models.BooleanField(_("必须提交"), default=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    objects = MaterialRequirementQuerySet.as_manager()

    class Meta:
        verbose_name = _("申报材料要求")
        verbose_name_plural = _("申报材料清单")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(category__isnull=True),
                name="material_requirement_code_global_once",
            ),
            models.UniqueConstraint(
                fields=["category", "code"], name="material_requirement_code_once"
            ),
        ]

    def __str__(self):
        return self.display_name


class EvaluationPlanQuerySet(models.QuerySet):
    def valid_on(self, day):
        """Filed (备案) plans whose validity covers `day`."""
        return self.filter(valid_from__lte=day, valid_until__gte=day)


class EvaluationPlan(models.Model):
    """评定方案: an agency's plan for one category, filed (备案) with HQ; only agencies with a
    valid filed plan for a case's category can be chosen, and the plan's threshold decides."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="plans", verbose_name=_("评定机构")
    )
    category = models.ForeignKey(
        ProductCategory, on_delete=models.PROTECT, related_name="plans", verbose_name=_("产品类别")
    )
    title = models.CharField(_("方案名称"), max_length=128)
    pass_threshold = models.PositiveSmallIntegerField(_("通过分数线"), default=80)
    valid_from = models.DateField(_("有效期起"))
    valid_until = models.DateField(_("有效期止"))
    document = models.FileField(_("方案文件"), upload_to="plans/%Y/", blank=True)
    filed_at = models.DateTimeField(_("备案时间"), auto_now_add=True)

    objects = EvaluationPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("评定方案")
        verbose_name_plural = _("评定方案")
        ordering = ["agency_id", "category_id", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                name="plan_threshold_0_100", condition=models.Q(pass_threshold__lte=100)
            ),
            models.CheckConstraint(
                name="plan_validity_order",
                condition=models.Q(valid_until__gte=models.F("valid_from")),
            ),
        ]

    def __str__(self):
        return f"{self.agency} · {self.category}"


class Application(FSMModelMixin, models.Model):
    """保护案件: one product of one enterprise, from online application to exit (SPEC §3).

    `state` changes only through the transition methods below, and those are fired only by
    `applications.services.case_transition`, which checks the caller, locks the row and writes
    the history row in the same transaction.
    """

    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("申报企业"),
    )
    bureau = models.ForeignKey(
        Bureau, on_delete=models.PROTECT, related_name="applications", verbose_name=_("受理直属局")
    )
    category = models.ForeignKey(
        ProductCategory,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("产品类别"),
    )
    product_name = models.CharField(_("产品名称"), max_length=128)
    origin_place = models.CharField(_("原产地"), max_length=128)
    description = models.TextField(_("产品说明"), blank=True)
    state = FSMField(
        _("状态"), max_length=16, choices=State.choices, default=State.DRAFT, protected=True
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officer_cases",
        verbose_name=_("承办人"),
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("评定机构"),
    )
    plan = models.ForeignKey(
        EvaluationPlan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("评定方案"),
    )
    score = models.DecimalField(
        _("评定得分"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    evaluation_report = models.TextField(_("评定意见"), blank=True)
    rectification_deadline = models.DateField(_("整改期限"), null=True, blank=True)
    rectification_submitted_at = models.DateTimeField(_("整改提交时间"), null=True, blank=True)
    rectification_report = models.TextField(_("整改报告"), blank=True)
    revocation_reason = models.TextField(_("撤销原因(公告)"), blank=True)
    renewal_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewals",
        verbose_name=_("续展自"),
    )
    submitted_at = models.DateTimeField(_("申报时间"), null=True, blank=True)
    # The running deadline (in working days on the Chinese calendar, see applications.deadlines):
    # which clock runs, when it falls due, and what was left when it paused for the applicant.
    due_kind = models.CharField(
        _("时限类型"), max_length=16, choices=wf.DueKind.choices, blank=True
    )
    due_date = models.DateField(_("办理时限"), null=True, blank=True)
    paused_working_days = models.PositiveSmallIntegerField(
        _("暂停时剩余工作日"), null=True, blank=True
    )
    escalated_at = models.DateTimeField(_("逾期上报时间"), null=True, blank=True)
    # 一对一指导 (seed 000 §6): the enterprise has shared its draft with its bureau (an open
    # GuidanceShare). Kept by services.case_guidance_share / case_guidance_revoke only; staff see
    # a draft only while it is set (selectors.cases_visible_to). A database default too, so
    # bulk loads that do not name it (bench/generate.py) write False.
    shared_for_guidance = models.BooleanField(
        _("已请直属局一对一指导"), default=False, db_default=False
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("保护案件")
        verbose_name_plural = _("保护案件")
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["bureau", "state", "-id"], name="case_bureau_state"),
            models.Index(fields=["enterprise", "-id"], name="case_enterprise"),
            models.Index(fields=["state", "-id"], name="case_state"),
            models.Index(fields=["agency", "state"], name="case_agency_state"),
            # The worklist's sortable columns (ecoorigin.sorting): each order is served by an
            # index, with the id last as the list's own tie-breaker (and, on PostgreSQL, the
            # deadline's descending order with the cases without a deadline last: migration
            # 0011). The deadline's also serve the overdue filter and the sweeps.
            models.Index(fields=["due_date", "id"], name="case_due"),
            models.Index(fields=["bureau", "due_date", "id"], name="case_bureau_due"),
            models.Index(fields=["product_name", "id"], name="case_product"),
            models.Index(fields=["category", "id"], name="case_category"),
            models.Index(fields=["bureau", "id"], name="case_bureau"),
            models.Index(fields=["updated_at", "id"], name="case_updated"),
            # The drafts shared for 一对一指导, per bureau: staff's draft count and the bureau's
            # guidance requests read these few rows, never the enterprises' private drafts.
            models.Index(
                fields=["bureau", "-id"],
                condition=models.Q(state="draft", shared_for_guidance=True),
                name="case_guidance_shared",
            ),
        ]

    def __str__(self):
        return f"{self.product_name} · {self.enterprise}"

    def get_state_display(self) -> str:
        """The state's label. Django's generated method hashes every lazy choice label (one
        gettext per state) to look one up: 17 translations per row of every case list."""
        try:
            return str(State(self.state).label)
        except ValueError:
            return self.state

    def get_due_kind_display(self) -> str:
        try:
            return str(wf.DueKind(self.due_kind).label)
        except ValueError:
            return self.due_kind

    # 申报 / 补正后重新申报
    @transition(
        state,
        source=[State.DRAFT, State.RETURNED],
        target=State.SUBMITTED,
        permission=wf.is_owner,
        conditions=[wf.enterprise_confirmed],
    )
    def submit(self, **data):
        self.submitted_at = timezone.now()

    @transition(
        state, source=State.SUBMITTED, target=State.ACCEPTED, permission=wf.is_jurisdiction_bureau
    )
    def accept(self, *, actor, officer=None, **data):  # 受理, assigns the 一对一 officer
        self.officer = officer or actor

    @transition(
        state,
        source=[State.SUBMITTED, State.ACCEPTED],
        target=State.RETURNED,
        permission=wf.is_jurisdiction_bureau,
    )
    def return_for_correction(self, **data):  # 退回补正
        pass

    @transition(
        state,
        source=[State.SUBMITTED, State.ACCEPTED],
        target=State.REFUSED,
        permission=wf.is_jurisdiction_bureau,
    )
    def refuse(self, **data):  # 不予受理
        pass

    @transition(
        state,
        source=State.ACCEPTED,
        target=State.PRE_EVALUATED,
        permission=wf.is_jurisdiction_bureau,
    )
    def pre_evaluate(self, **data):  # 初评
        pass

    @transition(
        state,
        source=State.PRE_EVALUATED,
        target=State.RECOMMENDED,
        permission=wf.is_jurisdiction_bureau,
    )
    def recommend(self, **data):  # 推荐上报
        pass

    @transition(state, source=State.RECOMMENDED, target=State.APPROVED, permission=wf.is_hq)
    def approve(self, **data):  # 批准实施评定
        pass

    @transition(
        state,
        source=[State.RECOMMENDED, State.EVALUATED],
        target=State.NOT_APPROVED,
        permission=wf.is_hq,
    )
    def not_approve(
        self, **data
    ):  # 不予批准: before evaluation, or on its result (e.g. 公示异议成立)
        pass

    @transition(state, source=State.EVALUATED, target=State.EVALUATING, permission=wf.is_hq)
    def reevaluate(self, **data):  # 退回重新评定 by the agency already chosen (e.g. 公示异议成立)
        self.score = None
        self.evaluation_report = ""

    @transition(state, source=State.APPROVED, target=State.EVALUATING, permission=wf.is_owner)
    def choose_agency(self, *, plan, **data):  # 自主选择评定机构
        self.plan = plan
        self.agency = plan.agency

    @transition(
        state,
        source=State.EVALUATING,
        target=RETURN_VALUE(State.EVALUATED, State.FAILED),
        permission=wf.is_chosen_agency,
    )
    def evaluate(self, *, score, report="", **data):  # 评定: the plan's threshold decides
        self.score = score
        self.evaluation_report = report
        return State.EVALUATED if score >= self.plan.pass_threshold else State.FAILED

    @transition(state, source=State.EVALUATED, target=State.PROTECTED, permission=wf.is_hq)
    def certify(self, **data):  # 颁发保护证书 (the certificate row is written by the service)
        pass

    @transition(state, source=State.PROTECTED, target=State.SUSPENDED, permission=wf.is_hq)
    def suspend(self, *, deadline, **data):  # 暂停保护, 限期整改
        self.rectification_deadline = deadline
        self.rectification_submitted_at = None
        self.rectification_report = ""

    @transition(state, source=State.SUSPENDED, target=State.SUSPENDED, permission=wf.is_owner)
    def submit_rectification(self, *, comment="", **data):  # 提交整改
        self.rectification_submitted_at = timezone.now()
        self.rectification_report = comment

    @transition(state, source=State.SUSPENDED, target=State.PROTECTED, permission=wf.is_hq)
    def reinstate(self, **data):  # 恢复保护
        self.rectification_deadline = None

    @transition(
        state, source=[State.PROTECTED, State.SUSPENDED], target=State.REVOKED, permission=wf.is_hq
    )
    def revoke(self, *, reason, **data):  # 撤销保护, reason published
        self.revocation_reason = reason

    @transition(state, source=wf.WITHDRAWABLE, target=State.WITHDRAWN, permission=wf.is_owner)
    def withdraw(self, **data):  # 撤回
        pass

    @transition(
        state, source=[State.PROTECTED, State.SUSPENDED], target=State.EXPIRED, permission=nobody
    )
    def expire(self, **data):  # 有效期届满 (beat sweep)
        pass


class CaseCount(models.Model):
    """案件数 by bureau and state: what the worklists' counts and HQ's queues show, without
    counting a million cases on every page (ADR 0006). Kept by database triggers on the case
    table (migration 0006), so every write path keeps it right, bulk ones included; bulk loads
    that bypass triggers (generate_national's COPY) recompute it."""

    bureau = models.ForeignKey(Bureau, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=16, choices=State.choices)
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("案件数")
        verbose_name_plural = _("案件数")
        constraints = [
            models.UniqueConstraint(fields=["bureau", "state"], name="case_count_once"),
        ]

    def __str__(self):
        return f"{self.bureau_id} {self.state}: {self.n}"


class CaseHistory(TransitionRecord):
    """案件流转记录: one immutable row per fired transition (who, when, from, to, why)."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="history", verbose_name=_("保护案件")
    )
    from_state = models.CharField(_("原状态"), max_length=16, choices=State.choices)
    to_state = models.CharField(_("新状态"), max_length=16, choices=State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="case_actions",
        verbose_name=_("操作人"),
    )

    class Meta:
        verbose_name = _("流转记录")
        verbose_name_plural = _("流转记录")
        ordering = ["application_id", "pk"]
        indexes = [
            # 补正后重新申报: a bureau's submissions told apart by a return in their history (the
            # clerks' to-do counts, applications.todo): ~1,600 probes of this small index instead
            # of the history of each (3 million rows at national scale).
            models.Index(
                fields=["application"],
                name="casehistory_returns",
                condition=models.Q(transition="return"),
            ),
        ]

    def __str__(self):
        return f"{self.application_id}: {self.from_state} → {self.to_state}"

    def get_to_state_display(self) -> str:
        """As Application.get_state_display: the one label, not a gettext of every state's (17
        per row of the case page's history)."""
        try:
            return str(State(self.to_state).label)
        except ValueError:
            return self.to_state


class GuidanceShare(models.Model):
    """一对一指导的草稿共享: the enterprise shares its unsubmitted draft with its bureau.

    Seed 000 §6: "各直属局应抽调业务骨干指导当地检验检疫机构，对申报企业实行'一对一'服务，指导企业
    准备、完善申报资料". Until the enterprise submits, the draft and its materials are its own; it
    may ask its bureau for that guidance by sharing the draft, and take the share back. Each
    share is one row, never deleted: revoking sets `revoked_at` and `revoked_by`. At most one
    share of a case is open at a time (constraint), mirrored by Application.shared_for_guidance.
    Submitting ends the need: the case is then no longer a draft and the bureau sees it anyway;
    the open share stays as the record of the guidance asked for."""

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="guidance_shares",
        verbose_name=_("保护案件"),
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("共享人"),
    )
    shared_at = models.DateTimeField(_("共享时间"), default=timezone.now)
    note = models.TextField(_("需要指导的内容"), blank=True)
    revoked_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("撤回人"),
    )

    class Meta:
        verbose_name = _("一对一指导共享")
        verbose_name_plural = _("一对一指导共享")
        ordering = ["application_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(revoked_at__isnull=True),
                name="guidance_share_open_once",
            ),
        ]

    def __str__(self):
        return f"{self.application_id}: {self.shared_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.revoked_at is None


class CertificateNumberRule(models.Model):
    """证书编号规则, versioned: the newest active rule numbers new certificates; a certificate
    keeps the rule (and number) it was issued under, so a change never renumbers old ones.

    Pattern placeholders: {year} (4 digits), {bureau} (bureau code, upper case), {seq}
    (running number per rule and year; format spec allowed, e.g. {seq:05d})."""

    version = models.PositiveIntegerField(_("版本"), unique=True)
    pattern = models.CharField(_("编号格式"), max_length=64)
    active_from = models.DateTimeField(_("启用时间"), default=timezone.now)

    class Meta:
        verbose_name = _("证书编号规则")
        verbose_name_plural = _("证书编号规则")
        ordering = ["-version"]

    def __str__(self):
        return f"v{self.version}: {self.pattern}"

    def render(self, *, year: int, bureau_code: str, seq: int) -> str:
        return self.pattern.format(year=year, bureau=bureau_code.upper(), seq=seq)


class Certificate(models.Model):
    """生态原产地产品保护证书."""

    class Status(models.TextChoices):
        VALID = "valid", _("有效")
        SUSPENDED = "suspended", _("暂停")
        REVOKED = "revoked", _("已撤销")
        EXPIRED = "expired", _("已过期")

    application = models.OneToOneField(
        Application,
        on_delete=models.PROTECT,
        related_name="certificate",
        verbose_name=_("保护案件"),
    )
    number = models.CharField(_("证书编号"), max_length=64, unique=True)
    rule = models.ForeignKey(
        CertificateNumberRule, on_delete=models.PROTECT, verbose_name=_("编号规则")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    seq = models.PositiveIntegerField(_("流水号"))
    valid_from = models.DateField(_("有效期起"))
    valid_until = models.DateField(_("有效期止"))
    marks_issued = models.PositiveIntegerField(_("发放标志数"))
    issued_at = models.DateTimeField(_("颁发时间"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("颁发人")
    )
    pdf = models.FileField(_("证书文件"), upload_to="certificates/%Y/", blank=True)

    class Meta:
        verbose_name = _("保护证书")
        verbose_name_plural = _("保护证书")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "year", "seq"], name="certificate_rule_seq"),
        ]

    def __str__(self):
        return self.number

    @property
    def status(self) -> str:
        """As public verification shows it, from the case's state."""
        return {
            State.SUSPENDED: self.Status.SUSPENDED,
            State.REVOKED: self.Status.REVOKED,
            State.EXPIRED: self.Status.EXPIRED,
        }.get(self.application.state, self.Status.VALID)

    @property
    def status_label(self) -> str:
        return self.Status(self.status).label


class CaseDocument(StoredFile):
    """案件材料: uploaded files, checked by content, stored outside the static root and served
    only through an access-checked view; every read is logged (DocumentAccess)."""

    class Kind(models.TextChoices):
        MATERIAL = "material", _("申报材料")
        CORRECTION = "correction", _("补正材料")
        EVALUATION_REPORT = "evaluation_report", _("评定报告")
        RECTIFICATION = "rectification", _("整改材料")
        RECOVERY = "recovery", _("收回记录")
        OTHER = "other", _("其他")

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="documents", verbose_name=_("保护案件")
    )
    kind = models.CharField(_("类别"), max_length=24, choices=Kind.choices, default=Kind.MATERIAL)
    # Which item of the materials checklist this file answers (申报材料 and 补正材料 only);
    # empty for the other kinds and for files uploaded before the checklist.
    requirement = models.ForeignKey(
        MaterialRequirement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("对应材料要求"),
    )
    file = models.FileField(_("文件"), upload_to="documents/%Y/%m/")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("上传人"),
    )

    class Meta:
        verbose_name = _("案件材料")
        verbose_name_plural = _("案件材料")
        ordering = ["application_id", "pk"]


class DocumentAccess(FileAccess):
    """材料查阅记录: who read which case material, when."""

    document = models.ForeignKey(
        CaseDocument, on_delete=models.PROTECT, related_name="accesses", verbose_name=_("材料")
    )

    class Meta(FileAccess.Meta):
        verbose_name = _("材料查阅记录")
        verbose_name_plural = _("材料查阅记录")


class Notice(CaseNotice):
    """通知书 in the enterprise's inbox (PDF), also sent by e-mail."""

    pdf_template = "pdf/notice.html"
    file_prefix = "notice"

    class Kind(models.TextChoices):
        APPROVAL = "approval", _("批准实施评定通知书")
        NOT_APPROVED = "not_approved", _("不予批准通知书")
        RETURN = "return", _("补正通知书")
        REFUSAL = "refusal", _("不予受理通知书")
        SUSPENSION = "suspension", _("暂停保护通知书")
        REINSTATEMENT = "reinstatement", _("恢复保护通知书")
        REVOCATION = "revocation", _("撤销保护通知书")
        CERTIFICATE = "certificate", _("保护证书颁发通知")

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="notices", verbose_name=_("企业")
    )
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="notices", verbose_name=_("保护案件")
    )
    history = models.OneToOneField(
        "CaseHistory", on_delete=models.PROTECT, related_name="notice", verbose_name=_("流转记录")
    )
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)

    class Meta(CaseNotice.Meta):
        verbose_name = _("通知书")
        verbose_name_plural = _("通知书")
        indexes = [models.Index(fields=["enterprise", "read_at"], name="notice_inbox")]

    def addressed_to(self, user) -> bool:
        return user.role == Role.ENTERPRISE and user.enterprise_id == self.enterprise_id

    def pdf_context(self) -> dict:
        return {"notice": self, "case": self.application}

    def email_recipients(self) -> list[str]:
        return [self.enterprise.contact_email] if self.enterprise.contact_email else []


class RectificationReview(models.Model):
    """直属局对整改的审核意见: HQ sees it, and may decide without waiting for it."""

    class Opinion(models.TextChoices):
        REINSTATE = "reinstate", _("建议恢复保护")
        REVOKE = "revoke", _("建议撤销保护")
        EXTEND = "extend", _("建议继续整改")

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("保护案件")
    )
    opinion = models.CharField(_("审核意见"), max_length=16, choices=Opinion.choices)
    comment = models.TextField(_("说明"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("审核人"),
    )
    created_at = models.DateTimeField(_("审核时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("整改审核意见")
        verbose_name_plural = _("整改审核意见")
        ordering = ["application_id", "pk"]

    def __str__(self):
        return f"{self.application_id}: {self.get_opinion_display()}"


class RecoveryRecord(models.Model):
    """撤销后的收回记录 (seed §11): the returned certificate, the marks recovered against those
    issued, and a follow-up check that the product is no longer advertised as protected."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="recovery", verbose_name=_("保护案件")
    )
    certificate_returned_at = models.DateField(_("证书收回日期"), null=True, blank=True)
    marks_recovered = models.PositiveIntegerField(_("已收回标志数"), default=0)
    follow_up_checked_at = models.DateField(_("跟踪检查日期"), null=True, blank=True)
    follow_up_note = models.TextField(_("跟踪检查情况"), blank=True)
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("记录人"),
    )
    opened_at = models.DateTimeField(_("开立时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("收回记录")
        verbose_name_plural = _("收回记录")
        ordering = ["-opened_at"]

    def __str__(self):
        return f"{self.application}"


class EvaluationFeedback(AppendOnlyModel):
    """评定过程中直属局的协助与反馈: one typed record on the case, written once, never changed.

    Seed 000 §8: "在实施评定过程中，各直属局应积极协助评定机构，落实已向通关司备案的评定方案，同时
    向通关司做好信息反馈，通报情况，使评定工作在可控的程序下运行。" While the case is being
    evaluated (评定中) the staff of its bureau record what they did to assist the chosen agency
    (协助评定机构, naming the experts of the committee they arranged, seed §12) and what they
    report to HQ on the evaluation (向通关司反馈). HQ and the case's bureau read both; the agency
    reads the assistance given to it on its own case; the enterprise reads neither, nor does a
    zone lead of another bureau (the feedback is the bureau's to HQ) (applications.selectors.
    evaluation_feedback_for)."""

    class Kind(models.TextChoices):
        ASSISTANCE = "assistance", _("协助评定机构")
        FEEDBACK = "feedback", _("向通关司反馈")

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="evaluation_feedback",
        verbose_name=_("保护案件"),
    )
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    text = models.TextField(_("内容"))
    experts = models.ManyToManyField(
        "experts.Expert",
        blank=True,
        related_name="evaluation_assistance",
        verbose_name=_("协助评定的专家委员会委员"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("记录人"),
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("评定协助与反馈")
        verbose_name_plural = _("评定协助与反馈")
        ordering = ["application_id", "pk"]

    def __str__(self):
        return f"{self.application_id}: {self.get_kind_display()}"


# ---------------------------------------------------------------- 初审 (seed 000 §20, ADR 0022)


class InitialReviewSetting(models.Model):
    """A bureau's choice that the applications of one product category in its jurisdiction get
    an initial review (初审) by one 初审机构 before it accepts them (受理). Seed 000 §20: "各直属
    检验检疫局、质量技术监督局以及合作部委的相关机构……做好初审工作". No row: no 初审 for that
    category. Routing happens on submission (applications.initial_review.initial_review_route)."""

    bureau = models.ForeignKey(
        Bureau,
        on_delete=models.PROTECT,
        related_name="initial_review_settings",
        verbose_name=_("直属局"),
    )
    category = models.ForeignKey(
        ProductCategory, on_delete=models.PROTECT, related_name="+", verbose_name=_("产品类别")
    )
    body = models.ForeignKey(
        "regions.ReviewBody",
        on_delete=models.PROTECT,
        related_name="settings",
        verbose_name=_("初审机构"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("设置人"),
    )
    updated_at = models.DateTimeField(_("设置时间"), auto_now=True)

    class Meta:
        verbose_name = _("初审设置")
        verbose_name_plural = _("初审设置")
        ordering = ["bureau_id", "category_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["bureau", "category"],
                name="initial_review_setting_once",
                violation_error_message=_("本局已为该产品类别设置了初审机构。"),
            ),
        ]

    def __str__(self):
        return f"{self.bureau_id} · {self.category} → {self.body}"


class InitialReview(models.Model):
    """初审: one round of initial review of a case by the body it was routed to on submission,
    beside the case (its states are untouched). Pending until the body records its opinion
    (同意/不同意, reasons, files), which is then never changed; the bureau's 受理 waits for it."""

    class Opinion(models.TextChoices):
        AGREE = "agree", _("同意")
        DISAGREE = "disagree", _("不同意")

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="initial_reviews",
        verbose_name=_("保护案件"),
    )
    body = models.ForeignKey(
        "regions.ReviewBody",
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name=_("初审机构"),
    )
    routed_at = models.DateTimeField(_("分送时间"), auto_now_add=True)
    opinion = models.CharField(_("初审意见"), max_length=16, choices=Opinion.choices, blank=True)
    reasons = models.TextField(_("理由"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("初审人"),
    )
    reviewed_at = models.DateTimeField(_("初审时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("初审")
        verbose_name_plural = _("初审")
        ordering = ["application_id", "pk"]
        indexes = [
            # The body's worklist: its routed cases, newest first.
            models.Index(fields=["body", "-routed_at"], name="initial_review_body_worklist"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(opinion=""),
                name="initial_review_one_pending",
            ),
            models.CheckConstraint(
                name="initial_review_opinion_recorded",
                condition=models.Q(opinion="", reviewed_at__isnull=True)
                | (~models.Q(opinion="") & models.Q(reviewed_at__isnull=False)),
            ),
        ]

    def __str__(self):
        return f"{self.application_id} · {self.body}"

    @property
    def is_pending(self) -> bool:
        return not self.opinion


class InitialReviewDocument(StoredFile):
    """初审材料: a file the body attaches to its opinion."""

    review = models.ForeignKey(
        InitialReview, on_delete=models.PROTECT, related_name="documents", verbose_name=_("初审")
    )
    file = models.FileField(_("文件"), upload_to="initial_reviews/%Y/%m/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("上传人"),
    )

    class Meta:
        verbose_name = _("初审材料")
        verbose_name_plural = _("初审材料")
        ordering = ["pk"]


class InitialReviewDocumentAccess(FileAccess):
    """初审材料查阅记录 (保密)."""

    document = models.ForeignKey(
        InitialReviewDocument,
        on_delete=models.PROTECT,
        related_name="accesses",
        verbose_name=_("初审材料"),
    )

    class Meta(FileAccess.Meta):
        verbose_name = _("初审材料查阅记录")
        verbose_name_plural = _("初审材料查阅记录")
