"""Where the demo city's devices and cameras stand: each district of Wuxi as a simplified
outline (from the Wuxi GeoJSON the map draws, its vertices thinned and pulled 5% toward
the middle so a point drawn inside lies inside the real district), its built-up centre,
the towns the demo's regions name, and the roads that name the places."""

from __future__ import annotations

import json
import random
from pathlib import Path

# district code → its outline as (longitude, latitude) vertices (outlines.json)
OUTLINES: dict[str, tuple[tuple[float, float], ...]] = {
    code: tuple((x, y) for x, y in district["outline"])
    for code, district in json.loads(
        (Path(__file__).resolve().parent / "outlines.json").read_text(encoding="utf-8")
    ).items()
}

# district code → (name, centre longitude, centre latitude, spread in degrees)
CENTRES = {
    "320213": ("梁溪区", 120.300, 31.578, 0.014),
    "320205": ("锡山区", 120.385, 31.590, 0.02),
    "320206": ("惠山区", 120.290, 31.660, 0.025),
    "320211": ("滨湖区", 120.270, 31.545, 0.02),
    "320214": ("新吴区", 120.385, 31.540, 0.02),
    "320281": ("江阴市", 120.285, 31.895, 0.03),
    "320282": ("宜兴市", 119.830, 31.365, 0.03),
}

# town code → (district code, longitude, latitude, spread)
TOWNS = {
    "320211102": ("320211", 120.145, 31.535, 0.01),  # 胡埭镇
    "320213006": ("320213", 120.315, 31.558, 0.006),  # 清名桥街道
    "320206002": ("320206", 120.285, 31.672, 0.008),  # 堰桥街道
    "320205102": ("320205", 120.490, 31.655, 0.012),  # 东港镇
    "320281009": ("320281", 120.165, 31.880, 0.01),  # 申港街道
    "320282107": ("320282", 119.745, 31.495, 0.012),  # 万石镇
}

# the share of a kind's devices each district has
DISTRICT_WEIGHTS = {
    "320213": 16,
    "320205": 13,
    "320206": 13,
    "320211": 15,
    "320214": 13,
    "320281": 15,
    "320282": 15,
}
TOWN_SHARE = 0.15  # of a district's devices, those in one of its towns the demo names

ROADS = {
    "320213": (
        "中山路",
        "人民路",
        "解放路",
        "学前街",
        "县前街",
        "崇宁路",
        "广益路",
        "运河西路",
        "南长街",
        "清扬路",
        "北大街",
        "通江大道",
        "兴源路",
        "五爱路",
    ),
    "320205": (
        "东亭路",
        "锡沪路",
        "友谊路",
        "团结路",
        "二泉东路",
        "春晖路",
        "安镇大街",
        "先锋路",
        "云林路",
        "东亭北路",
    ),
    "320206": (
        "惠山大道",
        "政和大道",
        "钱藕路",
        "堰新路",
        "洛社大街",
        "西环线",
        "藕塘路",
        "惠澄大道",
        "前洲路",
        "玉祁路",
    ),
    "320211": (
        "太湖大道",
        "梁溪路",
        "蠡湖大道",
        "湖滨路",
        "隐秀路",
        "青祁路",
        "建筑路",
        "鸿翔路",
        "湖山路",
        "震泽路",
    ),
    "320214": (
        "长江路",
        "新华路",
        "珠江路",
        "锡士路",
        "净慧路",
        "和风路",
        "梅育路",
        "硕放路",
        "菱湖大道",
        "高浪东路",
    ),
    "320281": (
        "人民路",
        "澄江路",
        "虹桥路",
        "芙蓉大道",
        "朝阳路",
        "延陵路",
        "长山大道",
        "澄南路",
        "滨江路",
        "申港路",
    ),
    "320282": (
        "人民路",
        "东山路",
        "阳泉路",
        "氿滨大道",
        "宜城路",
        "紫砂路",
        "丁蜀大道",
        "荆溪路",
        "解放东路",
        "万石路",
    ),
}


def inside(longitude: float, latitude: float, outline) -> bool:
    """Whether the point lies inside the outline (ray casting)."""
    found = False
    last = outline[-1]
    for point in outline:
        (x1, y1), (x2, y2) = last, point
        if (y1 > latitude) != (y2 > latitude) and longitude < (x2 - x1) * (latitude - y1) / (
            y2 - y1
        ) + x1:
            found = not found
        last = point
    return found


def _bounds(outline) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in outline], [p[1] for p in outline]
    return min(xs), max(xs), min(ys), max(ys)


def place(rng: random.Random, region_code: str) -> tuple[float, float]:
    """A point (latitude, longitude) in the region: a town's near its centre, a district's
    near its built-up centre mostly, else anywhere inside it."""
    district = TOWNS[region_code][0] if region_code in TOWNS else region_code
    outline = OUTLINES[district]
    if region_code in TOWNS:
        _d, x0, y0, spread = TOWNS[region_code]
    else:
        _n, x0, y0, spread = CENTRES[district]
        if rng.random() < 0.35:
            spread = 0.0  # anywhere in the district
    left, right, bottom, top = _bounds(outline)
    for _ in range(50):
        if spread:
            x, y = rng.gauss(x0, spread), rng.gauss(y0, spread * 0.85)
        else:
            x, y = rng.uniform(left, right), rng.uniform(bottom, top)
        if inside(x, y, outline):
            return round(y, 6), round(x, 6)
    return round(y0, 6), round(x0, 6)


def district_of(region_code: str) -> str:
    return TOWNS[region_code][0] if region_code in TOWNS else region_code


def regions_drawn(rng: random.Random, n: int) -> list[str]:
    """``n`` region codes spread over the districts by their weights, some in their towns."""
    districts = list(DISTRICT_WEIGHTS)
    weights = [DISTRICT_WEIGHTS[d] for d in districts]
    towns = {d: [t for t, (parent, *_r) in TOWNS.items() if parent == d] for d in districts}
    drawn = []
    for district in rng.choices(districts, weights, k=n):
        if towns[district] and rng.random() < TOWN_SHARE:
            drawn.append(rng.choice(towns[district]))
        else:
            drawn.append(district)
    return drawn
