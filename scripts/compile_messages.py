"""Compile the gettext catalogues (.po → .mo) with Babel, so a fresh machine needs no
system gettext tools."""

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1] / "src" / "onething"


def main() -> int:
    count = 0
    for po_path in ROOT.glob("**/locale/*/LC_MESSAGES/*.po"):
        with po_path.open("rb") as handle:
            catalog = read_po(handle)
        with po_path.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        count += 1
    print(f"compiled {count} message catalogue(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
