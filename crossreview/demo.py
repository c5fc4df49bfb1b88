"""演示数据 of 京津冀执法案件互查互评 (seed 003 §三.14): last year's round, closed, with two case
files of each place (entered by bureau-beijing, zj-tianjin, zj-hebei and the others), each
scored by the reviewer drawn for it, so that the comparison of the three places shows; and this
year's round with its standard agreed and one Beijing case file in, so that a walk-through can
enter more, assign and score. Written through the services as the demo accounts (hq, the places'
clerks, the drawn reviewers), so history, seed and audit are what the portal would have written.
Idempotent: a year that has its round is kept."""

from datetime import date

from django.utils import timezone

from accounts.models import User

from . import services
from .models import ReviewRound

# (text, weight): the standard both demo rounds agree.
STANDARD = [
    ("执法主体和管辖", 10),
    ("案件事实和证据", 25),
    ("法律适用和自由裁量", 20),
    ("执法程序", 20),
    ("文书制作和送达", 15),
    ("案卷归档和装订", 10),
]

# (entering account, number, title, kind, decided on (month, day of the round's year - 1)).
CASES = [
    ("bureau-beijing", "京检罚〔{y}〕011号", "进口冷链食品未按规定申报检验案", "penalty", (3, 15)),
    ("zj-beijing", "京质监罚〔{y}〕042号", "电动自行车生产企业无证生产案", "penalty", (6, 2)),
    ("bureau-tianjin", "津检罚〔{y}〕007号", "出口危险货物包装未经检验案", "penalty", (4, 20)),
    ("zj-tianjin", "津市场监管强〔{y}〕015号", "查封不合格建筑用钢筋案", "coercion", (8, 9)),
    ("bureau-hebei", "冀检罚〔{y}〕023号", "擅自调离未经检疫的进境货物案", "penalty", (5, 11)),
    ("zj-hebei", "冀质监罚〔{y}〕031号", "计量器具作弊案", "penalty", (9, 27)),
]

# Points a reviewer takes off, by the case's index and the criterion's: the comparison differs.
DEDUCTIONS = {
    (0, 1): (3, "现场检查笔录未记载检查起止时间。"),
    (1, 4): (2, "处罚决定书送达回证缺当事人签收日期。"),
    (2, 3): (5, "未告知当事人陈述、申辩权利即作出决定。"),
    (3, 2): (4, "自由裁量未说明从轻理由。"),
    (3, 5): (2, "卷内目录与材料页码不符。"),
    (4, 1): (6, "关键证据为复印件且未注明出处。"),
    (5, 2): (3, "引用法律条款不完整。"),
}


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _round(year: int, title: str) -> ReviewRound:
    hq = _user("hq")
    round_ = services.round_open(actor=hq, year=year, title=title)
    for text, weight in STANDARD:
        services.criterion_add(actor=hq, round_=round_, text=text, weight=weight)
    return services.round_agree(round_=round_, actor=hq, reason="三地联席会议商定。")


def _enter(round_: ReviewRound, index: int, year: int):
    username, number, title, kind, (month, day) = CASES[index]
    return services.case_enter(
        actor=_user(username),
        round_=round_,
        number=number.format(y=year),
        title=title,
        kind=kind,
        decided_on=date(year, month, day),
    )


def seed_crossreview() -> int:
    """Returns how many rounds were written now."""
    hq = _user("hq")
    this_year = timezone.localdate().year
    written = 0
    last_year = this_year - 1
    if not ReviewRound.objects.filter(year=last_year).exists():
        round_ = _round(last_year, "京津冀行政执法案件互查互评")
        cases = [_enter(round_, index, last_year - 1) for index in range(len(CASES))]
        round_ = services.round_assign(round_=round_, actor=hq)
        criteria = list(round_.criteria.order_by("position"))
        for index, case in enumerate(cases):
            case.refresh_from_db()
            scores = []
            for position, criterion in enumerate(criteria):
                off, finding = DEDUCTIONS.get((index, position), (0, ""))
                scores.append(
                    {"criterion": criterion.pk, "score": criterion.weight - off, "finding": finding}
                )
            services.review_submit(
                actor=case.reviewer, case=case, scores=scores, summary="案卷总体规范。"
            )
        services.round_close(round_=round_, actor=hq, reason="全部案卷评查完毕。")
        written += 1
    if not ReviewRound.objects.filter(year=this_year).exists():
        round_ = _round(this_year, "京津冀行政执法案件互查互评")
        _enter(round_, 0, this_year - 1)
        written += 1
    return written
