"""Helpers for browser tests (the fixtures ``browser`` and ``page`` are in tests/conftest.py):
Playwright for Python driving Debian's chromium against the live server."""

from pathlib import Path

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "var" / "test-results" / "screenshots"
# axe-core, pinned in package.json (installed by `npm ci`; scripts/vendor_assets.py copies it
# to var/test-assets/): injected by the tests only, never served on a page.
AXE = [
    ROOT / "node_modules" / "axe-core" / "axe.min.js",
    ROOT / "var" / "test-assets" / "axe.min.js",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def sign_in(page, username, password="Demo#2026"):
    page.goto(f"{page.base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("[data-testid=sign-in]")
    page.wait_for_selector("[data-testid=home-title]")


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def axe(page, impacts=("serious", "critical")):
    """The page's accessibility violations (WCAG 2.1 A and AA rules of axe-core) of the given
    impacts, each as a dict with its rule id, impact, help and the offending elements."""
    script = next((p for p in AXE if p.exists()), None)
    assert script is not None, f"axe-core is missing ({AXE[0]}): run `npm ci`"
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, which the page's CSP (no inline script)
        # does not govern, unlike a script tag.
        page.evaluate("() => {\n" + script.read_text(encoding="utf-8") + "\n}")
    result = page.evaluate(
        """async (tags) => {
            const r = await window.axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html,
                                          summary: n.failureSummary})),
            }));
        }""",
        AXE_TAGS,
    )
    return [v for v in result if v["impact"] in impacts]


def axe_report(violations) -> str:
    """Violations as readable lines, for an assertion's message."""
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']}")
        for node in v["nodes"][:8]:
            lines.append(f"    {node['target']}  {node['html'][:160]}")
            lines.extend(f"      {s}" for s in (node["summary"] or "").splitlines()[1:3])
    return "\n".join(lines)
