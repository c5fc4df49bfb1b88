"""Background job kind of the quality status reports: a year's comparison of the three places as
XLSX, for a member of the cooperation (what selectors.comparison gives the job's owner)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from accounts.jobs import job_kind
from ecoorigin.exceptions import InvalidInput, NotPermitted
from regions.cooperation import PLACE_LABELS, is_member
from regions.jobs import _bold_header, _sheet_title, _xlsx

from . import selectors
from .workflow import FIRST_YEAR


def export_params(data) -> dict:
    """The year, from the cooperation's first to this one; InvalidInput otherwise."""
    try:
        year = int(data.get("year"))
    except (TypeError, ValueError):
        year = None
    if year is None or not FIRST_YEAR <= year <= timezone.localdate().year:
        raise InvalidInput(field_errors={"year": [_("请选择年度。")]})
    return {"year": year}


@job_kind("qualityreports.comparison_xlsx", label=gettext_lazy("导出京津冀三地质量状况比较 (XLSX)"))
def comparison_xlsx(job, progress) -> tuple[str, bytes]:
    """One row per figure, a column per place (empty where the place has not submitted), and
    which places are highest and lowest; numbers are written as numbers."""
    owner = job.owner
    if not is_member(owner):
        raise NotPermitted(_("无权查看京津冀区域质量状况分析报告。"))
    year = export_params(job.params)["year"]
    comparison = selectors.comparison(user=owner, year=year)
    progress(50)
    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_title(_("%(year)s 年度三地质量状况比较") % {"year": year})
    columns = comparison["columns"]
    sheet.append([_("指标"), _("单位"), *(str(c["label"]) for c in columns), _("最高"), _("最低")])
    _bold_header(sheet)
    sheet.freeze_panes = "C2"
    sheet.append(
        [
            _("报告状态"),
            "",
            *(_("已报送") if c["report"] else _("未报送") for c in columns),
        ]
    )
    for row in comparison["rows"]:
        figure, cells = row["figure"], row["cells"]

        def marked(mark, cells=cells):
            return "、".join(str(PLACE_LABELS[c["place"]]) for c in cells if c["mark"] == mark)

        values = [
            float(c["value"]) if figure.decimal_places and c["value"] is not None else c["value"]
            for c in cells
        ]
        sheet.append(
            [str(figure.label), str(figure.unit), *values, marked("highest"), marked("lowest")]
        )
    return f"jjj-quality-status-{year}.xlsx", _xlsx(book)
