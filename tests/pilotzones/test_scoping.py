"""Who sees what of the pilot zones (pilotzones.selectors), role by role.

An application is its local government's own until submitted (a draft is private); the bureau of
its jurisdiction and HQ see it from then on, HQ's departments once it is recommended to HQ (the
working group's business), the operating enterprise the zone it runs; another bureau or
government sees nothing of it. A measure is seen by whoever sees its zone. The library of
practice shows only accepted practice, searchable by words, kind and bureau. The expected sets
are written out here per role, not derived from the selectors."""

import pytest
from django.contrib.auth.models import AnonymousUser

from casework.exceptions import TransitionForbidden
from pilotzones import selectors, services
from pilotzones.models import PilotZoneDocumentAccess
from pilotzones.workflow import State
from regions.models import Organisation
from tests import factories

from .conftest import PRACTICE_BODY, ZONE_BODY, plan_upload
from .test_matrix import answer_all

pytestmark = pytest.mark.django_db

ROLES = [
    "applicant", "other_government", "bureau", "other_bureau", "hq", "tongguan",
    "renjianwei", "weisheng", "dongzhi", "jianyan", "shipin", "operator", "enterprise",
    "agency", "inspector", "anonymous",
]  # fmt: skip
DEPARTMENTS = {"tongguan", "renjianwei", "weisheng", "dongzhi", "jianyan", "shipin"}
JIANGXI_STATES = [
    "draft", "submitted", "returned", "recommended", "acceptance", "approved", "not_approved",
    "operating",
]  # fmt: skip
AT_HQ = {"recommended", "acceptance", "approved", "not_approved", "operating"}


@pytest.fixture
def readers(people):
    return {**{k: v for k, v in people.items() if k != "system"}, "anonymous": AnonymousUser()}


@pytest.fixture
def guangxi_zone(gov_guangxi, bureau_guangxi, lead, members):
    """guangxi_zone(state, **body) → a zone of 凭祥市人民政府 (广西局) brought to `state`
    (draft, submitted, recommended or approved) through the services."""

    def make(state: str, **body):
        zone = services.zone_create(
            actor=gov_guangxi, **{**ZONE_BODY, "name": "凭祥国检试验区", **body}
        )
        if state == "draft":
            return zone
        services.zone_document_upload(
            zone=zone, actor=gov_guangxi, upload=plan_upload(), kind="construction_plan"
        )
        zone = services.zone_transition(zone=zone, name="submit", actor=gov_guangxi)
        if state == "submitted":
            return zone
        zone = services.zone_transition(
            zone=zone, name="recommend", actor=bureau_guangxi, recommendation="同意", guidance="无"
        )
        if state == "recommended":
            return zone
        zone = services.zone_transition(
            zone=zone, name="open_acceptance", actor=lead, arrangement="现场验收"
        )
        answer_all(zone, members)
        return services.zone_transition(zone=zone, name="approve", actor=lead)

    return make


@pytest.fixture
def spread(make_zone, guangxi_zone, bureau_jiangxi):
    """江西's zones in every state (the operating one run by 南昌's operator, another operating
    one by another operator of 江西) and 广西's in draft and recommended."""
    zones = {f"jx-{state}": make_zone(state) for state in JIANGXI_STATES}
    other_operator = factories.OrganisationFactory(
        kind=Organisation.Kind.ZONE_OPERATOR, bureau=factories.bureau("jiangxi"), code="op-ganzhou"
    )
    zones["jx-operating-other"] = services.zone_transition(
        zone=make_zone("approved", name="赣州国检试验区"),
        name="start_operation",
        actor=bureau_jiangxi,
        operator=other_operator.pk,
    )
    zones["gx-draft"] = guangxi_zone("draft")
    zones["gx-recommended"] = guangxi_zone("recommended")
    return zones


JX_ALL = {f"jx-{s}" for s in JIANGXI_STATES} | {"jx-operating-other"}
JX_SUBMITTED = JX_ALL - {"jx-draft"}
JX_AT_HQ = {f"jx-{s}" for s in AT_HQ} | {"jx-operating-other"}
ZONES_SEEN = {
    "applicant": JX_ALL,
    "other_government": {"gx-draft", "gx-recommended"},
    "bureau": JX_SUBMITTED,
    "other_bureau": {"gx-recommended"},
    "hq": JX_SUBMITTED | {"gx-recommended"},
    **dict.fromkeys(DEPARTMENTS, JX_AT_HQ | {"gx-recommended"}),
    "operator": {"jx-operating"},
    "enterprise": set(),
    "agency": set(),
    "inspector": set(),
    "anonymous": set(),
}


def named(objects: dict, queryset) -> set[str]:
    ids = set(queryset.values_list("pk", flat=True))
    return {name for name, obj in objects.items() if obj.pk in ids}


@pytest.mark.parametrize("role", ROLES)
def test_zones_visible_to(readers, spread, role):
    visible = selectors.zones_visible_to(user=readers[role])
    assert named(spread, visible) == ZONES_SEEN[role]
    assert visible.count() == len(ZONES_SEEN[role])  # nothing else either


def test_a_colleague_of_the_applicant_sees_its_drafts_too(spread, gov_jiangxi):
    colleague = factories.organisation_staff(gov_jiangxi.organisation, username="gov-nanchang-2")
    assert named(spread, selectors.zones_visible_to(user=colleague)) == JX_ALL


def test_a_draft_plan_is_read_only_by_its_government(make_zone, people):
    zone = make_zone("draft")
    document = services.zone_document_upload(
        zone=zone, actor=people["applicant"], upload=plan_upload(), kind="construction_plan"
    )
    for role in ("bureau", "hq", "tongguan", "other_government"):
        with pytest.raises(TransitionForbidden):
            services.zone_document_open(document=document, actor=people[role], ip_address=None)
    assert not PilotZoneDocumentAccess.objects.exists()
    with services.zone_document_open(
        document=document, actor=people["applicant"], ip_address="10.0.0.1"
    ) as handle:
        assert handle.read().startswith(b"%PDF")
    services.zone_transition(zone=zone, name="submit", actor=people["applicant"])
    services.zone_document_open(document=document, actor=people["bureau"], ip_address=None).close()
    with pytest.raises(TransitionForbidden):  # HQ's departments: not before it is recommended
        services.zone_document_open(document=document, actor=people["tongguan"], ip_address=None)
    assert [a.user for a in PilotZoneDocumentAccess.objects.order_by("pk")] == [
        people["applicant"],
        people["bureau"],
    ]


# ---------------------------------------------------------------- measures


@pytest.fixture
def measures(make_measure, spread):
    """Measures of 江西's approved zone (one of each state) and of its operating zone."""
    approved = spread["jx-approved"]
    made = {state: make_measure(state, zone=approved) for state in ("registered", "running")}
    made["operating"] = make_measure("running", zone=spread["jx-operating"])
    made["operating-other"] = make_measure("ended", zone=spread["jx-operating-other"])
    return made


ALL_MEASURES = frozenset({"registered", "running", "operating", "operating-other"})
MEASURES_SEEN = {
    "applicant": ALL_MEASURES,
    "bureau": ALL_MEASURES,
    "hq": ALL_MEASURES,
    **dict.fromkeys(DEPARTMENTS, ALL_MEASURES),
    "operator": {"operating"},
}


@pytest.mark.parametrize("role", ROLES)
def test_measures_are_seen_by_whoever_sees_their_zone(readers, measures, role):
    visible = selectors.measures_visible_to(user=readers[role])
    assert named(measures, visible) == MEASURES_SEEN.get(role, set())
    assert visible.count() == len(MEASURES_SEEN.get(role, set()))


def test_the_public_sees_only_running_and_ended_measures(make_zone, make_measure):
    zone = make_zone("operating")
    made = {
        state: make_measure(state, zone=zone)
        for state in ("registered", "pending_approval", "refused", "running", "ended")
    }
    assert list(selectors.public_measures(zone=zone)) == [made["running"], made["ended"]]


# ---------------------------------------------------------------- practice


@pytest.fixture
def practices(make_zone, make_practice):
    zone = make_zone("operating")
    return {
        state: make_practice(state, zone=zone)
        for state in ("draft", "submitted", "returned", "accepted", "withdrawn")
    }


PRACTICE_STATES = {"draft", "submitted", "returned", "accepted", "withdrawn"}
PRACTICES_SEEN = {
    "applicant": PRACTICE_STATES - {"draft"},
    "other_government": {"accepted"},
    "bureau": PRACTICE_STATES,
    "other_bureau": {"accepted"},
    "hq": PRACTICE_STATES - {"draft"},
    **dict.fromkeys(DEPARTMENTS, PRACTICE_STATES - {"draft"}),
    "operator": {"accepted"},
    "enterprise": {"accepted"},
    "agency": {"accepted"},
    "inspector": {"accepted"},
    "anonymous": set(),
}


@pytest.mark.parametrize("role", ROLES)
def test_practices_visible_to(readers, practices, role):
    visible = selectors.practices_visible_to(user=readers[role])
    assert named(practices, visible) == PRACTICES_SEEN[role]
    assert visible.count() == len(PRACTICES_SEEN[role])


@pytest.fixture
def library(make_zone, make_practice, guangxi_zone, bureau_guangxi, hq):
    """Practice of 江西 and 广西 zones in the library, one of each kind, and one not accepted."""
    jiangxi = make_zone("operating")
    guangxi = guangxi_zone("approved")
    made = {
        "jx-model": make_practice("accepted", zone=jiangxi),
        "jx-system": make_practice(
            "accepted",
            zone=jiangxi,
            title="进口肉类指定口岸“一站式”查验",
            innovation="system",
            summary="查验、检疫、放行一站办理。",
            content="整合查验场地与实验室。",
        ),
        "jx-returned": make_practice("returned", zone=jiangxi, title="跨境电商退货中心"),
        "jx-withdrawn": make_practice("withdrawn", zone=jiangxi, title="跨境电商保税展示"),
    }
    practice = services.practice_create(
        zone=guangxi,
        actor=bureau_guangxi,
        **{
            **PRACTICE_BODY,
            "title": "边民互市商品检验检疫便利化",
            "innovation": "measure",
            "summary": "边民互市进口商品快速验放。",
            "content": "对边民互市商品实施分类监管，跨境电商同步。",
        },
    )
    services.practice_transition(practice=practice, name="submit", actor=bureau_guangxi)
    made["gx-measure"] = services.practice_transition(practice=practice, name="accept", actor=hq)
    return made


def test_the_library_shows_only_accepted_practice_newest_first(library):
    assert list(selectors.practice_library()) == [
        library["gx-measure"],
        library["jx-system"],
        library["jx-model"],
    ]


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ({"q": "跨境电商"}, {"jx-model", "gx-measure"}),  # a title, and a content
        ({"q": "一站式"}, {"jx-system"}),
        ({"q": "南昌"}, {"jx-model", "jx-system"}),  # the source zone's name
        ({"q": "凭祥"}, {"gx-measure"}),
        ({"q": "跨境电商 边民"}, {"gx-measure"}),  # every word
        ({"q": "  "}, {"jx-model", "jx-system", "gx-measure"}),
        ({"q": "退货中心"}, set()),  # returned: not in the library
        ({"q": "保税展示"}, set()),  # withdrawn
        ({"innovation": "system"}, {"jx-system"}),
        ({"innovation": "model"}, {"jx-model"}),
        ({"innovation": "measure", "q": "跨境"}, {"gx-measure"}),
        ({"bureau": "jiangxi"}, {"jx-model", "jx-system"}),
        ({"bureau": "guangxi"}, {"gx-measure"}),
        ({"bureau": "hubei"}, set()),
        ({"bureau": "jiangxi", "innovation": "measure"}, set()),
    ],
)
def test_the_library_is_searched_by_words_kind_and_bureau(library, search, expected):
    search = dict(search)
    if "bureau" in search:
        search["bureau"] = factories.bureau(search["bureau"]).pk
    assert named(library, selectors.practice_library(**search)) == expected


def test_the_library_counts_where_each_practice_was_adopted(library, bureau_guangxi, people):
    for place in ("凭祥", "东兴"):
        services.practice_adopt(
            practice=library["jx-model"], actor=bureau_guangxi, place=place, note="参照实施。"
        )
    services.practice_adopt(
        practice=library["gx-measure"], actor=people["bureau"], place="南昌", note="参照实施。"
    )
    counts = {p.pk: p.adoption_count for p in selectors.practice_library()}
    assert counts == {
        library["jx-model"].pk: 2,
        library["jx-system"].pk: 0,
        library["gx-measure"].pk: 1,
    }
    assert [a.place for a in selectors.practice_adoptions(practice=library["jx-model"])] == [
        "东兴",
        "凭祥",
    ]


# ---------------------------------------------------------------- the public register, notices


def test_the_public_register_lists_approved_and_operating_zones(spread):
    assert named(spread, selectors.public_zones()) == {
        "jx-approved",
        "jx-operating",
        "jx-operating-other",
    }


def test_the_register_carries_the_commendations(make_zone, make_measure, hq):
    zone = make_zone("operating")
    measure = make_measure("running", zone=zone)
    services.measure_assess(measure=measure, actor=hq, effect="marked", findings="成效显著。")
    commendation = services.commendation_issue(
        zone=zone,
        actor=hq,
        document_number="国质检通函〔2026〕3号",
        citation="成效显著。",
        measures=[measure.pk],
    )
    [listed] = selectors.public_zones()
    assert list(listed.commendations.all()) == [commendation]
    assert list(selectors.commendable_measures(zone=zone)) == [measure]
    assert list(selectors.public_commendations()) == [commendation]


@pytest.mark.parametrize("role", ROLES)
def test_notices_are_the_governments_alone(readers, spread, role):
    """江西's zones sent notices to 南昌市人民政府 (return, recommendation, approvals, operation),
    广西's one to 凭祥市人民政府 (its recommendation)."""
    notices = selectors.notices_for(user=readers[role])
    zones = {n.zone_id for n in notices}
    if role == "applicant":
        assert zones == {spread[k].pk for k in JX_ALL - {"jx-draft", "jx-submitted"}}
        assert {n.organisation_id for n in notices} == {readers[role].organisation_id}
    elif role == "other_government":
        assert [(n.zone, n.kind) for n in notices] == [(spread["gx-recommended"], "recommendation")]
    else:
        assert list(notices) == []


def test_a_colleague_reads_the_governments_notices(spread, gov_jiangxi):
    colleague = factories.organisation_staff(gov_jiangxi.organisation, username="gov-nanchang-2")
    assert set(selectors.notices_for(user=colleague)) == set(
        selectors.notices_for(user=gov_jiangxi)
    )
    assert selectors.notices_for(user=colleague).exists()


def test_the_opinion_a_department_still_owes(make_zone, members, lead):
    zone = make_zone("acceptance")
    owed = selectors.opinion_awaiting(zone=zone, user=members["weisheng"])
    assert owed is not None and owed.department.code == "weisheng"
    assert selectors.opinion_awaiting(zone=zone, user=lead) is None  # not a member
    services.acceptance_opinion_record(
        zone=zone, actor=members["weisheng"], verdict="agree", opinion="同意。"
    )
    assert selectors.opinion_awaiting(zone=zone, user=members["weisheng"]) is None
    assert selectors.opinion_awaiting(zone=zone, user=members["shipin"]) is not None
    assert [o.department.code for o in selectors.zone_opinions(zone=zone)] == [
        "renjianwei",
        "weisheng",
        "dongzhi",
        "jianyan",
        "shipin",
    ]
    assert zone.state == State.ACCEPTANCE
