"""Numbers as people type them (card, transit card and ID numbers): spaces and dashes
dropped. Pure."""

from __future__ import annotations

import re
from typing import Any


def compact(value: Any) -> str:
    return re.sub(r"[\s-]", "", str(value or ""))
