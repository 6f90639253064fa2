"""The back office: every configuration screen opens for an administrator, writes go into
the audit log, and the audit log itself cannot be edited there."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin

from onething.cases.models import Case
from onething.core.models import AuditEntry, Person, Region

# Words allowed on a Chinese back-office page: names of standards and products.
BRANDS = {"API", "JSON", "Schema", "ID", "SHA", "Excel", "PDF", "CSV", "LDAP"}
BRANDS |= {"Control", "Command", "Mac"}  # the keys named in Django's own help
INTERFACE = {"th", "label", "legend", "caption", "h1", "h2", "h3", "title", "button"}
INTERFACE_CLASSES = {"help", "helptext", "breadcrumbs", "object-tools", "submit-row"}


class Interface(HTMLParser):
    """The interface text of an admin page (headings, column heads, labels, help, filters,
    actions, buttons, accessible names), without the records' own data."""

    def __init__(self):
        super().__init__()
        self.stack, self.texts, self.raw = [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name in ("placeholder", "aria-label"):
            if a.get(name) and not a[name].startswith("选择此对象"):
                self.texts.append(a[name])
        if tag in ("input", "br", "img", "hr", "meta", "link", "col", "use", "path"):
            return
        classes = set((a.get("class") or "").split())
        interface = (
            (tag in INTERFACE and not (tag == "th" and "field-" in (a.get("class") or "")))
            or bool(classes & INTERFACE_CLASSES)
            or a.get("id") == "changelist-filter"
            or (tag == "select" and a.get("name") == "action")
        )
        self.stack.append((tag, interface, tag in ("script", "style", "svg", "textarea")))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if not data.strip() or any(skip for _t, _i, skip in self.stack):
            return
        self.raw.append(data)
        if any(interface for _t, interface, _s in self.stack):
            self.texts.append(data.strip())


def english(texts) -> set[str]:
    """The English words among ``texts`` (a token with a digit is a code or a name such as
    Open311, not a word)."""
    tokens = {w for t in texts for w in re.findall(r"[A-Za-z0-9_.-]*[A-Za-z][A-Za-z0-9_.-]*", t)}
    return {w for w in tokens if w.isalpha() and len(w) > 1} - BRANDS


def screens(model):
    app, name = model._meta.app_label, model._meta.model_name
    yield f"/admin/{app}/{name}/"
    yield f"/admin/{app}/{name}/add/"
    first = model.objects.order_by("-pk").first()
    if first is not None:
        yield f"/admin/{app}/{name}/{first.pk}/change/"


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_every_screen_opens_in_chinese_without_raw_json(city, model):
    """Each changelist, add and change page opens for the administrator, in Chinese (its
    headings, column heads, labels, help, filters and actions), and shows no raw JSON."""
    client = city.client("admin")
    first = model.objects.order_by("-pk").first()
    for url in screens(model):
        answer = client.get(url)
        expected = {200, 403} if url.endswith("/add/") else {200}
        assert answer.status_code in expected, url
        if answer.status_code != 200:
            continue
        page = Interface()
        page.feed(answer.content.decode())
        # The record's own name (in the title and the path) is its data, not interface.
        texts = [t.replace(str(first), "") for t in page.texts] if first else page.texts
        assert not english(texts), f"{url}: {sorted(english(texts))}"
        shown = " ".join(page.raw)
        assert '{"' not in shown and '["' not in shown, f"{url} shows raw JSON"


def test_read_only_records_cannot_be_added(city):
    client = city.client("admin")
    for model in (AuditEntry, Case):
        info = (model._meta.app_label, model._meta.model_name)
        assert client.get(f"/admin/{info[0]}/{info[1]}/add/").status_code == 403


def test_access_follows_roles_so_groups_and_permissions_are_not_offered(city):
    client = city.client("admin")
    assert client.get("/admin/auth/group/").status_code == 404
    page = client.get(f"/admin/core/user/{city.user('zhangwei').pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="user_permissions"' not in html and 'name="groups"' not in html
    assert "Can add" not in html


def test_admin_writes_are_audited(city):
    client = city.client("admin", "en")
    answer = client.post(
        "/admin/core/region/add/",
        {
            "code": "320211103",
            "name": "测试镇",
            "level": "town",
            "parent": city.region("320211").pk,
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    region = Region.objects.get(code="320211103")
    assert region.path == "/320000/320200/320211/320211103/"
    assert AuditEntry.objects.filter(action="region.create", subject_id=str(region.pk)).exists()


def test_admin_refuses_a_bad_region_code(city):
    answer = city.client("admin", "en").post(
        "/admin/core/region/add/",
        {"code": "330211103", "name": "错", "level": "town", "parent": city.region("320211").pk},
    )
    assert answer.status_code == 200
    assert "must start with its parent" in answer.content.decode()
    assert not Region.objects.filter(code="330211103").exists()


def test_admin_adds_a_person_through_the_service(city):
    client = city.client("admin", "en")
    bad = client.post(
        "/admin/core/person/add/",
        {"name": "周十", "id_number": "110105194912310021", "region": city.region("320211102").pk},
    )
    assert bad.status_code == 200 and "check character" in bad.content.decode()
    good = client.post(
        "/admin/core/person/add/",
        {"name": "周十", "id_number": "11010519491231002X", "region": city.region("320211102").pk},
    )
    assert good.status_code == 302
    person = Person.objects.get(name="周十")
    assert person.id_number_masked == "1101**********002X"
    assert AuditEntry.objects.filter(action="person.register", subject_id=str(person.pk)).exists()


def test_non_admin_cannot_open_admin(city):
    assert city.client("clerk.hudai").get("/admin/").status_code == 302


def test_the_back_office_is_headed_with_the_platforms_name_in_chinese(city):
    html = city.client("admin").get("/admin/").content.decode()
    assert "一件事 · 管理后台" in html and "<title>" in html and "一件事管理后台" in html
    assert "Django" not in html.split("<body", 1)[1]


def test_the_audit_log_names_actions_and_records_in_chinese(city):
    """The list, its filter and an entry's page name each action (受理, not case.accept) and
    kind of record as the case and appeal histories do; the code stays only beside the
    name on the entry's page."""
    from onething.cases.services.intake import case_submit
    from onething.cases.services.lifecycle import case_accept
    from onething.cases.services.materials import material_upload
    from tests import files
    from tests.cases.conftest import FORM, ITEM

    zhang = city.actor("zhangwei")
    ids = [
        material_upload(actor=zhang, material_type_code=code, name=f"{code}.pdf", data=files.pdf())
        for code in ("id-card", "application-form", "premises-proof")
    ]
    case = case_submit(actor=zhang, item_code=ITEM, form=FORM, material_ids=[m.pk for m in ids])
    case_accept(actor=city.actor("clerk.hudai"), number=case.number)
    client = city.client("admin")
    listed = client.get("/admin/core/auditentry/", {"q": case.pk}).content.decode()
    rows = listed[listed.index('id="result_list"') :]
    rows = rows[: rows.index("</table>")]
    assert "已受理" in rows and "提交申请" in rows, rows[:3000]
    assert "case.accept" not in rows and "case.submit" not in rows
    assert "办件" in rows and "cases.case" not in rows  # the kind of record by its name
    assert "张伟" in rows and "zhangwei" not in rows  # who, by name and role

    filters = listed[listed.index('id="changelist-filter"') :]
    assert "?action=case.accept" in filters and "已受理" in filters
    accepted = client.get("/admin/core/auditentry/", {"action": "case.accept"}).content.decode()
    assert case.number in accepted or f">{case.pk}<" in accepted

    entry = AuditEntry.objects.filter(action="case.accept", subject_id=str(case.pk)).get()
    detail = client.get(f"/admin/core/auditentry/{entry.pk}/change/").content.decode()
    assert "已受理 <code>case.accept</code>" in detail


def test_an_action_no_app_names_reads_as_a_recorded_action_with_its_code(city):
    from django.db import transaction

    from onething.core.permissions import SYSTEM
    from onething.core.services.audit import audit_record

    with transaction.atomic():
        audit_record(actor=SYSTEM, action="nothing.known", subject=("core.region", "x1"))
    listed = city.client("admin").get("/admin/core/auditentry/", {"q": "x1"}).content.decode()
    assert "其他已记录操作 <code>nothing.known</code>" in listed


WIDE_PAGES = [
    "/admin/",
    "/admin/core/auditentry/",
    "/admin/core/user/",
    "/admin/catalog/serviceitem/",
    "/admin/catalog/serviceitem/add/",
    "/admin/bundles/bundle/add/",
    "/admin/appeals/routingrule/",
    "/admin/cards/benefit/",
]


@pytest.mark.browser
def test_no_admin_page_is_wider_than_the_screen(page):
    """On a desktop and on a phone, a long list scrolls inside its own box: the page itself
    is never wider than the screen."""
    from onething.catalog.models import ServiceItem
    from tests.browser import sign_in

    item = ServiceItem.objects.exclude(form_schema={}).order_by("pk").first()
    sign_in(page, "admin")
    wide = []
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 860})
        for path in [*WIDE_PAGES, f"/admin/catalog/serviceitem/{item.pk}/change/"]:
            page.goto(page.base + path)
            scroll, inner = page.evaluate(
                "() => [document.documentElement.scrollWidth, window.innerWidth]"
            )
            if scroll > inner:
                wide.append(f"{path} at {width}px: {scroll} > {inner}")
    assert not wide, "\n".join(wide)


def test_readable_shows_json_as_escaped_tables():
    from onething.core.adminbase import readable

    html = str(
        readable({"name": "<b>王</b>", "tags": ["餐饮", "零售"], "ok": True}, {"name": "名称"})
    )
    assert '<th scope="row">名称</th><td>&lt;b&gt;王&lt;/b&gt;</td>' in html
    assert "餐饮、零售" in html and '{"' not in html
    rows = str(readable([{"venue": "ytz", "swipes": 5}, {"venue": "bus", "swipes": 7}]))
    assert rows.count("<tr>") == 3 and '<th scope="col">' in rows


def test_a_cases_form_is_a_table_of_its_questions(city):
    from onething.cases.models import Case
    from tests.cases.conftest import FORM, ITEM, Api

    zhang = Api(city, "zhangwei")
    ids = zhang.uploads("id-card", "application-form", "premises-proof")
    answer = zhang.post("/api/cases", {"item_code": ITEM, "form": FORM, "materials": ids})
    case = Case.objects.get(number=answer.json()["number"])
    html = city.client("admin").get(f"/admin/cases/case/{case.pk}/change/").content.decode()
    title = case.item.form_schema["properties"]["business_name"]["title"]
    assert f'<th scope="row">{title}</th><td>胡埭湖鲜小吃店</td>' in html
    shown = Interface()
    shown.feed(html)
    text = " ".join(shown.raw)
    assert "business_name" not in text and '{"' not in text


def test_an_items_form_schema_is_edited_beside_a_readable_preview(city):
    from onething.catalog.models import ServiceItem

    item = ServiceItem.objects.exclude(form_schema={}).order_by("pk").first()
    client = city.client("admin")
    html = client.get(f"/admin/catalog/serviceitem/{item.pk}/change/").content.decode()
    assert 'class="vLargeTextField json-editor"' in html or "json-editor" in html
    assert 'class="json-preview"' in html and "填写类型" in html
    key, spec = next(iter(item.form_schema["properties"].items()))
    assert f"<td>{spec.get('title', key)}</td><td><code>{key}</code></td>" in html


def test_policy_tags_are_words_not_json(city):
    from onething.appeals.admin import PolicyForm

    form = PolicyForm(initial={"industries": ["餐饮", "零售"], "sizes": ["micro"]})
    html = str(form["industries"]) + str(form["sizes"])
    assert 'value="餐饮, 零售"' in html and '["' not in html
    assert form.fields["industries"].clean("餐饮、零售，批发") == ["餐饮", "零售", "批发"]
