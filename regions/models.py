"""直属局、片区及其成员关系 (seed 000 §二.2), the other organisations of SPEC §8, bureau activities,
annual summaries and rankings."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ecoorigin.names import EnglishName, localized
from ecoorigin.validators import validate_uscc


class Bureau(EnglishName, models.Model):
    """直属检验检疫局."""

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("简称"), max_length=32, unique=True)
    full_name = models.CharField(_("全称"), max_length=64)
    name_en = models.CharField(_("英文简称"), max_length=64, blank=True)
    full_name_en = models.CharField(_("英文全称"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("直属局")
        verbose_name_plural = _("直属局")
        ordering = ["pk"]

    def __str__(self):
        return self.display_full_name

    @property
    def display_full_name(self) -> str:
        return localized(self, "full_name")


class Zone(EnglishName, models.Model):
    """片区 or 专区: bureaus that work together, led by one or two lead bureaus."""

    class Kind(models.TextChoices):
        DISTRICT = "district", _("片区")
        SPECIAL = "special", _("专区")

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=32, unique=True)
    name_en = models.CharField(_("英文名称"), max_length=64, blank=True)
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    bureaus = models.ManyToManyField(
        Bureau, through="ZoneMembership", related_name="zones", verbose_name=_("直属局")
    )

    class Meta:
        verbose_name = _("片区")
        verbose_name_plural = _("片区")
        ordering = ["pk"]

    def __str__(self):
        return self.display_name


class ZoneMembership(models.Model):
    """A bureau's seat in a zone: 牵头单位 (lead) or 成员单位 (member)."""

    class Role(models.TextChoices):
        LEAD = "lead", _("牵头单位")
        MEMBER = "member", _("成员单位")

    zone = models.ForeignKey(
        Zone, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("片区")
    )
    bureau = models.ForeignKey(
        Bureau, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("直属局")
    )
    role = models.CharField(_("角色"), max_length=8, choices=Role.choices)

    class Meta:
        verbose_name = _("片区成员")
        verbose_name_plural = _("片区成员")
        ordering = ["zone_id", "role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "bureau"], name="zone_membership_unique"),
        ]

    def __str__(self):
        return f"{self.zone} · {self.bureau.display_name} ({self.get_role_display()})"


class Organisation(EnglishName, models.Model):
    """组织机构 of the sibling programmes (SPEC §8) besides bureaus, enterprises and agencies.

    Every kind but an HQ department lies in one bureau's jurisdiction (`bureau`); a local
    government has a level, and may sit under another (a city under its province). HQ
    departments ship with a data migration; HQ and bureaus register the others."""

    class Kind(models.TextChoices):
        LOCAL_GOVERNMENT = "local_government", _("地方人民政府")
        HQ_DEPARTMENT = "hq_department", _("总局内设司局")
        ASSOCIATION = "association", _("行业协会")
        ZONE_OPERATOR = "zone_operator", _("试验区运营企业")
        QUALITY_AUTHORITY = "quality_authority", _("地方质监部门")

    class Level(models.TextChoices):
        PROVINCE = "province", _("省级")
        CITY = "city", _("市级")
        COUNTY = "county", _("县级")

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    kind = models.CharField(_("类别"), max_length=32, choices=Kind.choices)
    level = models.CharField(
        _("行政级别"),
        max_length=16,
        choices=Level.choices,
        blank=True,
        help_text=_("仅地方人民政府填写。"),
    )
    bureau = models.ForeignKey(
        Bureau,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("所在直属局辖区"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级机构"),
    )
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, blank=True, validators=[validate_uscc]
    )
    is_active = models.BooleanField(_("有效"), default=True)
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("登记人"),
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("组织机构")
        verbose_name_plural = _("组织机构")
        ordering = ["kind", "bureau_id", "pk"]
        constraints = [
            models.CheckConstraint(
                name="organisation_kind_bureau",
                condition=Q(kind="hq_department", bureau__isnull=True)
                | (~Q(kind="hq_department") & Q(bureau__isnull=False)),
                violation_error_message=_(
                    "总局内设司局不属于任何直属局辖区，其他组织机构须属于一个直属局辖区。"
                ),
            ),
            models.CheckConstraint(
                name="organisation_kind_level",
                condition=Q(kind="local_government", level__in=["province", "city", "county"])
                | (~Q(kind="local_government") & Q(level="")),
                violation_error_message=_("地方人民政府须填写行政级别，其他组织机构不填。"),
            ),
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~Q(credit_code=""),
                name="organisation_credit_code_unique",
                violation_error_message=_("该统一社会信用代码已登记。"),
            ),
        ]

    def __str__(self):
        return self.display_name


class BureauDepartment(EnglishName, models.Model):
    """内设机构 of a bureau (处/科: 通关处, 检验监管处 …), the 责任部门 of seed 000 §18: "各直属局
    要对重点工作明确时限,责任到人,实行挂牌督办制度。对生态原产地工作开展不力,进展缓慢的,直属局
    领导要约谈责任部门领导". Each bureau keeps its own; HQ reads all. A department no longer in
    use is set inactive, never deleted (督办 and 约谈 records name it)."""

    class Kind(models.TextChoices):
        DIVISION = "division", _("处")
        SECTION = "section", _("科")

    bureau = models.ForeignKey(
        Bureau, on_delete=models.PROTECT, related_name="departments", verbose_name=_("直属局")
    )
    name = models.CharField(_("名称"), max_length=64)
    name_en = models.CharField(_("英文名称"), max_length=128, blank=True)
    kind = models.CharField(_("级别"), max_length=16, choices=Kind.choices)
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("内设机构")
        verbose_name_plural = _("内设机构")
        ordering = ["bureau_id", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["bureau", "name"],
                name="department_name_once_per_bureau",
                violation_error_message=_("本局已有同名的内设机构。"),
            ),
        ]

    def __str__(self):
        return self.display_name


class LocalOffice(EnglishName, models.Model):
    """分支机构: a local inspection office under a bureau (当地检验检疫机构, e.g. "南京海关驻××办事处",
    "××检验检疫局"). Seed 000 §6: "各直属局应抽调业务骨干指导当地检验检疫机构,对申报企业实行'一对一'
    服务……目的是强化当地检验检疫局的培育和监督作用,直属局的统筹和协调作用". Registered by its
    bureau (or HQ); its staff (accounts Role.OFFICE) guide the enterprises of the bureau's
    jurisdiction and read its cases, but 受理、初评、推荐上报 stay the bureau's (ADR 0022).
    Set inactive, never deleted."""

    bureau = models.ForeignKey(
        Bureau, on_delete=models.PROTECT, related_name="local_offices", verbose_name=_("直属局")
    )
    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    area = models.CharField(
        _("辖区范围"),
        max_length=255,
        blank=True,
        help_text=_("所辖地市或区县，如：南京市、镇江市。"),
    )
    is_active = models.BooleanField(_("有效"), default=True)
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("登记人"),
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("分支机构")
        verbose_name_plural = _("分支机构")
        ordering = ["bureau_id", "pk"]

    def __str__(self):
        return self.display_name


class ReviewBody(EnglishName, models.Model):
    """初审机构: a body that does the initial review (初审) of the applications a bureau routes to
    it. Seed 000 §20: "各直属检验检疫局、质量技术监督局以及合作部委的相关机构,应按照国家质检总局关于
    生态原产地产品保护的文件要求,做好初审工作,并及时推荐通关司生态原产地产品保护办公室,按照国家
    保密要求,为受评单位保守秘密". Registered by the bureau whose applications it reviews (or HQ);
    its staff (accounts Role.REVIEW_BODY) see only what is routed to it."""

    class Kind(models.TextChoices):
        QUALITY_AUTHORITY = "quality_authority", _("质量技术监督局")
        MINISTRY = "ministry", _("合作部委相关机构")

    bureau = models.ForeignKey(
        Bureau, on_delete=models.PROTECT, related_name="review_bodies", verbose_name=_("直属局")
    )
    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    kind = models.CharField(_("类别"), max_length=32, choices=Kind.choices)
    is_active = models.BooleanField(_("有效"), default=True)
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("登记人"),
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("初审机构")
        verbose_name_plural = _("初审机构")
        ordering = ["bureau_id", "pk"]

    def __str__(self):
        return self.display_name


# ---------------------------------------------------------------- bureau activities (§5, §14, §16)


class ResearchProject(models.Model):
    """科研立项 (seed §14): every zone lead files at least one a year."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("已立项")
        ONGOING = "ongoing", _("研究中")
        COMPLETED = "completed", _("已结题")

    title = models.CharField(_("课题名称"), max_length=200)
    lead_bureau = models.ForeignKey(
        Bureau, on_delete=models.PROTECT, related_name="led_projects", verbose_name=_("牵头单位")
    )
    zone = models.ForeignKey(
        Zone,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="research_projects",
        verbose_name=_("片区"),
    )
    member_bureaus = models.ManyToManyField(
        Bureau, blank=True, related_name="member_projects", verbose_name=_("参加单位")
    )
    partners = models.CharField(_("合作院校与机构"), max_length=255, blank=True)
    start_date = models.DateField(_("立项日期"))
    end_date = models.DateField(_("计划结题日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    outputs = models.TextField(_("研究成果"), blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("填报人")
    )
    created_at = models.DateTimeField(_("填报时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("科研立项")
        verbose_name_plural = _("科研立项")
        ordering = ["-start_date", "-pk"]

    def __str__(self):
        return self.title


class LectureTour(models.Model):
    """专家宣讲 / 巡讲 (seed §16): every bureau at least one a year."""

    bureau = models.ForeignKey(
        Bureau, on_delete=models.PROTECT, related_name="lectures", verbose_name=_("直属局")
    )
    date = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=200)
    topic = models.CharField(_("主题"), max_length=200)
    audience_size = models.PositiveIntegerField(_("听众人数"))
    speakers = models.CharField(_("宣讲专家"), max_length=255)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("填报人")
    )

    class Meta:
        verbose_name = _("宣讲活动")
        verbose_name_plural = _("宣讲活动")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.date} {self.topic}"


class GovernmentReport(models.Model):
    """专报 to the provincial government (seed §5)."""

    bureau = models.ForeignKey(
        Bureau,
        on_delete=models.PROTECT,
        related_name="government_reports",
        verbose_name=_("直属局"),
    )
    date = models.DateField(_("报送日期"))
    recipient = models.CharField(_("报送对象"), max_length=128)
    title = models.CharField(_("标题"), max_length=200)
    summary = models.TextField(_("主要内容"), blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("填报人")
    )

    class Meta:
        verbose_name = _("专报")
        verbose_name_plural = _("专报")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return self.title


# ---------------------------------------------------------------- annual summaries (§17)


class AnnualSummary(models.Model):
    """年度工作总结: one per bureau and year, due before 1月5日 of the next year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已报送")
        RETURNED = "returned", _("已退回修改")

    bureau = models.ForeignKey(
        Bureau, on_delete=models.PROTECT, related_name="summaries", verbose_name=_("直属局")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    figures = models.JSONField(_("数据"), default=dict)
    # The other programmes of the bureau's jurisdiction (示范区, seed 001 §七.4), by programme
    # code: figures only, computed with the seven sections' (regions.figures.programme_figures).
    programme_figures = models.JSONField(_("其他项目数据"), default=dict, blank=True)
    narratives = models.JSONField(_("各部分总结"), default=dict, blank=True)
    next_year_plan = models.TextField(_("下一年度工作计划"), blank=True)
    late = models.BooleanField(_("逾期报送"), default=False)
    drafted_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    figures_at = models.DateTimeField(_("数据统计时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("报送人"),
    )
    return_reason = models.TextField(_("退回原因"), blank=True)
    reminded_at = models.DateTimeField(_("最近提醒时间"), null=True, blank=True)
    # Rendered by Celery from the current content; cleared whenever the content changes.
    pdf = models.FileField(_("总结文件"), upload_to="summaries/%Y/", blank=True)

    class Meta:
        verbose_name = _("年度工作总结")
        verbose_name_plural = _("年度工作总结")
        ordering = ["-year", "bureau_id"]
        constraints = [
            models.UniqueConstraint(fields=["bureau", "year"], name="summary_once_per_bureau_year"),
        ]

    def __str__(self):
        return f"{self.bureau.name} {self.year}"


class SummaryRound(models.Model):
    """The yearly round: closed on 1月5日, with the national roll-up for HQ."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    closed_at = models.DateTimeField(_("截止处理时间"), null=True, blank=True)
    rollup = models.JSONField(_("全国汇总"), default=dict, blank=True)

    class Meta:
        verbose_name = _("年度总结轮次")
        verbose_name_plural = _("年度总结轮次")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)


# ---------------------------------------------------------------- figures and rankings (§19)


class BureauYearFigures(models.Model):
    """A bureau's indicators for one year: the summary table rankings and the dashboard read,
    kept current by a task rather than scanned from the case table on every request."""

    bureau = models.ForeignKey(
        Bureau, on_delete=models.CASCADE, related_name="year_figures", verbose_name=_("直属局")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    values = models.JSONField(_("指标"), default=dict)
    refreshed_at = models.DateTimeField(_("统计时间"), auto_now=True)

    class Meta:
        verbose_name = _("直属局年度指标")
        verbose_name_plural = _("直属局年度指标")
        constraints = [
            models.UniqueConstraint(fields=["bureau", "year"], name="figures_once_per_bureau_year"),
        ]

    def __str__(self):
        return f"{self.bureau.name} {self.year}"


class RankingWeighting(models.Model):
    """绩效考核权重: a documented, versioned weighting HQ configures; each ranking records the
    version that produced it, so a later change never rewrites an earlier year's ranking."""

    version = models.PositiveIntegerField(_("版本"), unique=True)
    weights = models.JSONField(_("权重"))
    note = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("考核权重")
        verbose_name_plural = _("考核权重")
        ordering = ["-version"]

    def __str__(self):
        return f"v{self.version}"


class Ranking(models.Model):
    """A year's ranking of bureaus (nationally and within zones) and of zones."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    weighting = models.ForeignKey(
        RankingWeighting,
        on_delete=models.PROTECT,
        related_name="rankings",
        verbose_name=_("权重版本"),
    )
    computed_at = models.DateTimeField(_("计算时间"), auto_now=True)
    # 通报 (seed 000 §19 "对各直属局……进行排名"): HQ ranks, and HQ alone makes the table known.
    # Until then a bureau sees its own entry and the zones' aggregates; afterwards all 35
    # (regions.selectors.ranking_view). A published year is never recomputed (ADR 0015).
    published_at = models.DateTimeField(_("通报时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("通报人"),
    )

    class Meta:
        verbose_name = _("绩效排名")
        verbose_name_plural = _("绩效排名")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)


class RankingEntry(models.Model):
    """One bureau's or zone's score, rank and the breakdown that explains it."""

    ranking = models.ForeignKey(Ranking, on_delete=models.CASCADE, related_name="entries")
    bureau = models.ForeignKey(Bureau, on_delete=models.CASCADE, null=True, blank=True)
    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, null=True, blank=True)
    score = models.DecimalField(_("得分"), max_digits=7, decimal_places=2)
    rank = models.PositiveSmallIntegerField(_("全国排名"))
    previous_rank = models.PositiveSmallIntegerField(_("上年排名"), null=True, blank=True)
    zone_ranks = models.JSONField(_("片区内排名"), default=dict, blank=True)
    breakdown = models.JSONField(_("得分构成"), default=list)
    zero_products = models.BooleanField(_("零保护产品"), default=False)

    class Meta:
        verbose_name = _("排名条目")
        verbose_name_plural = _("排名条目")
        ordering = ["ranking_id", "rank"]
        constraints = [
            models.CheckConstraint(
                name="entry_bureau_xor_zone",
                condition=models.Q(bureau__isnull=True) ^ models.Q(zone__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.bureau or self.zone} #{self.rank}"


# ---------------------------------------------------------------- HQ's supervision checks (§19)


class BureauCheck(models.Model):
    """总局对直属局的监督检查 (seed 000 §19: "总局将各直属局生态原产地保护工作完成情况纳入绩效考核,
    ……并对各局工作落实情况进行监督检查"): HQ checks how a bureau carries out its work, records
    the team, the scope and the findings, and requires rectification by a deadline; the bureau
    reports the measures it took (整改情况), and HQ closes the check (销号) or returns it for
    more (退回).

    Who acts, from §19: the check is HQ's alone. HQ records it as a draft, corrects it, and
    issues it to the bureau (下发); a draft is HQ's working copy and the bureau does not see it.
    The checked bureau sees its own checks once issued and reports its rectification. Nobody
    else has any part: another bureau, the lead of the bureau's zone (§二.2 gives a lead the
    organising of its zone's work, not the supervision of its members; ADR 0017), the bureau's
    inspectors and experts, enterprises, agencies and organisations see nothing."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        OPEN = "open", _("待整改")
        REPORTED = "reported", _("已报整改情况")
        RETURNED = "returned", _("退回补充整改")
        CLOSED = "closed", _("已销号")

    # The states in which the bureau owes its rectification report (and may be overdue).
    AWAITING_BUREAU = (Status.OPEN, Status.RETURNED)

    bureau = models.ForeignKey(
        Bureau, on_delete=models.PROTECT, related_name="hq_checks", verbose_name=_("被检查直属局")
    )
    checked_on = models.DateField(_("检查日期"))
    team = models.CharField(_("检查组"), max_length=255)
    scope = models.TextField(_("检查内容"))
    findings = models.TextField(_("发现的问题"))
    requirements = models.TextField(_("整改要求"))
    deadline = models.DateField(_("整改期限"), db_index=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("登记人")
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    issued_at = models.DateTimeField(_("下发时间"), null=True, blank=True)
    issued_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("下发人"),
    )
    rectification = models.TextField(_("整改情况"), blank=True)
    reported_at = models.DateTimeField(_("报告整改时间"), null=True, blank=True)
    reported_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("报告人"),
    )
    return_note = models.TextField(_("退回意见"), blank=True)
    returned_at = models.DateTimeField(_("退回时间"), null=True, blank=True)
    closing_note = models.TextField(_("销号意见"), blank=True)
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("销号人"),
    )

    class Meta:
        verbose_name = _("总局监督检查")
        verbose_name_plural = _("总局监督检查")
        ordering = ["-checked_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="bureau_check_deadline_after_check",
                condition=Q(deadline__gte=models.F("checked_on")),
                violation_error_message=_("整改期限不能早于检查日期。"),
            ),
        ]
        indexes = [models.Index(fields=["bureau", "status"], name="bureau_check_bureau_status")]

    def __str__(self):
        return f"{self.bureau.name} · {self.checked_on}"
