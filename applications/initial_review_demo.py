"""演示数据 of 分支机构 and 初审 (seed 000 §6, §20; ADR 0022), for `seed_demo`. Idempotent.

北京局 has one office with the user `office-beijing`, one 初审机构 (北京市质量技术监督局) with the
user `review-beijing`, 中药材 (herbal) set to be reviewed by it, and one application of
ent-beijing awaiting its opinion."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from accounts.models import Role, User
from regions.models import Bureau, LocalOffice, ReviewBody

from . import documents, materials
from .models import Application, Enterprise, InitialReviewSetting, ProductCategory
from .services import case_transition

DEMO_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PRODUCT = "京西金银花"


def seed_offices_and_initial_review() -> list[User]:
    """The office, the body, their users, the setting and the routed application; returns the
    users (their password is set by seed_demo)."""
    with transaction.atomic():
        beijing = Bureau.objects.get(code="beijing")
        clerk = User.objects.get(username="bureau-beijing")
        office, _created = LocalOffice.objects.update_or_create(
            code="beijing-pinggu",
            defaults={
                "bureau": beijing,
                "name": "北京出入境检验检疫局平谷办事处",
                "name_en": "Pinggu Office, Beijing Entry-Exit Inspection and Quarantine Bureau",
                "area": "平谷区、密云区",
                "created_by": clerk,
            },
        )
        body, _created = ReviewBody.objects.update_or_create(
            code="beijing-zj",
            defaults={
                "bureau": beijing,
                "name": "北京市质量技术监督局",
                "name_en": "Beijing Municipal Bureau of Quality and Technical Supervision",
                "kind": ReviewBody.Kind.QUALITY_AUTHORITY,
                "created_by": clerk,
            },
        )
        office_user, _created = User.objects.update_or_create(
            username=f"office-{beijing.code}",
            defaults={
                "role": Role.OFFICE,
                "bureau": beijing,
                "local_office": office,
                "first_name": "平谷办事处",
            },
        )
        body_user, _created = User.objects.update_or_create(
            username=f"review-{beijing.code}",
            defaults={"role": Role.REVIEW_BODY, "review_body": body, "first_name": "质监局初审组"},
        )
        herbal = ProductCategory.objects.get(code="herbal")
        InitialReviewSetting.objects.get_or_create(
            bureau=beijing, category=herbal, defaults={"body": body, "updated_by": clerk}
        )
    enterprise = Enterprise.objects.get(uscc="91110108MA01ABCD1E", confirmed_at__isnull=False)
    if not Application.objects.filter(enterprise=enterprise, product_name=PRODUCT).exists():
        owner = enterprise.users.first()
        with transaction.atomic():
            case = Application.objects.create(
                enterprise=enterprise,
                bureau=enterprise.bureau,
                category=herbal,
                product_name=PRODUCT,
                origin_place="北京市门头沟区斋堂镇",
                description="京西金银花产自门头沟山区，林下种植，不施化学农药。",
            )
            required = [r for r in materials.requirements_for(case) if r.required]
            documents.documents_upload_many(
                case=case,
                actor=owner,
                kind="material",
                files=[
                    (SimpleUploadedFile(f"{r.name}.pdf", DEMO_PDF, "application/pdf"), r)
                    for r in required
                ],
            )
            # Routed to 北京市质量技术监督局 on submission: awaits its opinion before 受理.
            case_transition(case=case, name="submit", actor=owner)
    return [office_user, body_user]
