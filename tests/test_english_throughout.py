"""English throughout (issue 15 point 6): reference data carries an English name beside the
Chinese one (ecoorigin/names.py) and English pages, forms, exports and the API show it; every
choice list has English labels; notices are written officially in Chinese with an English
rendering, shown in the language the recipient reads; the language switch names each language in
that language."""

import importlib
import io
import pkgutil
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.db.models.enums import Choices
from django.utils import translation
from openpyxl import load_workbook

from accounts.models import AuditEntry, Job
from accounts.services import job_run
from applications.models import Application, Notice, ProductCategory
from applications.services import case_transition
from casework import pdf
from ecoorigin.names import in_both_languages, localized, pick
from regions import services as region_services
from regions.models import Bureau, Organisation, Zone
from regions.organisation import BUREAUS, HQ_DEPARTMENTS, ZONES
from tests import factories
from tests.applications.factories import ApplicationFactory, PlanFactory
from tests.test_i18n import compiled_catalogues  # noqa: F401 - the compiled .mo files

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
PROJECT_APPS = (
    "accounts", "applications", "casework", "demonstration", "experts", "liaison", "regions",
    "supervision", "publicity",
)  # fmt: skip
BEIJING_EN = "Beijing Entry-Exit Inspection and Quarantine Bureau"


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _is_english(text: str) -> bool:
    return bool(text.strip()) and not CJK.search(text)


# --- the data carries both ------------------------------------------------------------------------


def test_every_shipped_bureau_zone_department_and_category_has_an_english_name():
    bureaus = list(Bureau.objects.all())
    assert len(bureaus) == len(BUREAUS) == 35
    for bureau in bureaus:
        assert _is_english(bureau.name_en) and _is_english(bureau.full_name_en), bureau.code
    assert {z.code for z in Zone.objects.all()} == {code for code, *_rest in ZONES}
    assert all(_is_english(zone.name_en) for zone in Zone.objects.all())
    departments = Organisation.objects.filter(kind=Organisation.Kind.HQ_DEPARTMENT)
    assert departments.count() == len(HQ_DEPARTMENTS)
    assert all(_is_english(d.name_en) for d in departments)
    categories = list(ProductCategory.objects.all())
    assert len(categories) >= 12
    assert all(_is_english(c.name_en) for c in categories)
    # English names tell the units apart as the Chinese ones do.
    assert len({b.name_en for b in bureaus}) == len(bureaus)
    assert len({c.name_en for c in categories}) == len(categories)


def test_the_english_names_are_the_real_ones():
    beijing = Bureau.objects.get(code="beijing")
    assert (beijing.name, beijing.full_name) == ("北京", "北京出入境检验检疫局")
    assert (beijing.name_en, beijing.full_name_en) == ("Beijing", BEIJING_EN)
    assert Bureau.objects.get(code="neimenggu").name_en == "Inner Mongolia"
    assert Bureau.objects.get(code="xizang").name_en == "Tibet"
    assert Zone.objects.get(code="southwest").name_en == "Southwest Zone"
    assert Zone.objects.get(code="jingjinji").name_en == "Beijing-Tianjin-Hebei Special Zone"
    assert ProductCategory.objects.get(code="tea").name_en == "Tea"
    assert Organisation.objects.get(code="tongguan").name_en == "Department of Customs Clearance"


def test_names_follow_the_active_language_and_fall_back_to_chinese():
    beijing = Bureau.objects.get(code="beijing")
    tea = ProductCategory.objects.get(code="tea")
    with translation.override("en"):
        assert (beijing.display_name, beijing.display_full_name) == ("Beijing", BEIJING_EN)
        assert str(beijing) == BEIJING_EN and str(tea) == "Tea"
        assert str(Zone.objects.get(code="east")) == "East Zone"
        unnamed = ProductCategory.objects.create(code="new", name="新类别")
        assert unnamed.display_name == str(unnamed) == "新类别"
        assert pick("中文", "") == "中文" and pick("中文", "English") == "English"
    with translation.override("zh-hans"):
        assert (beijing.display_name, beijing.display_full_name) == ("北京", "北京出入境检验检疫局")
        assert str(tea) == "茶叶" and localized(tea) == "茶叶"
        assert pick("中文", "English") == "中文"


# --- pages ---------------------------------------------------------------------------------------


def test_the_public_pages_show_english_names_under_english(client):
    html = client.get("/").content.decode()
    assert "西南片区" in html and "Southwest Zone" not in html

    html = _english(client).get("/").content.decode()
    assert "Southwest Zone" in html and "Beijing-Tianjin-Hebei Special Zone" in html
    assert "西南片区" not in html and "京津冀专区" not in html
    assert ">Chongqing<" in html  # 西南片区's lead

    html = client.get("/public/products/").content.decode()
    assert ">Tea</option>" in html and ">Inner Mongolia</option>" in html
    assert ">茶叶</option>" not in html and ">内蒙古</option>" not in html


def test_the_directory_lists_bureaus_and_zones_in_english(client_for, hq_user):
    client = _english(client_for(hq_user))
    html = client.get("/regions/").content.decode()
    assert BEIJING_EN in html and "Northeast Zone" in html
    assert "北京出入境检验检疫局" not in html and "东北片区" not in html

    html = client.get("/regions/zones/southwest/").content.decode()
    assert "<h1>Southwest Zone" in html
    assert "Chongqing Entry-Exit Inspection and Quarantine Bureau" in html


def test_the_worklist_filters_name_categories_and_bureaus_in_english(client_for, hq_user):
    html = _english(client_for(hq_user)).get("/cases/").content.decode()
    assert ">Chinese medicinal materials</option>" in html
    assert "中药材" not in html


def test_a_case_shows_its_category_and_bureau_in_english(client_for, enterprise_user):
    case = ApplicationFactory(enterprise=enterprise_user.enterprise)
    client = client_for(enterprise_user)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert "茶叶" in html and "北京出入境检验检疫局" in html

    html = _english(client).get(f"/cases/{case.pk}/").content.decode()
    assert "Tea" in html and BEIJING_EN in html
    assert "北京出入境检验检疫局" not in html
    assert case.product_name in html  # what the enterprise wrote stays as written


# --- the API: English names beside the Chinese ones -----------------------------------------------


def test_the_api_gives_both_names(api_client):
    bureau = api_client.get("/api/v1/bureaus/beijing/").json()
    assert bureau["name"] == "北京" and bureau["full_name"] == "北京出入境检验检疫局"
    assert bureau["name_en"] == "Beijing" and bureau["full_name_en"] == BEIJING_EN
    assert {(z["code"], z["name"], z["name_en"]) for z in bureau["zones"]} == {
        ("northeast", "东北片区", "Northeast Zone"),
        ("jingjinji", "京津冀专区", "Beijing-Tianjin-Hebei Special Zone"),
    }
    zone = api_client.get("/api/v1/zones/southwest/").json()
    assert (zone["name"], zone["name_en"]) == ("西南片区", "Southwest Zone")
    assert zone["leads"] == [{"code": "chongqing", "name": "重庆", "name_en": "Chongqing"}]
    categories = {c["code"]: c for c in api_client.get("/api/v1/categories/").json()["results"]}
    assert categories["tea"] == {"code": "tea", "name": "茶叶", "name_en": "Tea"}


def test_the_api_keeps_the_chinese_names_under_english(api_client):
    """The fields of the contract (SPEC §9) hold the Chinese names whatever the language."""
    api_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    zone = api_client.get("/api/v1/zones/east/").json()
    assert (zone["name"], zone["name_en"]) == ("东部片区", "East Zone")
    assert zone["kind_display"] == "Zone"


def test_the_public_certificate_gives_both_names(api_client, hq_user):
    plan = PlanFactory()
    case = ApplicationFactory()
    Application.objects.filter(pk=case.pk).update(
        state="evaluated", agency=plan.agency, plan=plan, score=92
    )
    case = case_transition(case=case, name="certify", actor=hq_user, marks_issued=10)
    number = case.certificate.number
    body = api_client.get(f"/api/v1/public/certificates/{number}/").json()
    assert (body["category"], body["category_en"]) == ("茶叶", "Tea")
    assert (body["bureau"], body["bureau_en"]) == ("北京", "Beijing")


def test_an_organisation_is_registered_with_its_english_name(api_for, hq_user, client_for):
    response = api_for(hq_user).post(
        "/api/v1/organisations/",
        {
            "code": "assoc-hubei",
            "name": "湖北省茶叶行业协会",
            "name_en": "  Hubei Tea Industry Association ",
            "kind": "association",
            "bureau": "hubei",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["name_en"] == "Hubei Tea Industry Association"
    organisation = Organisation.objects.get(code="assoc-hubei")
    assert organisation.name_en == "Hubei Tea Industry Association"
    entry = AuditEntry.objects.get(object_type="regions.organisation", object_id=organisation.pk)
    assert entry.changes["name_en"] == "Hubei Tea Industry Association"

    html = _english(client_for(hq_user)).get("/regions/organisations/").content.decode()
    assert "Hubei Tea Industry Association" in html and "湖北省茶叶行业协会" not in html


def test_an_english_name_too_long_is_400_on_its_field(api_for, hq_user):
    response = api_for(hq_user).post(
        "/api/v1/organisations/",
        {"code": "assoc-x", "name": "协会", "name_en": "x" * 201, "kind": "association",
         "bureau": "hubei"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert "name_en" in response.json()
    assert not Organisation.objects.filter(code="assoc-x").exists()


def test_the_registration_form_takes_the_english_name(client_for, bureau_user):
    client = client_for(bureau_user)
    response = client.post(
        "/regions/organisations/new/",
        {"code": "gov-wuhan", "name": "武汉市人民政府", "name_en": "Wuhan Municipal Government",
         "kind": "local_government", "level": "city", "bureau": bureau_user.bureau_id},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Organisation.objects.get(code="gov-wuhan").name_en == "Wuhan Municipal Government"


def test_the_audit_trail_names_things_in_chinese_whoever_reads_english(hq_user):
    with translation.override("en"):
        organisation = region_services.organisation_register(
            actor=hq_user,
            code="assoc-hb",
            name="湖北省茶叶行业协会",
            name_en="Hubei Tea Industry Association",
            kind="association",
            bureau=factories.bureau("hubei"),
        )
    entry = AuditEntry.objects.get(object_type="regions.organisation", object_id=organisation.pk)
    assert entry.object_repr == "湖北省茶叶行业协会"


# --- choice lists -------------------------------------------------------------------------------


def _project_choices() -> list[type[Choices]]:
    for app in PROJECT_APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" not in module.name and ".management" not in module.name:
                importlib.import_module(module.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return sorted(
        {c for c in subclasses(Choices) if c.__module__.split(".")[0] in PROJECT_APPS},
        key=lambda c: (c.__module__, c.__qualname__),
    )


@pytest.mark.usefixtures("compiled_catalogues")
def test_every_choice_label_has_an_english_translation():
    """Every TextChoices (and IntegerChoices) label of the project, and every model field's
    choices, read in English: a label missing from locale/en would show Chinese there."""
    choices = _project_choices()
    assert len(choices) > 30
    untranslated = []
    with translation.override("en"):
        for cls in choices:
            for member in cls:
                if not _is_english(str(member.label)):
                    untranslated.append(f"{cls.__module__}.{cls.__qualname__}.{member.name}")
        for model in apps.get_models():
            if model._meta.app_label not in PROJECT_APPS:
                continue
            for field in model._meta.get_fields():
                for value, label in getattr(field, "flatchoices", None) or []:
                    if not _is_english(str(label)):
                        untranslated.append(f"{model._meta.label}.{field.name}={value}")
    assert not untranslated, "choice labels without English:\n" + "\n".join(untranslated)
    with translation.override("zh-hans"):
        assert str(Zone.Kind.SPECIAL.label) == "专区"


# --- notices -------------------------------------------------------------------------------------


@pytest.fixture
def certified_by_an_english_reader(enterprise_user, hq_user):
    plan = PlanFactory()
    case = ApplicationFactory(enterprise=enterprise_user.enterprise, product_name="门头沟京白梨")
    Application.objects.filter(pk=case.pk).update(
        state="evaluated", agency=plan.agency, plan=plan, score=92
    )
    with translation.override("en"):
        return case_transition(case=case, name="certify", actor=hq_user, marks_issued=10)


@pytest.mark.usefixtures("compiled_catalogues")
def test_a_notice_is_official_in_chinese_with_an_english_rendering(
    certified_by_an_english_reader,
):
    notice = Notice.objects.get(application=certified_by_an_english_reader)
    number = certified_by_an_english_reader.certificate.number
    assert notice.title == "保护证书颁发通知（门头沟京白梨）"
    assert notice.body.startswith("贵单位“门头沟京白梨”已获生态原产地产品保护")
    assert number in notice.body
    assert _is_english(notice.title_en.replace("门头沟京白梨", ""))
    assert "(门头沟京白梨)" in notice.title_en
    assert _is_english(notice.body_en.replace("门头沟京白梨", "")) and number in notice.body_en


@pytest.mark.usefixtures("compiled_catalogues")
def test_the_recipient_reads_the_notice_in_its_language(
    certified_by_an_english_reader, client_for, enterprise_user
):
    notice = Notice.objects.get(application=certified_by_an_english_reader)
    client = client_for(enterprise_user)
    html = client.get(f"/cases/inbox/{notice.pk}/").content.decode()
    assert notice.body in html and notice.body_en not in html

    html = _english(client).get(f"/cases/inbox/{notice.pk}/").content.decode()
    assert notice.body_en in html and notice.body not in html
    assert f"<title>{notice.title_en} ·" in html


def test_a_notice_without_an_english_rendering_shows_its_official_text():
    notice = Notice(title="补正通知书（某产品）", body="正文", title_en="", body_en="")
    with translation.override("en"):
        assert (notice.display_title, notice.display_body) == ("补正通知书（某产品）", "正文")


def test_in_both_languages_renders_once_in_each():
    texts = in_both_languages(lambda: (translation.get_language(), str(Zone.Kind.SPECIAL.label)))
    assert texts.official[0] == settings.LANGUAGE_CODE == "zh-hans"
    assert texts.official[1] == "专区"
    assert texts.english[0] == "en" and _is_english(texts.english[1])


# --- files --------------------------------------------------------------------------------------


def test_a_pdf_is_rendered_in_the_portals_language_whoever_asks(monkeypatch):
    seen = []
    monkeypatch.setattr(
        pdf, "render_to_string", lambda name, context: seen.append(translation.get_language())
    )

    class NoPdf:
        def __init__(self, **kwargs):
            pass

        def write_pdf(self):
            return b"%PDF"

    monkeypatch.setattr(pdf, "HTML", NoPdf)
    with translation.override("en"):
        pdf.render_pdf("pdf/notice.html", {})
        assert translation.get_language() == "en"
    assert seen == ["zh-hans"]


def _directory_rows(job: Job) -> list[tuple]:
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    book = load_workbook(io.BytesIO(job.result_file.read()))
    return [row for sheet in book for row in sheet.iter_rows(values_only=True)]


def test_an_export_is_written_in_the_language_its_owner_read(hq_user):
    english = Job.objects.create(owner=hq_user, kind="regions.directory_export", language="en")
    chinese = Job.objects.create(owner=hq_user, kind="regions.directory_export", language="zh-hans")
    # Whatever language the worker happens to run in.
    with translation.override("zh-hans"):
        job_run(job_id=english.pk)
    with translation.override("en"):
        job_run(job_id=chinese.pk)

    rows = _directory_rows(english)
    assert ("beijing", "Beijing", BEIJING_EN) in {row[:3] for row in rows}
    assert any(row[1] == "Southwest Zone" for row in rows)
    assert not any(CJK.search(str(cell)) for row in rows for cell in row if cell)

    rows = _directory_rows(chinese)
    assert ("beijing", "北京", "北京出入境检验检疫局") in {row[:3] for row in rows}


def test_a_job_started_from_a_page_keeps_the_pages_language(client_for, hq_user):
    client = _english(client_for(hq_user))
    client.post("/regions/export/")
    assert Job.objects.get(owner=hq_user).language == "en"


# --- the language switch --------------------------------------------------------------------------

SWITCH_OPTIONS = re.compile(r'<option value="([\w-]+)" lang="([\w-]+)"[^>]*>([^<]+)</option>')


def _switch_options(html: str) -> list[tuple[str, str, str]]:
    switch = html.split('id="language-select"', 1)[1].split("</select>", 1)[0]
    return SWITCH_OPTIONS.findall(switch)


@pytest.mark.usefixtures("compiled_catalogues")
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_switch_names_each_language_in_that_language(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get("/").content.decode()
    assert _switch_options(html) == [("zh-hans", "zh-CN", "简体中文"), ("en", "en", "English")]
    assert "英语" not in html
