from rest_framework import serializers

from .models import Bureau, Zone


class BureauRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ZoneSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    leads = serializers.SerializerMethodField()
    members = serializers.SerializerMethodField()

    class Meta:
        model = Zone
        fields = ["code", "name", "kind", "kind_display", "leads", "members"]

    def _seats(self, zone, role) -> list[dict]:
        return [
            {"code": m.bureau.code, "name": m.bureau.name}
            for m in zone.memberships.all()
            if m.role == role
        ]

    def get_leads(self, zone) -> list[dict]:
        return self._seats(zone, "lead")

    def get_members(self, zone) -> list[dict]:
        return self._seats(zone, "member")


class ZoneSeatSerializer(serializers.Serializer):
    code = serializers.CharField(source="zone.code")
    name = serializers.CharField(source="zone.name")
    role = serializers.CharField()


class BureauSerializer(serializers.ModelSerializer):
    zones = ZoneSeatSerializer(source="memberships", many=True, read_only=True)

    class Meta:
        model = Bureau
        fields = ["code", "name", "full_name", "zones"]
