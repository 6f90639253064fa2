"""`python -m onething <command>`: the project's management entry point.

Every Django management command is available, e.g. ``python -m onething migrate``,
``python -m onething demo`` (the demo city) and ``python -m onething audit verify``.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onething.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["onething", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
