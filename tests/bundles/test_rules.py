"""The bundles' pure rules, without a database: coding rule, DAG validation, the one form,
data passing and checks, progress of a run, elapsed against relay time."""

import datetime as dt

from onething.bundles.rules import (
    StepSpec,
    bundle_code_problems,
    failed_checks,
    find_cycle,
    graph_problems,
    merged_schema,
    one_form_parts,
    output_values,
    progress,
    timing,
)

ITEMS = {"A", "B", "C"}


def rules_of(problems):
    return [(p.field, p.rule) for p in problems]


def test_coding_rule():
    assert bundle_code_problems("YJS-320281-QY-001", "enterprise") == []
    assert rules_of(bundle_code_problems("YJS-320281-QY-001", "person")) == [("code", "audience")]
    for bad in ("YJS-32028-QY-001", "yjs-320281-QY-001", "YJS-320281-XX-001", ""):
        assert rules_of(bundle_code_problems(bad, "enterprise")) == [("code", "format")]


def test_a_cycle_is_found_and_named():
    specs = [
        StepSpec("a", "A", after=("c",)),
        StepSpec("b", "B", after=("a",)),
        StepSpec("c", "C", concludes_after=("b",)),
    ]
    problems = graph_problems(specs, ITEMS)
    assert rules_of(problems) == [("steps", "cycle")]
    assert "a → c → b → a" in problems[0].message
    assert find_cycle({s.key: s for s in specs[:2]}) is None


def test_unknown_items_steps_self_and_duplicates():
    specs = [
        StepSpec("a", "Z"),
        StepSpec("b", "B", after=("b",)),
        StepSpec("c", "C", after=("nowhere",)),
        StepSpec("c", "C"),
        StepSpec("Bad Key", "A"),
    ]
    assert set(rules_of(graph_problems(specs, ITEMS))) >= {
        ("steps[0].item_code", "unknown"),
        ("steps[1].after", "self"),
        ("steps[2].after", "unknown_step"),
        ("steps[3].key", "unique"),
        ("steps[4].key", "format"),
    }
    assert rules_of(graph_problems([], ITEMS)) == [("steps", "required")]


def test_a_check_may_read_only_what_the_step_depends_on():
    produce = StepSpec("tax", "A", outputs=({"name": "basis", "from": "entered"},))
    parallel = StepSpec(
        "register",
        "B",
        checks=({"rule": "present", "left": "steps.tax.basis"},),
    )
    problems = graph_problems([produce, parallel], ITEMS)
    assert rules_of(problems) == [("steps[1].checks[0]", "not_upstream")]
    after = StepSpec(
        "register",
        "B",
        concludes_after=("tax",),
        checks=({"rule": "equals", "left": "form.price", "right": "steps.tax.other"},),
    )
    assert rules_of(graph_problems([produce, after], ITEMS)) == [
        ("steps[1].checks[0]", "unknown_output")
    ]
    bad = StepSpec("x", "C", checks=({"rule": "bigger", "left": "form.a"},))
    assert rules_of(graph_problems([bad], ITEMS)) == [("steps[0].checks[0]", "rule")]
    bad_output = StepSpec("y", "C", outputs=({"name": "n", "from": "somewhere"},))
    assert rules_of(graph_problems([bad_output], ITEMS)) == [("steps[0].outputs[0]", "from")]


def test_one_form_asks_shared_fields_once_and_refuses_conflicts():
    tax = {"properties": {"income": {"type": "integer"}, "period": {"type": "string"}}}
    verify = {"properties": {"income": {"type": "integer"}}, "required": ["income"]}
    schema, problems = merged_schema([("tax", tax), ("verify", verify)])
    assert schema["x-order"] == ["income", "period"] and schema["required"] == ["income"]
    assert problems == []
    clash = {"properties": {"income": {"type": "string"}}}
    _schema, problems = merged_schema([("tax", tax), ("other", clash)])
    assert rules_of(problems) == [("steps.other.form.income", "conflict")]


def test_fields_provided_by_an_earlier_step_are_not_asked():
    specs = {
        "register": StepSpec("register", "A", outputs=({"name": "credit", "from": "entered"},)),
        "food": StepSpec("food", "B", after=("register",)),
    }
    schemas = {
        "register": {"properties": {"name": {"type": "string"}}},
        "food": {
            "properties": {"name": {"type": "string"}, "credit": {"type": "string"}},
            "required": ["credit"],
            "x-order": ["credit", "name"],
        },
    }
    schema, _ = merged_schema(one_form_parts(specs, schemas))
    assert list(schema["properties"]) == ["name"] and schema["required"] == []


def test_checks_compare_amounts_as_decimals_and_name_what_is_missing():
    equals = {"rule": "equals", "left": "form.price", "right": "steps.tax.basis"}
    assert failed_checks([equals], {"price": 1200000}, {"tax": {"basis": "1200000.00"}}) == []
    failed = failed_checks([equals], {"price": 1200000}, {"tax": {"basis": "1500000"}})
    assert failed and "1500000" in failed[0] and "1200000" in failed[0]
    assert failed_checks([{**equals, "message": "不一致"}], {"price": 1}, {}) == ["不一致"]
    present = {"rule": "present", "left": "steps.tax.basis"}
    assert len(failed_checks([present], {}, {"tax": {"basis": ""}})) == 1
    assert failed_checks([present], {}, {"tax": {"basis": "x"}}) == []


def test_outputs_come_from_their_declared_sources():
    specs = [
        {"name": "cert", "from": "licence_number"},
        {"name": "case", "from": "case_number"},
        {"name": "amount", "from": "form.income"},
        {"name": "code", "from": "entered"},
    ]
    assert output_values(
        specs, licence_number="L1", case_number="C1", form={"income": 5}, entered={"code": "X"}
    ) == {"cert": "L1", "case": "C1", "amount": 5, "code": "X"}


def test_progress_starts_in_parallel_waits_then_concludes():
    specs = {
        "a": StepSpec("a", "A"),
        "b": StepSpec("b", "B"),
        "c": StepSpec("c", "C", after=("a", "b")),
    }
    plan = progress(specs, dict.fromkeys("abc", "waiting"))
    assert plan.start == ["a", "b"] and not plan.concluded
    plan = progress(specs, {"a": "approved", "b": "started", "c": "waiting"})
    assert plan.start == []
    plan = progress(specs, {"a": "approved", "b": "approved", "c": "waiting"})
    assert plan.start == ["c"]
    assert progress(specs, dict.fromkeys("abc", "approved")).concluded


def test_a_denial_stops_its_dependants_only():
    specs = {
        "a": StepSpec("a", "A"),
        "b": StepSpec("b", "B", concludes_after=("a",)),
        "c": StepSpec("c", "C", after=("b",)),
        "d": StepSpec("d", "C"),
    }
    plan = progress(specs, {"a": "denied", "b": "started", "c": "waiting", "d": "started"})
    assert plan.stop == ["b", "c"] and plan.stopped and not plan.concluded
    assert plan.start == []


def test_relay_time_is_the_sum_of_the_steps():
    t0 = dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC)
    hours = dt.timedelta(hours=1)
    handled = [(t0, t0 + 2 * hours), (t0, t0 + 3 * hours), (t0 + hours, t0 + 4 * hours)]
    result = timing(t0, t0 + 4 * hours, handled)
    assert result.relay == 8 * hours and result.elapsed == 4 * hours
    assert result.saving == 4 * hours
    assert timing(t0, None, handled).saving is None
