"""A case's pages name things in Chinese and say what each label means: the 时限状态 column
shows a state (正常 / 预警 / 超期, 按时办结 / 超期办结 once concluded) and the date has its
own column; a licence's 有效期 is its period; the history names people and their roles, not
accounts and role codes, and a note the service recorded as a code reads in words."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from onething.cases.models import Licence

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class _Table(HTMLParser):
    """The first table with data-testid="list": its headers and rows of cell texts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headers: list[str] = []
        self.rows: list[list[str]] = []
        self._in = self._done = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and dict(attrs).get("data-testid") == "list" and not self._done:
            self._in = True
        elif self._in and tag == "tr":
            self.rows.append([])
        elif self._in and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if self._in and tag in ("td", "th") and self._cell is not None:
            text = "".join(self._cell).strip()
            (self.headers if tag == "th" else self.rows[-1]).append(text)
            self._cell = None
        elif tag == "table" and self._in:
            self._in, self._done = False, True

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def columns(html: str) -> list[dict[str, str]]:
    table = _Table()
    table.feed(html)
    return [dict(zip(table.headers, row, strict=False)) for row in table.rows if row]


def test_the_deadline_state_column_shows_a_state_and_the_date_its_own_column(city, licensed):
    rows = columns(city.client("zhangwei").get("/my/cases/").content.decode())
    row = next(r for r in rows if r.get("办件编号") == licensed.number)
    assert row["时限状态"] == "按时办结" and not DATE.search(row["时限状态"])
    assert DATE.fullmatch(row["办理期限"])


def test_a_running_case_reads_normal_in_the_officers_inbox(city, submitted, api):
    number = submitted["number"]
    assert api("clerk.hudai").post(f"/api/cases/{number}/accept").status_code == 200
    rows = columns(city.client("officer.hudai").get("/inbox/").content.decode())
    row = next(r for r in rows if r.get("办件编号") == number)
    assert row["时限状态"] in ("正常", "预警") and not DATE.search(row["时限状态"])


def test_a_licence_shows_its_period_of_validity(city, licensed):
    licence = Licence.objects.get(case=licensed)
    for url in (f"/cases/{licensed.number}/", f"/licences/verify/{licence.verify_code}/"):
        client = city.client("zhangwei") if url.startswith("/cases") else city.client()
        page = client.get(url).content.decode()
        validity = page.split('data-testid="licence-validity">', 1)[1].split("</dd>", 1)[0]
        assert "<dt>有效期</dt>" in page
        assert licence.valid_from.isoformat() in validity
        assert (licence.valid_until.isoformat() if licence.valid_until else "长期") in validity


def test_the_history_names_people_and_roles_not_accounts(city, licensed):
    page = city.client("supervisor").get(f"/cases/{licensed.number}/").content.decode()
    timeline = page.split('data-testid="timeline"', 1)[1].split("</ol>", 1)[0]
    clerk, officer = city.user("clerk.hudai"), city.user("officer.hudai")
    assert f"{clerk.display_name}（窗口人员）" in timeline
    assert f"{officer.display_name}（部门审批人员）" in timeline
    for code in ("clerk.hudai", "officer.hudai", "(clerk)", "(officer)", "(applicant)"):
        assert code not in timeline


def test_an_instant_items_history_reads_in_words(city, walk_in):
    page = city.client("clerk.hudai").get(f"/cases/{walk_in.number}/").content.decode()
    timeline = page.split('data-testid="timeline"', 1)[1].split("</ol>", 1)[0]
    assert "即办件：当场办结" in timeline and "instant" not in timeline
