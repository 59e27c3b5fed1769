"""The JSON Schema is the contract: data valid against a form's schema is accepted by validate,
or refused only by a rule the schema lists (issue 15 part 2).

hypothesis-jsonschema generates inputs from each form's published schema; every refusal is mapped
to the rule it comes from (models.rules.rule_of) and that rule must be in the schema's ``x-rules``.
Bounded: ``UF_SCHEMA_EXAMPLES`` examples per form (default 10).
"""

from __future__ import annotations

import functools
import os
from typing import Any, get_args

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from pydantic import BaseModel, ValidationError
from schema_gen import inputs, listed_rules, validator_for

import unified_forms as uf
from unified_forms.models.rules import rule_of, undocumented_validators

jsonschema = pytest.importorskip("jsonschema")
pytest.importorskip("hypothesis_jsonschema")

EXAMPLES = int(os.environ.get("UF_SCHEMA_EXAMPLES", "10"))
FORMS = [f.id for f in uf.forms()]


@functools.cache
def published(form_id: str) -> dict[str, Any]:
    schema = uf.schema(form_id)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


@functools.cache
def validator(form_id: str) -> Any:
    return validator_for(published(form_id))


def unlisted_refusals(form_id: str, data: Any) -> list[str]:
    """The refusals of ``data`` that no listed rule explains (empty: accepted, or refused as listed)."""
    try:
        uf.model(form_id).model_validate(data)
    except ValidationError as exc:
        return unexplained(exc.errors(include_url=False), listed_rules(published(form_id)))
    return []


def unexplained(errors: list[Any], rules: set[str]) -> list[str]:
    """Errors not explained by a listed rule. A value refused by every member of a union (a 視力 given
    as 0.375 fails both the number and the letter A〜D) is explained when one member's errors are."""
    members: dict[tuple[Any, ...], dict[Any, list[Any]]] = {}
    for e in errors:
        loc = tuple(e["loc"])
        for i in range(1, len(loc)):
            siblings = {tuple(x["loc"])[i] for x in errors if tuple(x["loc"])[:i] == loc[:i] and len(x["loc"]) > i}
            if len(siblings) > 1 and not all(isinstance(t, int) for t in siblings) and _is_member_tag(loc[i]):
                members.setdefault(loc[:i], {}).setdefault(loc[i], []).append(e)
                break
        else:
            members.setdefault(loc, {}).setdefault(None, []).append(e)
    out = []
    for by_member in members.values():
        explained = [m for m, errs in by_member.items() if all(rule_of(e) in rules for e in errs)]
        if by_member.keys() == {None} or not explained:
            out += [
                f"{'.'.join(map(str, e['loc']))}: {e['type']} ({rule_of(e)}): {e['msg']}"
                for errs in by_member.values()
                for e in errs
                if rule_of(e) not in rules
            ]
    return out


def _is_member_tag(item: Any) -> bool:
    """pydantic's name for a union member in an error location: a type ('str', "literal['A']",
    'function-after[...]') or a model class name — never a field name (those are snake_case)."""
    return isinstance(item, str) and (
        "[" in item or item in ("str", "int", "float", "bool", "none") or item[:1].isupper()
    )


@pytest.mark.fuzz
@pytest.mark.parametrize("form_id", FORMS)
def test_schema_valid_data_is_accepted_or_refused_by_a_listed_rule(form_id: str) -> None:
    check = validator(form_id)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(inputs(published(form_id)))
    def run(data: Any) -> None:
        assert check.is_valid(data), "generated data must be valid against the published schema"
        assert unlisted_refusals(form_id, data) == []

    run()


def test_a_listed_rule_names_its_validator() -> None:
    """The mapping itself: a refusal by a model validator is traced to that validator's listed rule."""
    data = uf.sample("roster")
    data["students"][1]["number"] = data["students"][0]["number"]
    with pytest.raises(ValidationError) as exc:
        uf.model("roster").model_validate(data)
    (error,) = exc.value.errors()
    assert rule_of(error) == "RosterInput._numbers"
    assert "RosterInput._numbers" in listed_rules(published("roster"))
    assert unlisted_refusals("roster", data) == []
    assert "出席番号は重複しない" in published("roster")["description"]


def _models(tp: Any, seen: set[type[BaseModel]]) -> set[type[BaseModel]]:
    for arg in get_args(tp):
        _models(arg, seen)
    if isinstance(tp, type) and issubclass(tp, BaseModel) and tp not in seen:
        seen.add(tp)
        for field in tp.model_fields.values():
            _models(field.annotation, seen)
    return seen


def test_every_rule_a_validator_checks_is_documented() -> None:
    """Each model validator's docstring is its entry in the schema: a validator without one would
    be listed by its bare name. (Add a one-line docstring stating the rule, in Japanese.)"""
    models: set[type[BaseModel]] = set()
    for f in uf.forms():
        _models(f.model, models)
    missing = sorted({q for m in models for q in undocumented_validators(m)})
    assert missing == []


@pytest.mark.parametrize("form_id", FORMS)
def test_the_schema_lists_what_it_cannot_state_in_the_description(form_id: str) -> None:
    schema = published(form_id)
    defs = [schema, *schema.get("$defs", {}).values()]
    for d in defs:
        for rule in d.get("x-rules", ()):
            assert rule["rule"] in d["description"]
            assert "説明なし" not in rule["rule"]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
