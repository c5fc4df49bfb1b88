"""API shapes of the public notice. The objector's identity is in `ObjectionSerializer` only
for HQ and the case's bureau (selectors.may_read_identity); the enterprise reads the substance."""

from rest_framework import serializers

from ecoorigin.api import ID_MAX
from ecoorigin.text import CheckedTextSerializerMixin

from . import selectors
from .models import BatchEntry, NoticeBatch, Objection


class EntrySerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """公示产品: product, enterprise, place of origin, category, evaluating agency, outcome."""

    product = serializers.CharField(source="application.product_name")
    enterprise = serializers.CharField(source="application.enterprise.name")
    origin_place = serializers.CharField(source="application.origin_place")
    category = serializers.CharField(source="application.category.display_name")
    agency = serializers.CharField(source="application.agency.name", default=None)
    outcome = serializers.SerializerMethodField()

    class Meta:
        model = BatchEntry
        fields = [
            "id",
            "product",
            "enterprise",
            "origin_place",
            "category",
            "agency",
            "outcome",
            "withdrawn_at",
            "withdrawn_reason",
        ]

    def get_outcome(self, entry) -> str:
        return selectors.outcome_of(entry)


class BatchSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    entries = serializers.SerializerMethodField()
    is_open = serializers.SerializerMethodField()

    class Meta:
        model = NoticeBatch
        fields = [
            "id",
            "number",
            "title",
            "published_on",
            "period_days",
            "ends_on",
            "is_open",
            "entries",
        ]

    def get_is_open(self, batch) -> bool:
        return batch.is_open()

    def get_entries(self, batch) -> list[dict]:
        entries = batch.entries.all()  # prefetched by selectors.batches_with_entries
        return EntrySerializer(entries, many=True).data


class BatchCreateSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    title = serializers.CharField(max_length=200)
    applications = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=ID_MAX), allow_empty=False
    )


class WithdrawSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    entry = serializers.IntegerField(min_value=1, max_value=ID_MAX)
    reason = serializers.CharField(max_length=5000)


class ObjectionSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """An objection as the caller may read it: identity and evidence for HQ and the bureau."""

    batch = serializers.CharField(source="entry.batch.number")
    product = serializers.CharField(source="entry.application.product_name")
    application = serializers.IntegerField(source="entry.application_id")

    class Meta:
        model = Objection
        fields = [
            "id",
            "tracking_code",
            "batch",
            "product",
            "application",
            "status",
            "reasons",
            "received_at",
            "name",
            "contact",
            "email",
            "bureau_view",
            "bureau_view_at",
            "decision_reason",
            "consequence",
            "decided_at",
        ]

    def to_representation(self, objection):
        data = super().to_representation(objection)
        request = self.context.get("request")
        if request is None or not selectors.may_read_identity(user=request.user):
            for field in ("tracking_code", "name", "contact", "email"):
                data.pop(field)
        return data


class BureauViewSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    view = serializers.CharField(max_length=5000)


class DecisionSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    outcome = serializers.ChoiceField(choices=["upheld", "dismissed"])
    consequence = serializers.ChoiceField(
        choices=Objection.Consequence.choices,
        required=False,
        help_text="Required when upheld and the case is still evaluated: back to evaluation, "
        "or not approved.",
    )
    reason = serializers.CharField(max_length=5000)


class ObjectionSubmitSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    entry = serializers.IntegerField(min_value=1, max_value=ID_MAX)
    name = serializers.CharField(max_length=100)
    contact = serializers.CharField(max_length=200)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    reasons = serializers.CharField(max_length=10000)
    attachment = serializers.FileField(required=False, allow_null=True, default=None)


class ObjectionStatusSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """What the objector sees with the tracking code: the product, progress and the outcome."""

    batch = serializers.CharField(source="entry.batch.number")
    product = serializers.CharField(source="entry.application.product_name")

    class Meta:
        model = Objection
        fields = [
            "tracking_code",
            "batch",
            "product",
            "status",
            "received_at",
            "decided_at",
            "decision_reason",
            "consequence",
        ]
