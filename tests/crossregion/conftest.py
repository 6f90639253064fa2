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
