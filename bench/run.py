"""`make bench`: run every benchmark in bench/ (files named bench_*.py, each with a
``main()`` that prints its figure next to an anchor measured in the same run, as a ratio).

The issues name each benchmark's target ratio; results go to docs/performance.md by hand,
with the command that produced them."""

import importlib.util
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    wanted = set(argv[1:])
    found = sorted(HERE.glob("bench_*.py"))
    if wanted:
        found = [p for p in found if p.stem in wanted or p.stem.removeprefix("bench_") in wanted]
    if not found:
        print("no benchmarks in bench/ yet (files named bench_*.py with a main())")
        return 0
    failed = 0
    for path in found:
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print(f"== {path.stem}")
        started = time.perf_counter()
        failed += bool(module.main())
        print(f"   ({time.perf_counter() - started:.1f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
