"""The transition actions every programme's case API has (SPEC §9), written once:
`GET …/{id}/transitions/` (what the caller may fire now, with what each needs) and
`POST …/{id}/transitions/{name}/` (fire one through the kernel's service). Answers: 200 with
the case; 400 bad body; 403 not the caller's to fire (answered before the body is read: a
stranger learns nothing from it); 404 not visible or no such transition; 409 not allowed now or
lost a race. Nothing changes on a non-200 answer."""

from django.shortcuts import get_object_or_404
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from ecoorigin.text import CheckedTextSerializerMixin

from .exceptions import TransitionForbidden
from .programmes import Programme
from .services import case_transition


class TransitionOptionSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    response_only = True

    name = serializers.CharField()
    label = serializers.CharField()
    needs_reason = serializers.BooleanField()
    fields = serializers.ListField(child=serializers.CharField())


class CaseTransitionActions:
    """Mixin for a programme's case viewset. The subclass names its `programme`, the serializer
    of a transition's body (`transition_body`) and of the case it answers with
    (`case_serializer`), and documents the two actions' answers with extend_schema_view."""

    programme: Programme
    transition_body: type[serializers.Serializer]
    case_serializer: type[serializers.Serializer]

    def perform_transition(self, case, name: str, **data):
        """Fire through the kernel; a programme whose case must lock another row first (its
        parent) calls its own service here."""
        return case_transition(
            programme=self.programme, case=case, name=name, actor=self.request.user, **data
        )

    @action(detail=True, methods=["get"], pagination_class=None, url_path="transitions")
    def transitions(self, request, **kwargs):
        case = self.get_object()
        rules = self.programme.rules
        options = [
            {
                "name": name,
                "label": str(rules[name].label),
                "needs_reason": rules[name].needs_reason,
                "fields": list(rules[name].fields),
            }
            for name in self.programme.transitions_for(case=case, actor=request.user)
        ]
        return Response(TransitionOptionSerializer(options, many=True).data)

    @action(
        detail=True,
        methods=["post"],
        url_path=r"transitions/(?P<name>[a-z_]+)",
        url_name="fire",
    )
    def fire(self, request, name=None, **kwargs):
        case = self.get_object()
        if name not in self.programme.rules:
            raise NotFound()
        if not self.programme.permitted(case, name, request.user):
            raise TransitionForbidden()
        body = self.transition_body(data=request.data)
        body.is_valid(raise_exception=True)
        case = self.perform_transition(case, name, **body.validated_data)
        fresh = get_object_or_404(self.get_queryset(), pk=case.pk)
        return Response(self.case_serializer(fresh).data, status=status.HTTP_200_OK)
