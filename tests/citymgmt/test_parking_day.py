"""THE parking test: 春星小学's shared car park through a school day's windows, over the
gates' API (the clock set by ``core.clock.frozen`` at each event, as a gate reports live):
a registered parent in at 07:30 counts as a parent (free) and, still in at 09:00, is
flagged an overstay; the parent's plate back at 10:00 is public use (not refused) and
pays; a public car pays by the hour; a registered resident in at 20:00 leaves at 06:50
the next morning within the night window. On a day without school (a weekend, a holiday,
the summer holidays outside the term) the parents' window does not apply; a make-up
working day inside the term is a school day. The use per window and group, the stays and
the live occupancy follow."""

from __future__ import annotations

import json

import pytest

from onething.citymgmt.models import ParkingEvent, ParkingStay, ParkingUse
from onething.citymgmt.services.parking import overstays_flag
from onething.core import clock

from .world_parking import LOT, PARENT_PLATE, PUBLIC_PLATE, RESIDENT_PLATE, at, build

SCHOOL_DAY = "2025-10-10"  # a Friday of the autumn term
NEXT_DAY = "2025-10-11"  # a Saturday, but a make-up working day (调休) in the term


def gate(client, token: str, event_id: str, kind: str, plate: str, when, now=None, **headers):
    """A gate's report, sent as it saw the car (the clock set then, or at ``now``)."""
    body = {"event_id": event_id, "kind": kind, "plate": plate, "at": when.isoformat()}
    with clock.frozen(now or when):
        return client.post(
            "/api/citymgmt/parking/events",
            json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
            **headers,
        )


def sent(client, token, event_id, kind, plate, when) -> dict:
    answer = gate(client, token, event_id, kind, plate, when)
    assert answer.status_code == 200, answer.content
    return answer.json()


def occupied(world) -> int:
    return world.fresh().occupied


def test_a_school_day_through_its_windows(city, client):
    world = build(city)
    into, out = world.entry_token, world.exit_token

    # 07:30 a registered parent: the parents' morning window, free, until 08:30
    parent = sent(client, into, "in-0001", "entry", "苏b 123·45", at(SCHOOL_DAY, 7, 30))
    assert (parent["plate"], parent["group"], parent["window"]) == (
        PARENT_PLATE,
        "parent",
        "家长早高峰",
    )
    assert parent["stay"]["allowed_until"] == at(SCHOOL_DAY, 8, 30).isoformat()
    assert not parent["replaced_stay"] and not parent["unmatched"]
    assert occupied(world) == 1

    # still in after the window: flagged only once the grace (15 minutes) has passed
    assert overstays_flag(now=at(SCHOOL_DAY, 8, 40)) == 0
    assert overstays_flag(now=at(SCHOOL_DAY, 9)) == 1
    assert overstays_flag(now=at(SCHOOL_DAY, 9, 5)) == 0  # flagged once
    staff = city.client()
    staff.force_login(city.user("officer.xwcg"))
    flagged = staff.get("/api/citymgmt/parking/stays", {"lot": LOT, "open": 1, "overstayed": 1})
    assert flagged.status_code == 200, flagged.content
    assert [s["plate"] for s in flagged.json()["items"]] == [PARENT_PLATE]

    left = sent(client, out, "out-0001", "exit", PARENT_PLATE, at(SCHOOL_DAY, 9, 20))
    assert (left["group"], left["stay"]["fee_fen"], left["stay"]["overstayed"]) == (
        "parent",
        0,
        True,
    )
    assert left["stay"]["minutes"] == 110
    assert occupied(world) == 0

    # 10:00 the parent's plate again, outside the parents' windows: public use, not refused
    again = sent(client, into, "in-0002", "entry", PARENT_PLATE, at(SCHOOL_DAY, 10))
    assert (again["group"], again["window"]) == ("public", "社会车辆")
    assert again["stay"]["allowed_until"] == at(SCHOOL_DAY, 15, 30).isoformat()
    # 10:00 a public car
    public = sent(client, into, "in-0003", "entry", PUBLIC_PLATE, at(SCHOOL_DAY, 10, 5))
    assert (public["group"], public["window"]) == ("public", "社会车辆")
    assert occupied(world) == 2
    paid = sent(client, out, "out-0002", "exit", PARENT_PLATE, at(SCHOOL_DAY, 11, 20))
    assert paid["stay"]["fee_fen"] == 1000  # two hours started at ¥5
    paid = sent(client, out, "out-0003", "exit", PUBLIC_PLATE, at(SCHOOL_DAY, 12, 35))
    assert (paid["stay"]["fee_fen"], paid["stay"]["overstayed"]) == (1500, False)
    assert occupied(world) == 0

    # 20:00 a registered resident: the night window, until 07:00 the next morning
    resident = sent(client, into, "in-0004", "entry", RESIDENT_PLATE, at(SCHOOL_DAY, 20))
    assert (resident["group"], resident["window"]) == ("resident", "居民夜间")
    assert resident["stay"]["allowed_until"] == at(NEXT_DAY, 7).isoformat()
    assert overstays_flag(now=at(NEXT_DAY, 6, 55)) == 0
    home = sent(client, out, "out-0004", "exit", RESIDENT_PLATE, at(NEXT_DAY, 6, 50))
    assert (home["stay"]["fee_fen"], home["stay"]["overstayed"]) == (0, False)
    assert occupied(world) == 0

    # the use per window and group, on the day of each entry
    use = staff.get(f"/api/citymgmt/parking/shared/{LOT}/use", {"from": SCHOOL_DAY, "to": NEXT_DAY})
    assert use.status_code == 200, use.content
    rows = {(r["window"], r["group"]): r for r in use.json()["rows"]}
    assert set(rows) == {("家长早高峰", "parent"), ("社会车辆", "public"), ("居民夜间", "resident")}
    assert (rows["家长早高峰", "parent"]["entries"], rows["家长早高峰", "parent"]["overstays"]) == (
        1,
        1,
    )
    assert rows["社会车辆", "public"]["entries"] == 2
    assert rows["社会车辆", "public"]["fees_fen"] == 2500
    assert rows["社会车辆", "public"]["minutes"] == 80 + 150
    assert rows["居民夜间", "resident"]["minutes"] == 10 * 60 + 50
    assert use.json()["entries"] == 4
    assert ParkingStay.objects.filter(exited_at__isnull=True).count() == 0


@pytest.mark.parametrize(
    "day",
    [
        "2025-10-18",  # a Saturday
        "2025-10-03",  # the National Day holiday (a Friday)
        "2025-08-20",  # a Wednesday of the summer holidays: outside the term
    ],
)
def test_on_a_day_without_school_the_parents_window_does_not_apply(city, client, day):
    world = build(city)
    parent = sent(client, world.entry_token, f"in-{day}", "entry", PARENT_PLATE, at(day, 7, 30))
    assert (parent["group"], parent["window"]) == ("public", "社会车辆")
    assert parent["stay"]["allowed_until"] == at(day, 19).isoformat()  # until the night
    page = client.get(f"/api/citymgmt/parking/shared/{LOT}")
    assert page.status_code == 200


def test_a_make_up_working_day_in_the_term_is_a_school_day(city, client):
    world = build(city)
    parent = sent(
        client, world.entry_token, "in-makeup", "entry", PARENT_PLATE, at(NEXT_DAY, 7, 30)
    )
    assert (parent["group"], parent["window"]) == ("parent", "家长早高峰")
    with clock.frozen(at(NEXT_DAY, 7, 35)):
        status = client.get(f"/api/citymgmt/parking/shared/{LOT}").json()
    assert status["today"] == {
        "day": NEXT_DAY,
        "school": True,
        "workday": True,
        "in_term": True,
        "provisional": False,
    }
    assert (status["now_group"], status["now_window"], status["occupied"]) == (
        "parent",
        "家长早高峰",
        1,
    )
    assert [s["group"] for s in status["timeline"]] == [
        "resident",
        "parent",
        "public",
        "parent",
        "public",
        "resident",
    ]


def test_a_second_entry_closes_the_stay_still_open_and_an_exit_without_entry_counts(city, client):
    world = build(city)
    first = sent(client, world.entry_token, "in-a", "entry", PUBLIC_PLATE, at(SCHOOL_DAY, 10))
    second = sent(client, world.entry_token, "in-b", "entry", PUBLIC_PLATE, at(SCHOOL_DAY, 12))
    assert second["replaced_stay"] and not first["replaced_stay"]
    assert occupied(world) == 1  # one car, not two
    old = ParkingStay.objects.get(pk=first["stay"]["id"])
    assert (old.exited_at, old.exit_id, old.fee_fen) == (at(SCHOOL_DAY, 12), None, 0)
    # the retry of the second entry says the same, replaced stay included
    again = sent(client, world.entry_token, "in-b", "entry", PUBLIC_PLATE, at(SCHOOL_DAY, 12))
    assert again == second

    ghost = sent(client, world.exit_token, "out-x", "exit", "苏E54321", at(SCHOOL_DAY, 13))
    assert (ghost["unmatched"], ghost["stay"], ghost["group"]) == (True, None, "public")
    assert occupied(world) == 1  # nothing to take away
    assert ParkingEvent.objects.filter(event_id="out-x").count() == 1
    counted = ParkingUse.objects.filter(unmatched_exits__gt=0).get()
    assert (counted.group, counted.unmatched_exits) == ("public", 1)


def test_an_exit_past_the_window_and_the_grace_is_an_overstay_counted_once(city, client):
    world = build(city)
    sent(client, world.entry_token, "in-p", "entry", PUBLIC_PLATE, at(SCHOOL_DAY, 10))
    late = sent(client, world.exit_token, "out-p", "exit", PUBLIC_PLATE, at(SCHOOL_DAY, 16))
    assert (late["stay"]["overstayed"], late["stay"]["fee_fen"]) == (True, 3000)
    assert overstays_flag(now=at(SCHOOL_DAY, 16, 5)) == 0  # it left: nothing to flag
    row = ParkingUse.objects.get(group="public", window__name="社会车辆")
    assert (row.entries, row.overstays, row.minutes, row.fees_fen) == (1, 1, 360, 3000)


def test_the_cron_command_flags_the_overstays(city, client):
    import io

    from django.core.management import call_command

    world = build(city)
    sent(client, world.entry_token, "in-c", "entry", PARENT_PLATE, at(SCHOOL_DAY, 7, 30))
    out = io.StringIO()
    with clock.frozen(at(SCHOOL_DAY, 9)):
        call_command("citymgmt_flag_overstays", stdout=out)
    assert out.getvalue().strip() == "overstays flagged: 1"
    assert ParkingStay.objects.get(plate=PARENT_PLATE).overstayed
