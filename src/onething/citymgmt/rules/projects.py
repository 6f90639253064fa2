"""A street's renovation project (整治项目), pure: its milestones 立项 → 施工 → 完工 and the
items a project may do (the seed's list of what 春潮菜场支路 got)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from onething.core.errors import FieldProblem
from onething.core.numbers import yuan
from onething.core.transitions import Lifecycle, Transition

PLANNED, UNDER_WAY, COMPLETED = "planned", "under_way", "completed"
MILESTONES = (PLANNED, UNDER_WAY, COMPLETED)
MILESTONE_LABELS = {
    PLANNED: pgettext_lazy("street project", "Approved"),  # 立项
    UNDER_WAY: pgettext_lazy("street project", "Under construction"),  # 施工
    COMPLETED: pgettext_lazy("street project", "Completed"),  # 完工
}

# what a renovation may do (code → label), in the order the seed names them
ITEMS = {
    "road_repair": pgettext_lazy("street item", "Broken road surface repaired"),  # 修复破损路面
    "railings": pgettext_lazy("street item", "Road railings added"),  # 加装道路隔离栏
    "shop_signs": pgettext_lazy("street item", "Shop signs redesigned"),  # 统一设计门头店招
    "parking": pgettext_lazy("street item", "Parking spaces added"),  # 增设停车位
    "bike_parking": pgettext_lazy("street item", "Bicycle parking added"),  # 非机动车停车位
    "rain_canopy": pgettext_lazy("street item", "Rain canopy built"),  # 挡雨棚
    "ac_units": pgettext_lazy("street item", "Outdoor AC units tidied"),  # 规整空调外机
    "flyposting": pgettext_lazy("street item", "Flyposting cleared"),  # 清除小广告
    "walls": pgettext_lazy("street item", "Walls repainted"),  # 粉刷墙壁
    "greening": pgettext_lazy("street item", "Flower beds planted"),  # 花坛绿植
    "lighting": pgettext_lazy("street item", "Street lights replaced"),  # 路灯
    "drainage": pgettext_lazy("street item", "Drains repaired"),  # 排水
}


# ---------------------------------------------------------------- the milestones' lifecycle

# the moves from one milestone to the next (开工: 立项 → 施工; 完工: 施工 → 完工); who may
# take them (the city-management office, the street's managing department) is the
# services' scope check, so the table names no role
START, COMPLETE = "start", "complete"
ACTION_LABELS = {
    START: pgettext_lazy("street project", "start construction"),  # 开工
    COMPLETE: pgettext_lazy("street project", "complete"),  # 完工
}

# the lines of a project's timeline (ProjectStep.action) that are no move of the lifecycle
CREATE, SPEND, PHOTO = "create", "spend", "photo"
STEP_LABELS = {
    CREATE: pgettext_lazy("street project", "Project approved"),  # 立项
    START: pgettext_lazy("street project", "Construction started"),  # 开工
    COMPLETE: pgettext_lazy("street project", "Completed"),  # 完工
    SPEND: pgettext_lazy("street project", "Spending recorded"),
    PHOTO: pgettext_lazy("street project", "Photo added"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def milestone_label(milestone: str) -> str:
    return str(MILESTONE_LABELS.get(milestone, milestone))


def step_label(action: str) -> str:
    """What a line of a project's timeline is called on a page."""
    return str(STEP_LABELS.get(action, action))


PROJECT_LIFECYCLE = Lifecycle(
    table={
        START: Transition({PLANNED}, UNDER_WAY),
        COMPLETE: Transition({UNDER_WAY}, COMPLETED),
    },
    status_refused=pgettext_lazy(
        "street project",
        "You cannot %(action)s a project at the milestone “%(status)s”, only one at “%(allowed)s”.",
    ),
    final_refused=pgettext_lazy("street project", "The project is completed already."),
    unknown_refused=pgettext_lazy("street project", "A project has no such move."),
    action_label=action_label,
    status_label=milestone_label,
)


# ---------------------------------------------------------------- what a project is made of

BUDGET_MAX_FEN = 100_000_000_000_000  # ¥1 万亿: a typing error, not a street's budget
TITLE_MAX = 100
NOTE_MAX = 500


def items_problems(items, field: str = "items") -> list[FieldProblem]:
    """The items of a project: at least one, each one of ITEMS, none twice."""
    if not isinstance(items, list | tuple) or not items:
        return [FieldProblem(field, "required", _("Choose at least one item of the renovation."))]
    problems = []
    unknown = [str(i) for i in items if not isinstance(i, str) or i not in ITEMS]
    if unknown:
        problems.append(
            FieldProblem(
                field,
                "choice",
                _("Unknown items %(u)s; choose from: %(c)s.")
                % {"u": ", ".join(unknown[:5]), "c": ", ".join(ITEMS)},
            )
        )
    if len(set(map(str, items))) != len(items):
        problems.append(FieldProblem(field, "duplicate", _("An item is named twice.")))
    return problems


def items_in_order(items) -> list[str]:
    """The items as ITEMS orders them (the order the seed names them in)."""
    chosen = set(items)
    return [code for code in ITEMS if code in chosen]


def item_labels(items) -> list[str]:
    return [str(ITEMS[code]) for code in items if code in ITEMS]


def money_problem(field: str, fen, *, allow_zero: bool = True) -> FieldProblem | None:
    """An amount of money in integer fen: a whole number, not negative, not absurd."""
    if isinstance(fen, bool) or not isinstance(fen, int):
        return FieldProblem(field, "type", _("An amount in fen (a whole number) is expected."))
    if fen < 0:
        return FieldProblem(field, "min", _("An amount cannot be negative."))
    if fen == 0 and not allow_zero:
        return FieldProblem(field, "min", _("An amount above zero is expected."))
    if fen > BUDGET_MAX_FEN:
        return FieldProblem(field, "max", _("This amount is too large to be right."))
    return None


def spend_problem(field: str, spent_fen: int, amount_fen) -> FieldProblem | None:
    """A spend of ``amount_fen`` on a project that has spent ``spent_fen`` so far: not zero
    (a negative amount corrects an earlier spend), within bounds, and what was spent never
    falls below zero. Spending beyond the budget is allowed (and shown)."""
    if isinstance(amount_fen, bool) or not isinstance(amount_fen, int):
        return FieldProblem(field, "type", _("An amount in fen (a whole number) is expected."))
    if amount_fen == 0:
        return FieldProblem(field, "zero", _("An amount other than zero is expected."))
    if abs(amount_fen) > BUDGET_MAX_FEN:
        return FieldProblem(field, "max", _("This amount is too large to be right."))
    if spent_fen + amount_fen < 0:
        return FieldProblem(
            field,
            "below_zero",
            _("A correction cannot take the money spent below zero (spent so far: %(s)s).")
            % {"s": yuan(spent_fen)},
        )
    return None


def over_budget(budget_fen: int, spent_fen: int) -> bool:
    return spent_fen > budget_fen


def fen_of_yuan(text) -> int | None:
    """An amount typed in yuan (``1234.5``, ``1,234.50``, ``-20``) as integer fen; None
    when it is not one (more than two decimals, not a number)."""
    raw = str(text if text is not None else "").strip().replace(",", "").replace("，", "")
    raw = raw.removeprefix("¥").removeprefix("￥").strip()
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None
    if not value.is_finite() or value != value.quantize(Decimal("0.01")):
        return None
    return int((value * 100).to_integral_value())
