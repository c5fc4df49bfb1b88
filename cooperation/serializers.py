"""API shapes of the 京津冀 cooperation's tasks."""

from rest_framework import serializers

from ecoorigin.text import CheckedTextSerializerMixin

from .models import Task, Unit


class CooperationUnitSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    response_only = True

    name = serializers.CharField(source="display_name")

    class Meta:
        model = Unit
        fields = ["code", "name", "kind"]


class CooperationTaskSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    response_only = True

    section_label = serializers.CharField(source="get_section_display")
    leads = CooperationUnitSerializer(many=True)
    participants = CooperationUnitSerializer(many=True)

    class Meta:
        model = Task
        fields = ["number", "section", "section_label", "text", "leads", "participants"]
