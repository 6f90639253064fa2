"""Identity number rules and masking — pure, no database."""

import random

import pytest
from django.utils import translation
from stdnum.cn import ric, uscc

from onething.core.errors import ValidationFailed
from onething.core.generate import credit_code, resident_id
from onething.core.identity import (
    check_credit_code,
    check_resident_id,
    credit_code_problem,
    mask_id_number,
    mask_name,
    mask_phone,
    phone_problem,
    resident_id_problem,
)

VALID_ID = "11010519491231002X"  # the standard's own example


def with_check(body: str) -> str:
    return body + ric.calc_check_digit(body + "0")


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("", "required"),
        ("1101051949123100", "length"),
        ("11010519491231002A", "format"),
        ("110105194912310021", "checksum"),
        (with_check("11010519491331002"), "birth_date"),  # month 13
        (with_check("11010520991231002"), "birth_date"),  # in the future
        (with_check("99999919491231002"), "region"),  # no such division
    ],
)
def test_resident_id_rules(value, rule):
    problem = resident_id_problem(value)
    assert problem is not None
    assert (problem.field, problem.rule) == ("id_number", rule)


def test_valid_resident_id_passes_and_is_compacted():
    assert resident_id_problem(VALID_ID) is None
    assert check_resident_id(" 11010519491231002x ".upper()) == VALID_ID


def test_check_resident_id_names_the_field_in_the_language():
    with translation.override("en"), pytest.raises(ValidationFailed) as info:
        check_resident_id("110105194912310021", field="applicant_id")
    assert info.value.details["fields"][0]["field"] == "applicant_id"
    assert "check character" in info.value.details["fields"][0]["message"]
    with translation.override("zh-hans"), pytest.raises(ValidationFailed) as info:
        check_resident_id("110105194912310021")
    assert "校验" in info.value.details["fields"][0]["message"]


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("", "required"),
        ("91320200MA1", "length"),
        ("91320200MA1MXXXXXI", "format"),  # I is not in the alphabet
        ("9132020OMA1MXXXXX1", "format"),  # letter in the region
    ],
)
def test_credit_code_rules(value, rule):
    problem = credit_code_problem(value)
    assert problem is not None and problem.rule == rule


def test_credit_code_checksum_and_region():
    good = credit_code(random.Random(1), "320211")
    assert credit_code_problem(good) is None
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    assert credit_code_problem(wrong).rule == "checksum"
    body = "91" + "999999" + good[8:17]
    assert credit_code_problem(body + uscc.calc_check_digit(body)).rule == "region"
    assert check_credit_code(good.lower()) == good


def test_generated_identities_are_valid():
    rng = random.Random(7)
    for _ in range(50):
        assert resident_id_problem(resident_id(rng)) is None
        assert credit_code_problem(credit_code(rng)) is None


def test_phone_rules():
    assert phone_problem("13800001234") is None
    assert phone_problem("+86 138-0000-1234") is None
    assert phone_problem("051085123456") is None
    assert phone_problem("12345").rule == "format"


def test_masks():
    assert mask_id_number("320211199001011234") == "3202**********1234"
    assert mask_phone("13800001234") == "138****1234"
    assert mask_name("陈锦坤") == "陈**"
    assert mask_name("欧阳小明") == "欧阳**"
