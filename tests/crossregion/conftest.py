import pytest

from onething.core.models import Department, Enterprise, Role
from onething.core.permissions import SYSTEM
from onething.core.services.accounts import account_create
from tests.cases.conftest import Api

FOOD = "320200-SSDJ-002"  # 食品经营许可: an enterprise's, needs a paper original (food-safety-plan)
FOOD_FORM = {
    "business_name": "常州雪堰湖鲜餐饮店",
    "address": "武进区雪堰镇太湖路1号",
    "category": "热食类食品制售",
}
FOOD_MATERIALS = ("business-licence", "application-form", "food-safety-plan", "premises-proof")
XUEYAN, HUDAI, WANSHI = "320412114", "320211102", "320282107"


@pytest.fixture
def api(city):
    return lambda username, language="en": Api(city, username, language)


@pytest.fixture
def officer(city, api):
    """An officer account for any department, made on demand."""

    def make(code):
        username = f"officer.{code.lower()}"
        if not city.user_exists(username):
            account_create(
                actor=SYSTEM,
                username=username,
                password="x",
                role=Role.OFFICER,
                department=Department.objects.get(code=code),
            )
        return api(username)

    return make


@pytest.fixture
def restaurant():
    return Enterprise.objects.get(name="常州雪堰湖鲜餐饮店")


@pytest.fixture
def proxy_case(api, restaurant):
    """A walk-in at 胡埭镇 applies for 雪堰镇's food licence (proxy), from a queue ticket."""
    clerk = api("clerk.hudai")
    arrival = clerk.post("/api/crossregion/arrivals", {"ticket_number": "A017"}).json()
    answer = clerk.post(
        "/api/crossregion/cases/window",
        {
            "mode": "proxy",
            "handling_region_code": XUEYAN,
            "arrival_id": arrival["id"],
            "id_number": "11010519491231002X",
            "name": "吴国强",
            "phone": "13912345678",
            "item_code": FOOD,
            "form": FOOD_FORM,
            "materials": clerk.uploads(*FOOD_MATERIALS),
            "enterprise_credit_code": restaurant.credit_code,
            "delivery": "window",
        },
    )
    assert answer.status_code == 201, answer.content
    return answer.json()


REGISTRATION = "320200-SSDJ-001"  # 个体工商户设立登记: 高效协同 allowed
REGISTRATION_FORM = {
    "business_name": "胡埭湖鲜小吃店",
    "operator_name": "钱红",
    "operator_id": "11010519491231002X",
    "address": "滨湖区胡埭镇鸿翔路8号",
    "scope": "小吃服务",
}
REGISTRATION_MATERIALS = ("id-card", "application-form", "premises-proof")
CHECK = ["经营者名下有无未注销的个体工商户登记", "经营者是否列入严重违法失信名单"]


def collaborative_intake(api, seed: int = 51, **change):
    """A walk-in at 胡埭镇 registers a business there; 雪堰镇 (where the operator ran one
    before) checks the registrations it holds: 高效协同. The API's answer."""
    import random

    from onething.core.generate import resident_id

    clerk = api("clerk.hudai")
    body = {
        "mode": "collaborative",
        "partner_region_code": XUEYAN,
        "id_number": resident_id(random.Random(seed)),
        "name": "钱红",
        "item_code": REGISTRATION,
        "form": REGISTRATION_FORM,
        "materials": clerk.uploads(*REGISTRATION_MATERIALS),
    }
    return clerk.post("/api/crossregion/cases/window", {**body, **change})


@pytest.fixture
def collaborative_case(api):
    """The 高效协同 case, accepted by 胡埭's market regulator (officer.hudai)."""
    answer = collaborative_intake(api)
    assert answer.status_code == 201, answer.content
    number = answer.json()["case_number"]
    accepted = api("officer.hudai").post(f"/api/cases/{number}/accept")
    assert accepted.status_code == 200, accepted.content
    return answer.json()


def ask(api, number: str, username: str = "officer.hudai", key: str | None = None, **change):
    body = {"answering_department_code": "XY-SCJG", "questions": CHECK} | change
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return api(username).post(f"/api/crossregion/cases/{number}/checks", body, **headers)
