"""The seed's wording in data and messages (issue 14 point 6). Seed 000 (质检通函〔2015〕537号)
calls the evaluation of an eco-origin product 评定 and whoever carries it out 评定机构 ("不得干涉、
阻挠申请人自主自愿选择评定机构", §8), and it is addressed to the agencies by name ("中国检验认证集团
测试技术公司、北京万诚信用评价有限公司"). 认定 is seed 001's word (国质检检〔2014〕237号 §七.2
"组织评估认定工作"), for demonstration zones only. Templates and the apps' Python sources (not
the tests, nor the migrations, which keep the history as it was) are read as text."""

import re
from pathlib import Path

from django.conf import settings

from demo.management.commands.seed_demo import AGENCIES

BASE_DIR = Path(settings.BASE_DIR)
NOT_READ = {".venv", "staticfiles", "node_modules", "tests", "migrations", "data"}
# A seed's own text, quoted whole (seed 003's tasks say 检验认证机构 of other bodies).
SEED_TEXTS = {"cooperation/seed_tasks.py"}
# The agencies seed 000 is addressed to, as it names them.
SEED_AGENCIES = {"中国检验认证集团测试技术公司", "北京万诚信用评价有限公司"}
# Other names for the 评定机构, and the agency's name as it was spelled before.
WRONG = re.compile(r"认定机构|认证机构|评价机构|评审机构|测试技术有限公司")


def sources():
    for pattern in ("*.py", "*.html"):
        for path in BASE_DIR.rglob(pattern):
            parts = path.relative_to(BASE_DIR).parts
            if path.relative_to(BASE_DIR).as_posix() in SEED_TEXTS:
                continue
            if not any(part in NOT_READ or part.startswith(".") for part in parts):
                yield path


def of_the_zones(path: Path) -> bool:
    """A file of the demonstration-zone programme (seed 001's wording)."""
    parts = path.relative_to(BASE_DIR).parts
    return any("demonstration" in part for part in parts) or path.name.startswith("zone_")


def test_renders_the_evaluation_as_the_seed_does():
    """认定 only where a line speaks of demonstration zones (seed 001), or in their programme;
    资质认定 (seed 003) anywhere."""
    found = [
        f"{path.relative_to(BASE_DIR)}:{number}: {line.strip()}"
        for path in sources()
        if not of_the_zones(path)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        # 资质认定 is seed 003's word for a laboratory's accreditation (检验检测机构资质认定).
        if "认定" in line.replace("资质认定", "") and "示范区" not in line
    ]
    assert found == [], "seed 000 says 评定, not 认定:\n" + "\n".join(found)


def test_names_the_agencies_as_the_seed_does():
    found = [
        f"{path.relative_to(BASE_DIR)}:{number}: {line.strip()}"
        for path in sources()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if WRONG.search(line)
    ]
    assert found == [], "seed 000 says 评定机构, and names its agencies:\n" + "\n".join(found)
    assert {name for _username, _code, name, _address in AGENCIES} == SEED_AGENCIES


def test_the_checks_find_the_wrong_words():
    """The patterns above catch what they are meant to (a check that cannot fail is none)."""
    assert WRONG.search("中国检验认证集团测试技术有限公司") and WRONG.search("选择认证机构")
    assert not WRONG.search("自主选择评定机构")
    assert of_the_zones(BASE_DIR / "templates" / "staff" / "demonstration" / "zone_list.html")
    assert not of_the_zones(BASE_DIR / "supervision" / "services.py")
