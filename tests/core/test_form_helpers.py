"""The forms' shared mechanisms (core.forms), without a database: every format error
states the expected format, in Chinese too; the number inputs carry the format as help
text; the confirmation box refuses an unticked irreversible action; the token that keeps
an upload cannot be forged; every problem lands beside its input."""

from __future__ import annotations

import pytest
from django import forms
from django.utils import translation

from onething.catalog.formschema import form_problems
from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.forms import (
    CreditCodeField,
    IdNumberField,
    PhoneField,
    confirm_field,
    kept_read,
    kept_token,
    problems_on,
    with_confirmation,
)
from onething.core.identity import credit_code_problem, phone_problem, resident_id_problem


@pytest.mark.parametrize(
    ("problem", "value", "expected"),
    [
        (resident_id_problem, "3202111990", "身份证号码为18位"),
        (resident_id_problem, "32021119900101123A", "例如 320211199001011234"),
        (credit_code_problem, "9132", "统一社会信用代码为18位，由数字和大写字母组成"),
        (credit_code_problem, "ABCDEFGH1234567890", "例如 91320211MA1Q8L7W0J"),
        (phone_problem, "12345", "11位手机号码，或区号加电话号码"),
    ],
)
def test_each_format_error_states_the_expected_format(problem, value, expected):
    with translation.override("zh-hans"):
        found = problem(value)
    assert found is not None and found.rule in ("length", "format")
    assert expected in found.message


def test_a_schema_date_and_phone_error_states_the_format():
    schema = {
        "type": "object",
        "properties": {
            "start": {"type": "string", "title": "开始日期", "format": "date"},
            "phone": {"type": "string", "title": "联系电话", "format": "cn-phone"},
            "code": {"type": "string", "title": "代码", "format": "cn-uscc"},
        },
    }
    with translation.override("zh-hans"):
        problems = {
            p.field: p.message
            for p in form_problems(schema, {"start": "2026/1/2", "phone": "1", "code": "x"})
        }
    assert "YYYY-MM-DD" in problems["form.start"] and "2026-12-04" in problems["form.start"]
    assert "13812345678" in problems["form.phone"]
    assert "91320211MA1Q8L7W0J" in problems["form.code"]  # all three at once


class People(forms.Form):
    id_number = IdNumberField(label="身份证号")
    credit_code = CreditCodeField(label="统一社会信用代码", required=False)
    phone = PhoneField(label="电话", required=False)


def test_the_number_inputs_show_their_format_and_report_every_error():
    with translation.override("zh-hans"):
        form = People({"id_number": "123", "credit_code": "91", "phone": "555"})
        assert not form.is_valid()
        assert set(form.errors) == {"id_number", "credit_code", "phone"}  # all at once
        assert "例如 320211199001011234" in form.errors["id_number"][0]
        html = str(form["id_number"])
        assert 'aria-describedby="id_id_number_helptext id_id_number_error"' in html
        assert "例如 13812345678" in str(form["phone"].help_text)
    good = People({"id_number": "320211199001011234", "phone": "0510-81234567"})
    assert good.is_valid(), good.errors


def test_a_confirmation_box_refuses_until_ticked():
    class Decline(forms.Form):
        reason = forms.CharField(required=False)

    Confirmed = with_confirmation(Decline, "我已知晓")
    with translation.override("zh-hans"):
        refused = Confirmed({"reason": "x"})
        assert not refused.is_valid() and "请勾选确认" in refused.errors["confirm"][0]
    assert Confirmed({"reason": "x", "confirm": "on"}).is_valid()
    assert confirm_field("x").required and confirm_field("x").confirms


def test_a_kept_upload_token_cannot_be_forged():
    token = kept_token(upload_id=7, user_id=3, name="身份证.pdf")
    assert kept_read(token) == (7, 3, "身份证.pdf")
    assert kept_read(token[:-2] + "xx") is None
    assert kept_read("7") is None and kept_read("") is None


def test_every_problem_lands_beside_its_input():
    class Appeal(forms.Form):
        title = forms.CharField(required=False)
        photos = forms.CharField(required=False)
        region = forms.CharField(required=False)

    form = Appeal({})
    assert form.is_valid()
    error = ValidationFailed(
        [
            FieldProblem("title", "required", "a"),
            FieldProblem("photos.2", "format", "b"),
            FieldProblem("region_code", "unknown", "c"),
            FieldProblem("nowhere", "x", "d"),
        ]
    )
    problems_on(form, error, {"region_code": "region"})
    assert form.errors == {"title": ["a"], "photos": ["b"], "region": ["c"], "__all__": ["d"]}


class Sheet(forms.Form):
    file = forms.CharField(required=False)
    credit_codes = forms.CharField(required=False)


def test_a_numbered_row_says_its_row_and_column_in_chinese():
    form = Sheet({})
    assert form.is_valid()
    error = ValidationFailed(
        [
            FieldProblem("rows.3.year", "range", "年份不对"),
            FieldProblem("credit_codes[2]", "format", "代码不对"),
        ]
    )
    with translation.override("zh-hans"):
        problems_on(form, error, {"rows": "file"}, numbered={"rows": 0, "credit_codes": 1})
        assert form.errors["file"] == ["第 3 行，year：年份不对"]
        assert form.errors["credit_codes"] == ["第 3 行：代码不对"]


def test_a_rows_problems_land_on_the_list_input_as_they_are_without_numbering():
    form = Sheet({})
    assert form.is_valid()
    problems_on(
        form, ValidationFailed([FieldProblem("rows.3.year", "range", "m")]), {"rows": "file"}
    )
    assert form.errors == {"file": ["m"]}


def test_after_the_forms_own_checks_one_error_per_input_and_only_beside_inputs():
    class Person(forms.Form):
        name = forms.CharField(max_length=2)
        phone = forms.CharField(required=False)

    form = Person({"name": "toolong"})
    assert not form.is_valid()
    own = list(form.errors["name"])
    problems = [  # a rule's problems: a list, not a refusal
        FieldProblem("name", "x", "again"),
        FieldProblem("phone", "format", "first"),
        FieldProblem("phone", "format", "second"),
        FieldProblem("elsewhere", "x", "another form says it"),
    ]
    problems_on(form, problems, one_per_input=True, beside_only=True)
    assert form.errors == {"name": own, "phone": ["first"]}
    everything = Person({"name": "ok"})
    assert everything.is_valid()
    problems_on(everything, problems)
    assert everything.errors == {
        "name": ["again"],
        "phone": ["first", "second"],
        "__all__": ["another form says it"],
    }
