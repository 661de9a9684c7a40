"""The YAML loader: libyaml's events composed into plain values with the position of every key
and value, within limits, refusing what a course never needs."""

from __future__ import annotations

import datetime as dt

import pytest

from lms_build.diagnostics import Diagnostic
from lms_build.load.source import SourceDoc
from lms_build.load.yaml_source import MAX_DEPTH, MAX_EXPANDED_NODES, parse_yaml


def parsed(text: str) -> SourceDoc:
    result = parse_yaml(text, "m.yaml")
    assert isinstance(result, SourceDoc), result
    return result


def refused(text: str) -> Diagnostic:
    result = parse_yaml(text, "m.yaml")
    assert isinstance(result, Diagnostic), f"accepted: {result.data!r}"[:300]
    return result


def test_every_key_and_value_has_its_line_and_column() -> None:
    doc = parsed("id: a\npages:\n  - id: p\n    blocks: [x, {type: text}]\ntitle: {fi: T}\n")
    assert doc.data == {"id": "a", "pages": [{"id": "p", "blocks": ["x", {"type": "text"}]}],
                        "title": {"fi": "T"}}
    assert doc.key_positions[("pages",)] == (2, 1)
    assert doc.value_positions[("id",)] == (1, 5)
    assert doc.value_positions[("pages", 0)] == (3, 5)
    assert doc.key_positions[("pages", 0, "blocks")] == (4, 5)
    assert doc.value_positions[("pages", 0, "blocks", 1)] == (4, 17)
    assert doc.value_positions[("pages", 0, "blocks", 1, "type")] == (4, 24)
    assert doc.value_positions[("title", "fi")] == (5, 13)


@pytest.mark.parametrize(("text", "value"), [
    ("no", "no"), ("yes", "yes"), ("on", "on"), ("off", "off"), ("y", "y"),  # YAML 1.2: text
    ("true", True), ("False", False), ("~", None), ("null", None), ("", None),
    ("10", 10), ("-3", -3), ("0o17", 15), ("0x1F", 31), ("1_000", 1000), ("010", 10),
    ("1.5", 1.5), (".5", 0.5), ("1e3", 1000.0), ("-.inf", float("-inf")),
    ("1:20", "1:20"), ("2026-01-15", dt.date(2026, 1, 15)), ('"10"', "10"), ("'true'", "true"),
    ("!!str 10", "10"), ("|\n  a\n", "a\n"),
])
def test_scalars_follow_the_yaml_1_2_core_schema(text: str, value: object) -> None:
    assert parsed(f"k: {text}").data["k"] == value


@pytest.mark.parametrize(("text", "code", "line", "message"), [
    ("a: 1\nb: 2\na: 3\n", "yaml-duplicate-key", 3, "duplicate key 'a' (already given at line 1"),
    ("base: &b {x: 1}\nother:\n  <<: *b\n", "yaml-merge-key", 3, "merge keys ('<<') are not supported"),
    ("a: !!python/object/apply:os.system [echo]\n", "yaml-tag", 1, "tag '!!python/object/apply:os.system'"),
    ("a: !custom 1\n", "yaml-tag", 1, "tag '!custom' is not allowed"),
    ("a: *nothing\n", "yaml-syntax", 1, "unknown alias (*nothing)"),
    (f"a: {'9' * 5000}\n", "yaml-number-too-long", 1, "a number of 5,000 characters"),
    ("a: 1\n---\nb: 2\n", "yaml-multiple-documents", 2, "second YAML document"),
    ("? [a, b]\n: 1\n", "yaml-complex-key", 1, "keys must be plain names"),
    ("a: 1\n\tb: 2\n", "yaml-tab", 2, "tab character used for indentation"),
    ("a: \x07\n", "yaml-character", 1, "U+0007 is not allowed"),
    ("a: \"x\n", "yaml-syntax", 1, "never closed: end it with"),  # where the quote opens
])
def test_refused_constructs_get_a_position_and_a_reason(text: str, code: str, line: int, message: str) -> None:
    diagnostic = refused(text)
    assert (diagnostic.code, diagnostic.line) == (code, line), diagnostic
    assert message in diagnostic.message


def test_an_alias_bomb_is_refused_without_expanding_it() -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 10)]
    diagnostic = refused("\n".join(lines) + "\n")
    assert diagnostic.code == "yaml-too-large"
    assert f"{MAX_EXPANDED_NODES:,}" in diagnostic.message


def test_aliases_within_the_budget_are_expanded() -> None:
    doc = parsed("a: &t {fi: Hei}\nb: *t\n")
    assert doc.data == {"a": {"fi": "Hei"}, "b": {"fi": "Hei"}}


@pytest.mark.parametrize("text", [
    "a: " + "[" * 10_000 + "]" * 10_000,
    "".join(f"{'  ' * n}k{n}:\n" for n in range(3000)) + "  " * 3000 + "v: 1\n",
    "a: " + "{b: " * 5000 + "1" + "}" * 5000,
])
def test_deep_nesting_is_refused_not_a_recursion_error(text: str) -> None:
    diagnostic = refused(text)
    assert diagnostic.code == "yaml-too-deep"
    assert f"more than {MAX_DEPTH} levels" in diagnostic.message


def test_non_text_keys_come_through_for_the_models_to_judge() -> None:
    assert parsed("1: a\nfalse: b\nnull: c\n").data == {1: "a", False: "b", None: "c"}


def test_a_byte_order_mark_at_the_start_is_accepted() -> None:
    assert parsed("\ufeffid: a\n").data == {"id": "a"}
