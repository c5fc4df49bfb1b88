"""Background job kinds of the regions app."""

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from accounts.jobs import job_kind

from .selectors import bureau_directory, zone_directory


@job_kind("regions.directory_export", label=gettext_lazy("导出直属局与片区名录"))
def directory_export(job, progress) -> tuple[str, bytes]:
    """直属局与片区名录 (XLSX): one sheet of zones and their seats, one of bureaus."""
    book = Workbook()
    zones_sheet = book.active
    zones_sheet.title = _("片区")
    zones_sheet.append([_("片区代码"), _("片区名称"), _("类别"), _("牵头单位"), _("成员单位")])
    for zone in zone_directory():
        seats = list(zone.memberships.all())
        zones_sheet.append(
            [
                zone.code,
                zone.name,
                zone.get_kind_display(),
                "、".join(s.bureau.name for s in seats if s.role == "lead"),
                "、".join(s.bureau.name for s in seats if s.role == "member"),
            ]
        )
    progress(50)
    bureaus_sheet = book.create_sheet(_("直属局"))
    bureaus_sheet.append([_("代码"), _("简称"), _("全称"), _("所在片区")])
    for bureau in bureau_directory():
        bureaus_sheet.append(
            [
                bureau.code,
                bureau.name,
                bureau.full_name,
                "、".join(
                    f"{m.zone.name}({m.get_role_display()})" for m in bureau.memberships.all()
                ),
            ]
        )
    for sheet in (zones_sheet, bureaus_sheet):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    buffer = BytesIO()
    book.save(buffer)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return f"directory-{stamp}.xlsx", buffer.getvalue()
