"""新街·吴韵 scoring, pure (no database): a resident's score's status and channel, the
published criteria and the checks of a score's marks, the monthly combination of the
residents' scores, the inspectors' checks and the 12345 complaints (weights 50 / 30 / 20),
the outlier rule, the reasons a score is refused and the rate limits, and the words."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from onething.core.errors import FieldProblem
from onething.core.transitions import Lifecycle, Transition

# a score's status: counted in the month's score, flagged for review (an outlier), or
# rejected by the reviewer
COUNTED, FLAGGED, REJECTED = "counted", "flagged", "rejected"
SCORE_STATUSES = (COUNTED, FLAGGED, REJECTED)
SCORE_STATUS_LABELS = {
    COUNTED: pgettext_lazy("street score", "Counted"),
    FLAGGED: pgettext_lazy("street score", "Flagged for review"),
    REJECTED: pgettext_lazy("street score", "Rejected"),
}

# how a score came in: the electronic device at the street, a QR code on a sign, the
# platform's own page (a signed-in resident)
DEVICE, QR_SIGN, WEB = "device", "qr", "web"
CHANNELS = (DEVICE, QR_SIGN, WEB)
CHANNEL_LABELS = {
    DEVICE: pgettext_lazy("scoring channel", "Scoring device"),  # 电子评议设备
    QR_SIGN: pgettext_lazy("scoring channel", "QR code sign"),  # 扫码评议
    WEB: pgettext_lazy("scoring channel", "Online"),
}

# a scoring point's kind (ScoringPoint.kind): a device answers with its token, a sign
# carries a QR code to the phone page
POINT_KINDS = (DEVICE, QR_SIGN)


# ---------------------------------------------------------------- the published criteria

# the criteria residents score, 1–5 each (code, name, what it means, order): created by
# services.scoring.criteria_ensure_defaults when missing; the names are the city's own words
DEFAULT_CRITERIA = (
    ("sanitation", "环境卫生", "路面、垃圾桶、公厕是否干净整洁", 1),
    ("traffic_order", "通行秩序", "占道经营、乱停车是否得到治理，人车通行是否顺畅", 2),
    ("facilities", "设施完好", "路面、护栏、路灯、井盖、雨棚是否完好", 3),
    ("shop_signs", "店招广告", "门头店招、广告是否整洁规范", 4),
)
MARK_MIN, MARK_MAX = 1, 5
COMMENT_MAX = 300
RESIDENT_MAX = 64  # characters of the resident id a device read (only its keyed hash is kept)


def _plain_int(value: Any) -> int | None:
    """``value`` as a whole number if it is one (a JSON 4, or "4" from a page's radio
    button); never a bool, a fraction or other text."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    return None


def marks_problems(marks: Any, criteria: Mapping[str, str]) -> list[FieldProblem]:
    """Every problem of a score's marks at once: each active criterion (``criteria``: code
    → name, in the published order) needs a whole number from 1 to 5 (``marks.<code>``,
    rules ``required`` / ``range``); a code that is no active criterion is ``unknown``."""
    if not isinstance(marks, Mapping):
        return [
            FieldProblem(
                "marks",
                "type",
                _("Give a mark from 1 to 5 for each criterion: %(c)s.")
                % {"c": "、".join(criteria.values())},
            )
        ]
    problems = []
    for code, name in criteria.items():
        field = f"marks.{code}"
        if code not in marks or marks[code] in (None, ""):
            problems.append(
                FieldProblem(
                    field, "required", _("Give %(name)s a mark from 1 to 5.") % {"name": name}
                )
            )
            continue
        mark = _plain_int(marks[code])
        if mark is None or not MARK_MIN <= mark <= MARK_MAX:
            problems.append(
                FieldProblem(
                    field,
                    "range",
                    _("The mark for %(name)s must be a whole number from 1 to 5.") % {"name": name},
                )
            )
    for code in marks:
        if code not in criteria:
            problems.append(
                FieldProblem(
                    f"marks.{str(code)[:40]}",
                    "unknown",
                    _("%(c)s is not a published criterion.") % {"c": str(code)[:40]},
                )
            )
    return problems


def clean_marks(marks: Mapping[str, Any], criteria: Iterable[str]) -> dict[str, int]:
    """The marks of valid input (``marks_problems`` found none) as whole numbers, in the
    criteria's order."""
    return {code: int(_plain_int(marks[code])) for code in criteria}


def _round_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded to the nearest whole number, halves up (both ≥ 0)."""
    return (2 * numerator + denominator) // (2 * denominator)


def average_centi(marks: Mapping[str, int]) -> int:
    """A score's mean mark × 100, rounded (halves up): {4, 5, 4, 4} → 425."""
    values = list(marks.values())
    if not values:
        raise ValueError("a score has at least one mark")
    return _round_half_up(sum(values) * 100, len(values))


# ---------------------------------------------------------------- the month's combined score

# the published weights (percent) of the three parts of a street's monthly score
RESIDENTS, INSPECTIONS, COMPLAINTS = "residents", "inspections", "complaints"
PARTS = (RESIDENTS, INSPECTIONS, COMPLAINTS)
WEIGHTS = {RESIDENTS: 50, INSPECTIONS: 30, COMPLAINTS: 20}
PART_LABELS = {
    RESIDENTS: pgettext_lazy("monthly score part", "Residents' scores"),  # 居民评议
    INSPECTIONS: pgettext_lazy("monthly score part", "Inspectors' checks"),  # 巡查考评
    COMPLAINTS: pgettext_lazy("monthly score part", "12345 complaints"),  # 12345 投诉
}
COMPLAINT_PENALTY = 10  # points off the complaints part for each complaint (100 − 10 × n, ≥ 0)
INSPECTION_MARK_MAX = 100


@dataclass(frozen=True)
class MonthScore:
    """A street's month: its residents' mean × 100 (None: no counted score), its
    inspections' mean mark (None: no check), the weights of the parts present (the absent
    ones left out: the others are rescaled to 100) and the combined score × 100."""

    resident_centi: int | None
    inspection_mark: int | None
    weights: dict[str, int]
    score_centi: int

    @property
    def rescaled(self) -> bool:
        return len(self.weights) < len(WEIGHTS)


def complaints_part(complaints: int) -> int:
    """The complaints part out of 100: 100 − 10 per complaint, never below 0."""
    return max(0, 100 - COMPLAINT_PENALTY * max(0, complaints))


def month_score(
    *,
    resident_count: int,
    resident_sum_centi: int,
    inspection_count: int,
    inspection_sum: int,
    complaints: int,
) -> MonthScore:
    """A street's combined monthly score out of 100 (× 100, rounded halves up):

    - residents: the mean of the counted scores' means (1–5) mapped to 0–100 as
      (mean − 1) / 4 × 100; absent when no score was counted;
    - inspections: the mean of the inspectors' marks (0–100); absent without a check;
    - complaints: 100 − 10 × the month's 12345 complaints naming the street (≥ 0), always
      present (no complaint is a full mark).

    Weighted 50 / 30 / 20; the weights of the parts present are rescaled to 100. Exact
    fractions throughout, one rounding at the end."""
    numerator = Fraction(0)
    used: dict[str, int] = {}
    resident_centi = inspection_mark = None
    if resident_count > 0:
        mean_centi = Fraction(resident_sum_centi, resident_count)
        resident_centi = _round_half_up(resident_sum_centi, resident_count)
        numerator += WEIGHTS[RESIDENTS] * (mean_centi - 100) / 4  # 0–100
        used[RESIDENTS] = WEIGHTS[RESIDENTS]
    if inspection_count > 0:
        inspection_mark = _round_half_up(inspection_sum, inspection_count)
        numerator += WEIGHTS[INSPECTIONS] * Fraction(inspection_sum, inspection_count)
        used[INSPECTIONS] = WEIGHTS[INSPECTIONS]
    numerator += WEIGHTS[COMPLAINTS] * complaints_part(complaints)
    used[COMPLAINTS] = WEIGHTS[COMPLAINTS]
    combined = numerator * 100 / sum(used.values())
    score_centi = _round_half_up(combined.numerator, combined.denominator)
    return MonthScore(resident_centi, inspection_mark, used, score_centi)


def effective_weights(weights: Mapping[str, int]) -> dict[str, Fraction]:
    """The weights as used, rescaled to 100 (a part left out weighs nothing)."""
    total = sum(weights.values())
    return {part: Fraction(100 * weights[part], total) for part in PARTS if part in weights}


def published_rules() -> str:
    """The rules of the monthly score in words, as the pages and the API publish them."""
    return _(
        "Residents score each criterion from 1 to 5, once a day per street. A street's "
        "monthly score out of 100 weighs the residents' mean (1–5 taken to 0–100) "
        "%(residents)s%%, the inspectors' checks %(inspections)s%% and the 12345 complaints "
        "%(complaints)s%% (100 less %(penalty)s for each complaint); where a part has no "
        "data, the others' weights are scaled up to 100. A score far from the street's usual "
        "ones is checked by the office before it counts."
    ) % {
        "residents": WEIGHTS[RESIDENTS],
        "inspections": WEIGHTS[INSPECTIONS],
        "complaints": WEIGHTS[COMPLAINTS],
        "penalty": COMPLAINT_PENALTY,
    }


# ---------------------------------------------------------------- months

MONTH_TEXT = re.compile(r"^[0-9]{4}-[0-9]{2}$")


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_after(month: dt.date) -> dt.date:
    """The first day of the month after ``month``'s."""
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def month_before(month: dt.date) -> dt.date:
    """The first day of the month before ``month``'s."""
    return (month.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def parse_month(text: str | None) -> dt.date | None:
    """``YYYY-MM`` → its first day; None for anything else."""
    text = (text or "").strip()
    if not MONTH_TEXT.match(text):
        return None
    try:
        return dt.date(int(text[:4]), int(text[5:]), 1)
    except ValueError:
        return None


def month_is_over(month: dt.date, today: dt.date) -> bool:
    """A month can be closed once its last day is past (the next month has begun)."""
    return today >= month_after(month)


# ---------------------------------------------------------------- outliers and refusals

# An outlier is flagged (counted only once a reviewer accepts it), never refused:
# - ``outlier``: its mean differs from the street's trailing mean (the counted scores of
#   the 30 days before its day) by 2.5 or more, when there are at least 10 such scores —
#   a street residents rate 4.2 does not become a 1.0 street overnight;
# - ``address``: its network address sent more than 5 scores today, across streets (a
#   phone on the shared Wi-Fi of a household passes; someone touring signs with one phone
#   does not). Past the address's hard limit (10 a minute, 50 a day) it is refused.
FLAG_OUTLIER, FLAG_ADDRESS = "outlier", "address"
FLAG_LABELS = {
    FLAG_OUTLIER: pgettext_lazy(
        "score flag", "Far from the street's usual scores (30 days before)"
    ),
    FLAG_ADDRESS: pgettext_lazy("score flag", "Many scores from one network address today"),
}
OUTLIER_GAP_CENTI = 250
OUTLIER_MIN_SCORES = 10
TRAILING_DAYS = 30
ADDRESS_FLAG_PER_DAY = 5


def flag_reason(
    *,
    average_centi: int,
    trailing_count: int,
    trailing_sum_centi: int,
    address_scores_today: int = 0,
) -> str:
    """Why a new score is flagged for review ('' when it is counted at once):
    ``outlier`` before ``address`` (see above). ``address_scores_today`` counts this one."""
    if trailing_count >= OUTLIER_MIN_SCORES:
        gap = abs(average_centi * trailing_count - trailing_sum_centi)
        if gap >= OUTLIER_GAP_CENTI * trailing_count:
            return FLAG_OUTLIER
    if address_scores_today > ADDRESS_FLAG_PER_DAY:
        return FLAG_ADDRESS
    return ""


def flag_label(reason: str) -> str:
    return str(FLAG_LABELS.get(reason, reason))


# why a score was refused (ScoreRefusal.reason: counted per street and day)
REFUSED_DUPLICATE, REFUSED_DEVICE_RATE, REFUSED_ADDRESS_RATE = (
    "duplicate",
    "device_rate",
    "address_rate",
)
REFUSAL_REASONS = (REFUSED_DUPLICATE, REFUSED_DEVICE_RATE, REFUSED_ADDRESS_RATE)
REFUSAL_LABELS = {
    REFUSED_DUPLICATE: pgettext_lazy("score refusal", "Already scored today"),
    REFUSED_DEVICE_RATE: pgettext_lazy("score refusal", "Device over its rate"),
    REFUSED_ADDRESS_RATE: pgettext_lazy("score refusal", "Network address over its rate"),
}

# the rate limits (per minute, per day): a scoring device, a network address (phones and
# signed-in residents; a device's own address is not counted, the device is)
DEVICE_LIMITS = ((30, 60), (600, 86400))
ADDRESS_LIMITS = ((10, 60), (50, 86400))

# ---------------------------------------------------------------- reviewing a flagged score

ACCEPT, REJECT = "accept", "reject"
REVIEW_ACTION_LABELS = {
    ACCEPT: pgettext_lazy("score review", "accept"),
    REJECT: pgettext_lazy("score review", "reject"),
}
SCORE_REVIEW = Lifecycle(
    table={
        ACCEPT: Transition(frozenset({FLAGGED}), COUNTED),
        REJECT: Transition(frozenset({FLAGGED}), REJECTED),
    },
    status_refused=pgettext_lazy(
        "score review",
        "This score is %(status)s: only a score flagged for review can be accepted or rejected.",
    ),
    unknown_refused=pgettext_lazy("score review", "A flagged score is accepted or rejected."),
    action_label=lambda a: REVIEW_ACTION_LABELS.get(a, a),
    status_label=lambda s: SCORE_STATUS_LABELS.get(s, s),
)
