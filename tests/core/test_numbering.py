"""Human-readable numbers: region code + date + sequence, unique under concurrency."""

import datetime as dt
import threading

import pytest
from django.db import connection, transaction

from onething.core.services.numbering import number_next


def test_format_and_sequence(db):
    day = dt.date(2030, 11, 25)  # a day no demo case is numbered on
    first = number_next(series="case", region_code="320211", on=day)
    second = number_next(series="case", region_code="320211", on=day)
    assert first == "320211-20301125-000001"
    assert second == "320211-20301125-000002"
    assert number_next(series="case", region_code="320412", on=day).endswith("-000001")
    assert number_next(series="appeal", region_code="320211", on=day) == "SQ320211-20301125-000001"
    assert number_next(series="case", region_code="320211", on=day + dt.timedelta(days=1)).endswith(
        "-000001"
    )


@pytest.mark.django_db(transaction=True)
def test_unique_under_parallel_threads():
    day = dt.date(2030, 11, 26)
    got: list[str] = []
    errors: list[Exception] = []
    lock = threading.Lock()
    start = threading.Barrier(8)

    def take():
        try:
            start.wait()
            for _ in range(25):
                with transaction.atomic():
                    number = number_next(series="case", region_code="320211", on=day)
                with lock:
                    got.append(number)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=take) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(got) == 200
    assert len(set(got)) == 200
    assert sorted(int(n.rsplit("-", 1)[1]) for n in got) == list(range(1, 201))


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_with_one_idempotency_key_make_one_record(transactional_city):
    """Four clients retrying the same registration at once: one person, one answer."""
    from onething.core.models import Person
    from onething.core.services.parties import person_register

    clerk = transactional_city.actor("clerk.hudai")
    got, errors = [], []
    start = threading.Barrier(4)

    def register():
        try:
            start.wait()
            person = person_register(
                actor=clerk,
                name="并发",
                id_number="11010519491231002X",
                region_code="320211102",
                idempotency_key="same-key",
            )
            got.append(person.pk)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=register) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(set(got)) == 1 and len(got) == 4
    assert Person.objects.filter(name="并发").count() == 1
