"""Factories and helpers for protection cases."""

import hashlib
from datetime import date, timedelta

import factory
from django.utils import timezone

from applications.materials import requirements_for
from applications.models import Application, CaseDocument, EvaluationPlan, ProductCategory
from casework.documents import CheckedUpload, save_upload
from tests.factories import AgencyFactory, EnterpriseFactory, enterprise_staff

MATERIAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# What a hostile user types into a free-text field, and how a page must show it.
TYPED = '<script>alert("x")</script>&'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;"


def category(code: str = "tea") -> ProductCategory:
    return ProductCategory.objects.get(code=code)


class PlanFactory(factory.django.DjangoModelFactory):
    """A filed evaluation plan valid today."""

    class Meta:
        model = EvaluationPlan

    agency = factory.SubFactory(AgencyFactory)
    category = factory.LazyFunction(category)
    title = "评定方案"
    pass_threshold = 80
    valid_from = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=365))


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    enterprise = factory.SubFactory(
        EnterpriseFactory, confirmed_at=factory.LazyFunction(timezone.now)
    )
    bureau = factory.LazyAttribute(lambda o: o.enterprise.bureau)
    category = factory.LazyFunction(category)
    product_name = factory.Sequence(lambda n: f"生态茶叶{n}号")
    origin_place = "北京市门头沟区"
    state = "draft"
    # Every state but a draft was submitted once (staff see a case only from then on).
    submitted_at = factory.LazyAttribute(lambda o: None if o.state == "draft" else timezone.now())


def certified_case(*, hq, **case_fields) -> Application:
    """HQ certifies an evaluated case (set up straight in `evaluated`) through the transition
    service: a real, numbered certificate."""
    from applications.services import case_transition

    plan = PlanFactory()
    case = ApplicationFactory(**case_fields)
    Application.objects.filter(pk=case.pk).update(
        state="evaluated", agency=plan.agency, plan=plan, score=92
    )
    return case_transition(case=case, name="certify", actor=hq, marks_issued=500)


def far_future() -> date:
    return timezone.localdate() + timedelta(days=60)


def attach_required_materials(case: Application, *, by=None) -> list[CaseDocument]:
    """One small PDF (申报材料) for each required item of the case's materials checklist, stored
    as the upload service stores it, uploaded by `by` (else a user of the enterprise): what a
    case needs before `submit` (applications.materials.check_complete)."""
    if by is None:
        by = case.enterprise.users.first() or enterprise_staff(case.enterprise)
    return [
        save_upload(
            CaseDocument(
                application=case,
                kind=CaseDocument.Kind.MATERIAL,
                requirement=requirement,
                sha256=hashlib.sha256(MATERIAL_PDF).hexdigest(),
                uploaded_by=by,
            ),
            CheckedUpload(f"{requirement.code}.pdf", MATERIAL_PDF, "application/pdf"),
        )
        for requirement in requirements_for(case)
        if requirement.required
    ]
