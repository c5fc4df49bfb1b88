# Seed 000 §18: 挂牌督办 and 约谈 are each bureau's own (ADR 0017). The former 约谈与挂牌督办 items,
# which HQ or a zone lead opened against a bureau, become that bureau's 挂牌督办 items: HQ's as
# 总局交办 (HQ closes them), a zone lead's as the bureau's own (the zone lead loses them); a reason
# becomes the work (its first line the title), reported measures the first progress report, and
# an answered item an open one. Interviews are new records: none is carried over.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

TITLE_LENGTH = 200


def carry_over(apps, schema_editor):
    KeyWorkItem = apps.get_model("supervision", "KeyWorkItem")
    KeyWorkProgress = apps.get_model("supervision", "KeyWorkProgress")
    for item in KeyWorkItem.objects.select_related("opened_by").iterator():
        reason = item.reason.strip()
        first_line = reason.splitlines()[0].strip() if reason else ""
        item.title = first_line[:TITLE_LENGTH] or "—"
        item.description = reason if reason != item.title else ""
        item.origin = "hq" if item.opened_by.role == "hq" else "bureau"
        if item.status == "answered":
            item.status = "open"
        item.save(update_fields=["title", "description", "origin", "status"])
        if item.measures.strip():
            progress = KeyWorkProgress.objects.create(item=item, text=item.measures.strip())
            KeyWorkProgress.objects.filter(pk=progress.pk).update(
                created_at=item.answered_at or item.created_at
            )


def carry_back(apps, schema_editor):
    KeyWorkItem = apps.get_model("supervision", "KeyWorkItem")
    KeyWorkProgress = apps.get_model("supervision", "KeyWorkProgress")
    for item in KeyWorkItem.objects.iterator():
        progress = list(KeyWorkProgress.objects.filter(item=item).order_by("created_at", "pk"))
        item.kind = "flagged"
        # Carried over, the description holds the whole former reason; else title and text.
        if item.description.startswith(item.title):
            item.reason = item.description
        else:
            item.reason = "\n".join(part for part in (item.title, item.description) if part)
        item.measures = "\n".join(p.text for p in progress)
        item.answered_at = progress[-1].created_at if progress else None
        if item.status == "open" and progress:
            item.status = "answered"
        item.save()
    KeyWorkProgress.objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("regions", "0011_bureau_departments"),
        ("supervision", "0003_draw_commitment"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel(old_name="AccountabilityItem", new_name="KeyWorkItem"),
        migrations.AlterModelOptions(
            name="keyworkitem",
            options={
                "ordering": ["-created_at", "-pk"],
                "verbose_name": "挂牌督办事项",
                "verbose_name_plural": "挂牌督办事项",
            },
        ),
        migrations.AddField(
            model_name="keyworkitem",
            name="origin",
            field=models.CharField(
                choices=[("bureau", "本局确定"), ("hq", "总局交办")],
                default="bureau",
                max_length=16,
                verbose_name="来源",
            ),
        ),
        migrations.AddField(
            model_name="keyworkitem",
            name="title",
            field=models.CharField(default="", max_length=200, verbose_name="重点工作"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="keyworkitem",
            name="description",
            field=models.TextField(blank=True, verbose_name="工作要求"),
        ),
        migrations.AddField(
            model_name="keyworkitem",
            name="department",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="key_work_items",
                to="regions.bureaudepartment",
                verbose_name="责任部门",
            ),
        ),
        migrations.AddField(
            model_name="keyworkitem",
            name="closed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="销号人",
            ),
        ),
        migrations.AddField(
            model_name="keyworkitem",
            name="reported_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="报送通关司时间"),
        ),
        migrations.AddField(
            model_name="keyworkitem",
            name="reported_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="报送人",
            ),
        ),
        migrations.AlterField(
            model_name="keyworkitem",
            name="bureau",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="key_work_items",
                to="regions.bureau",
                verbose_name="直属局",
            ),
        ),
        migrations.AlterField(
            model_name="keyworkitem",
            name="opened_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="确定人",
            ),
        ),
        migrations.AlterField(
            model_name="keyworkitem",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="确定时间"),
        ),
        migrations.CreateModel(
            name="KeyWorkProgress",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.TextField(verbose_name="进展情况")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="报告时间")),
                (
                    "item",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="progress",
                        to="supervision.keyworkitem",
                        verbose_name="督办事项",
                    ),
                ),
                (
                    "reported_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="报告人",
                    ),
                ),
            ],
            options={
                "verbose_name": "督办进展",
                "verbose_name_plural": "督办进展",
                "ordering": ["created_at", "pk"],
            },
        ),
        migrations.RunPython(carry_over, carry_back),
        # Defaults for the columns removed next, so that going back can add them to the rows.
        migrations.AlterField(
            model_name="keyworkitem",
            name="kind",
            field=models.CharField(
                choices=[("interview", "约谈"), ("flagged", "挂牌督办")],
                default="flagged",
                max_length=16,
                verbose_name="类别",
            ),
        ),
        migrations.AlterField(
            model_name="keyworkitem",
            name="reason",
            field=models.TextField(default="", verbose_name="事由"),
        ),
        migrations.RemoveField(model_name="keyworkitem", name="kind"),
        migrations.RemoveField(model_name="keyworkitem", name="reason"),
        migrations.RemoveField(model_name="keyworkitem", name="measures"),
        migrations.RemoveField(model_name="keyworkitem", name="answered_at"),
        migrations.AlterField(
            model_name="keyworkitem",
            name="status",
            field=models.CharField(
                choices=[("open", "督办中"), ("closed", "已销号")],
                default="open",
                max_length=16,
                verbose_name="状态",
            ),
        ),
        migrations.CreateModel(
            name="Interview",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "department_head",
                    models.CharField(max_length=64, verbose_name="被约谈的部门领导"),
                ),
                ("interviewer", models.CharField(max_length=64, verbose_name="约谈的局领导")),
                ("held_on", models.DateField(verbose_name="约谈日期")),
                (
                    "lagging_work",
                    models.TextField(verbose_name="工作开展不力、进展缓慢的情况"),
                ),
                ("guidance", models.TextField(verbose_name="针对性工作指导")),
                ("recorded_at", models.DateTimeField(auto_now_add=True, verbose_name="记录时间")),
                (
                    "reported_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="报送通关司时间"),
                ),
                (
                    "bureau",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="interviews",
                        to="regions.bureau",
                        verbose_name="直属局",
                    ),
                ),
                (
                    "department",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="interviews",
                        to="regions.bureaudepartment",
                        verbose_name="被约谈部门",
                    ),
                ),
                (
                    "item",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="interviews",
                        to="supervision.keyworkitem",
                        verbose_name="相关督办事项",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="记录人",
                    ),
                ),
                (
                    "reported_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="报送人",
                    ),
                ),
            ],
            options={
                "verbose_name": "约谈记录",
                "verbose_name_plural": "约谈记录",
                "ordering": ["-held_on", "-pk"],
            },
        ),
    ]
