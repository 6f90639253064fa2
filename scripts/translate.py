"""Fill msgstr entries of the zh_Hans catalogue from a JSON file of {msgid: msgstr} (a list
of forms for a plural entry, keyed by its singular msgid). For developers: `make
makemessages` first, then this, then `make messages`. Clears the fuzzy flag of every entry
it fills. Usage: translate.py strings.json"""

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parents[1] / "src/onething/locale/zh_Hans/LC_MESSAGES/django.po"


def main(path: str) -> int:
    strings = json.loads(Path(path).read_text(encoding="utf-8"))
    with PO.open("rb") as handle:
        catalog = read_po(handle)
    filled = 0
    for message in catalog:
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if key in strings:
            value = strings[key]  # a list for a plural entry
            message.string = tuple(value) if isinstance(value, list) else value
            message.flags.discard("fuzzy")
            filled += 1
    with PO.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, no_location=True)
    missing = set(strings) - {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalog}
    print(f"filled {filled}; not in the catalogue: {sorted(missing)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
