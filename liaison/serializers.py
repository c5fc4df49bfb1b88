"""What the API of HQ's tasks and the bureaus' reports reads and answers. Serializers shape input;
the services decide (who may, from which state, with what)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ecoorigin.text import CheckedTextSerializerMixin
from regions.models import Bureau, Zone

from .models import Assignment, Report, ReportDocument, ReportReply, Task, TaskDocument, TaskUpdate
from .services import MAX_FILES

TEXTAREA = {"base_template": "textarea.html"}  # multi-line text (ecoorigin.text)


class _DocumentSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    response_only = True
    uploaded_by = serializers.CharField(source="uploaded_by.username")

    class Meta:
        fields = ["id", "original_name", "content_type", "size", "uploaded_by", "uploaded_at"]


class TaskDocumentSerializer(_DocumentSerializer):
    class Meta(_DocumentSerializer.Meta):
        model = TaskDocument


class ReportDocumentSerializer(_DocumentSerializer):
    class Meta(_DocumentSerializer.Meta):
        model = ReportDocument


class TaskUpdateSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """办理记录: a report of the addressee or HQ's answer, with its files."""

    response_only = True
    author = serializers.CharField(source="author.username")
    documents = TaskDocumentSerializer(many=True)

    class Meta:
        model = TaskUpdate
        fields = ["id", "kind", "text", "author", "created_at", "documents"]


class AssignmentBriefSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """A task's addressee: a zone (code) or a bureau (code), and where it stands."""

    response_only = True
    zone = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    bureau = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    addressee = serializers.CharField(source="addressee_name")

    class Meta:
        model = Assignment
        fields = ["id", "zone", "bureau", "addressee", "status", "reported_at", "completed_at"]


class AssignmentSerializer(AssignmentBriefSerializer):
    """承办: the task it belongs to, its addressee and status, whether it is overdue, and its
    records in order."""

    task = serializers.IntegerField(source="task_id")
    task_title = serializers.CharField(source="task.title")
    due_date = serializers.DateField(source="task.due_date")
    overdue = serializers.SerializerMethodField()
    updates = TaskUpdateSerializer(many=True)

    class Meta(AssignmentBriefSerializer.Meta):
        fields = [
            "id", "task", "task_title", "due_date", "zone", "bureau", "addressee", "status",
            "overdue", "reported_at", "completed_at", "updated_at", "updates",
        ]  # fmt: skip

    def get_overdue(self, assignment) -> bool:
        return (
            assignment.status != Assignment.Status.COMPLETED
            and assignment.task.due_date < timezone.localdate()
        )


class TaskSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """总局交办任务 with the addressees the caller may see (HQ: all of them)."""

    response_only = True
    created_by = serializers.CharField(source="created_by.username")
    assignments = AssignmentBriefSerializer(source="visible_assignments", many=True)

    class Meta:
        model = Task
        fields = ["id", "title", "requirements", "due_date", "created_by", "created_at",
                  "assignments"]  # fmt: skip


class TaskCreateSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """交办: title, requirements, time limit (not before today), and the zones and bureaus (by
    code) it goes to, at least one."""

    title = serializers.CharField(max_length=200)
    requirements = serializers.CharField(style=TEXTAREA)
    due_date = serializers.DateField()
    zones = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Zone.objects.all(),
        many=True,
        required=False,
        help_text=_("片区代码（如 southwest）：片区牵头单位组织落实并报告。"),
    )
    bureaus = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Bureau.objects.all(),
        many=True,
        required=False,
        help_text=_("直属局代码（如 beijing）：各局分别报告。"),
    )


class UpdateCreateSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """进展报告 or 完成报告, with up to MAX_FILES files (PDF, JPEG or PNG, checked by content)."""

    kind = serializers.ChoiceField(
        choices=[
            (TaskUpdate.Kind.PROGRESS, TaskUpdate.Kind.PROGRESS.label),
            (TaskUpdate.Kind.COMPLETION, TaskUpdate.Kind.COMPLETION.label),
        ]
    )
    text = serializers.CharField(style=TEXTAREA)
    files = serializers.ListField(
        child=serializers.FileField(max_length=255, allow_empty_file=False),
        required=False,
        max_length=MAX_FILES,
    )


class AcceptSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    note = serializers.CharField(style=TEXTAREA, required=False, allow_blank=True, default="")


class ReturnSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    reason = serializers.CharField(style=TEXTAREA)


class ReportReplySerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    response_only = True
    author = serializers.CharField(source="author.username")

    class Meta:
        model = ReportReply
        fields = ["id", "text", "author", "created_at", "read_at"]


class ReportSerializer(CheckedTextSerializerMixin, serializers.ModelSerializer):
    """报送事项: its kind, text and files, and what became of it: submitted, read by HQ (who,
    when), HQ's replies."""

    response_only = True
    bureau = serializers.CharField(source="bureau.code")
    created_by = serializers.CharField(source="created_by.username")
    submitted_by = serializers.CharField(source="submitted_by.username", allow_null=True)
    read_by = serializers.CharField(source="read_by.username", allow_null=True)
    documents = ReportDocumentSerializer(many=True)
    replies = ReportReplySerializer(many=True)

    class Meta:
        model = Report
        fields = [
            "id", "bureau", "kind", "title", "body", "status", "created_by", "created_at",
            "submitted_at", "submitted_by", "read_at", "read_by", "documents", "replies",
        ]  # fmt: skip


class ReportWriteSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    """A draft's kind, title and body."""

    kind = serializers.ChoiceField(choices=Report.Kind.choices)
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(style=TEXTAREA)


class ReportDocumentUploadSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    file = serializers.FileField(max_length=255, allow_empty_file=False)


class ReplyCreateSerializer(CheckedTextSerializerMixin, serializers.Serializer):
    text = serializers.CharField(style=TEXTAREA)
