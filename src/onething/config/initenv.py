"""Write a development ``.env`` with fresh random keys, unless one exists.

Run as ``python -m onething.config.initenv [path]`` (``make run`` does). It does not import
Django, because the settings it writes are what Django needs to start.
"""

import base64
import os
import secrets
import sys
from pathlib import Path


def key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


def main(argv: list[str]) -> int:
    path = Path(argv[1] if len(argv) > 1 else ".env")
    if path.exists():
        print(f"{path} exists; keeping it.")
        return 0
    path.write_text(
        "# Development settings written by `make run` (python -m onething.config.initenv).\n"
        "# Keep this file private: its keys decrypt the personal data in var/.\n"
        "# DEBUG is set by the command: off for `make run`, on for `make dev`.\n"
        f"DJANGO_SECRET_KEY={secrets.token_urlsafe(50)}\n"
        f"ONETHING_DATA_KEYS=k1:{key()}\n"
        f"ONETHING_INDEX_KEY={key()}\n"
        f"ONETHING_AUDIT_KEY={key()}\n"
    )
    path.chmod(0o600)
    print(f"Wrote {path} with new development keys.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
