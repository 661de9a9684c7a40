"""Mistakes course authors really make, each reported with the exact file, line and a message
that says how to fix it, through the real CLI (exit code 1), run in-process."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.cli import invoke as run_cli

MODULE = "modules/01-perusteet.yaml"
ASSESSMENT = "modules/02-loppukoe.yaml"


def replace(old: str, new: str, count: int = 1) -> Callable[[str], str]:
    def apply(text: str) -> str:
        assert old in text, f"fixture changed: {old!r} not found"
        return text.replace(old, new, count)
    return apply


def whole(content: str) -> Callable[[str], str]:
    return lambda _: content


@dataclass
class Mistake:
    name: str
    file: str
    change: Callable[[str], str]
    line_of: str  # the first line of the broken file that contains this text is the reported line
    message: str  # part of the message the author must see
    reported_file: str | None = None  # when the problem surfaces in another file
    occurrence: int = 1  # which line containing `line_of` is meant

    def __str__(self) -> str:
        return self.name


MISTAKES = [
    Mistake("tab used for indentation", MODULE, replace("  - id: perusteet-tunnistaa", "\t- id: perusteet-tunnistaa"),
            "\t- id: perusteet-tunnistaa", "tab character used for indentation"),
    Mistake("key indented wrongly", MODULE, replace("summary:\n  fi: Mitä", "summary:\n  fi: Mitä\n    sv: x\n  fx: Mitä"),
            "    sv: x", "check this line's indentation"),
    Mistake("list item out of line", ASSESSMENT, replace('              - {id: b, text: {fi: "50"', '             - {id: b, text: {fi: "50"'),
            '- {id: b, text: {fi: "50"', "is not indented like the items above it"),
    Mistake("unknown field with a close name", MODULE, replace("estimated_minutes:", "estimated_minutse:"),
            "estimated_minutse:", "unknown field 'estimated_minutse': did you mean 'estimated_minutes'?"),
    Mistake("misspelt block type", MODULE, replace("type: callout", "type: calout"),
            "type: calout", "unknown type 'calout': did you mean 'callout'?"),
    Mistake("misspelt question type", ASSESSMENT, replace("type: single-choice", "type: single_choice"),
            "type: single_choice", "unknown type 'single_choice': did you mean 'single-choice'?"),
    Mistake("missing translation", MODULE, replace('title: {fi: "Johdanto", sv: "Inledning"}', 'title: {fi: "Johdanto"}'),
            'title: {fi: "Johdanto"}', "missing 'sv' text for 'title'"),
    Mistake("empty translation", MODULE, replace('sv: "Du känner igen digitalt stöd."', 'sv: ""'),
            'sv: ""', "empty 'sv' text for 'text'"),
    Mistake("language not in the course", MODULE, replace('title: {fi: "Tapaus", sv: "Fall"}', 'title: {fi: "Tapaus", sv: "Fall", en: "Case"}'),
            'en: "Case"', "language 'en' is not in course.toml languages"),
    Mistake("duplicate id", MODULE, replace("id: perusteet-tapaus", "id: perusteet-johdanto"),
            "id: perusteet-johdanto", "page id 'perusteet-johdanto' is already used at modules/01-perusteet.yaml:13",
            occurrence=2),
    Mistake("persona defined twice", "course_src/personas.yaml", lambda text: text + text.replace("personas:\n", "", 1),
            "id: lotta", "'lotta' is defined twice (first at item 1)", occurrence=2),
    Mistake("id with capitals and umlauts", MODULE, replace("id: perusteet-lista", "id: Perusteet-Lista-ä"),
            "id: Perusteet-Lista-ä", "'Perusteet-Lista-ä' is not a valid id"),
    Mistake("dangling persona reference", MODULE, replace("persona: lotta", "persona: lota"),
            "persona: lota", "unknown persona 'lota', not defined in course_src/personas.yaml: did you mean 'lotta'?"),
    Mistake("dangling glossary term", MODULE, replace("terms: [digituki]", "terms: [digi-tuki]"),
            "terms: [digi-tuki]", "unknown glossary term 'digi-tuki'"),
    Mistake("question objective that does not exist", MODULE, replace("objective: perusteet-tunnistaa", "objective: perusteet-osaa"),
            "objective: perusteet-osaa", "unknown objective 'perusteet-osaa'"),
    Mistake("no correct answer", ASSESSMENT, replace("correct: [a, b]", "correct: []"),
            "correct: []", "'correct' needs at least 1 item"),
    Mistake("correct answer not among the options", MODULE, replace("correct: a", "correct: c"),
            "correct: c", "correct answer 'c' is not among the options (a, b)"),
    Mistake("scenario choice without feedback", ASSESSMENT,
            replace(', feedback: {fi: "Ei auta.", sv: "Hjälper inte."}}', "}"),
            "id: b, text: {fi: \"Käsken", "scenario choice 'b' needs 'feedback'"),
    Mistake("true/false answer that is not a boolean", MODULE, replace("correct: false", "correct: maybe"),
            "correct: maybe", "'correct' must be true or false"),
    Mistake("short-text answers missing a language", ASSESSMENT,
            replace('accepted: {fi: ["kuntatutor", "kuntatutori"], sv: ["kommuntutor"]}', 'accepted: {fi: ["kuntatutor"]}'),
            "accepted: {fi:", "missing 'sv' text for 'accepted'"),
    Mistake("missing alt text", MODULE, replace('        alt: {fi: "Sininen kartta, jossa on valkoinen ympyrä.", sv: "En blå karta med en vit cirkel."}\n', ""),
            "- type: image", "image needs 'alt' text in every language"),
    Mistake("asset outside the course folder", MODULE, replace("src: assets/map.svg", "src: ../../secret.svg"),
            "src: ../../secret.svg", "points outside course_src/"),
    Mistake("asset that does not exist", MODULE, replace("src: assets/map.svg", "src: assets/kartta.svg"),
            "src: assets/kartta.svg", "asset 'assets/kartta.svg' not found"),
    Mistake("asset of a type that is not allowed", MODULE, replace("src: assets/map.svg", "src: assets/map.exe"),
            "src: assets/map.exe", "has type '.exe'; allowed:"),
    Mistake("raw HTML in text", MODULE, replace("Digituki on **apua**.", "Digituki on <b>apua</b>."),
            "Digituki on <b>apua</b>.", "raw HTML '<b>' is not allowed in course text"),
    Mistake("required field missing", MODULE, replace("estimated_minutes: 10\n", ""),
            "id: perusteet", "missing required field 'estimated_minutes'"),
    Mistake("duplicate key", MODULE, replace("order: 1\n", "order: 1\norder: 3\n"),
            "order: 3", "duplicate key 'order'"),
    Mistake("two modules with the same order", ASSESSMENT, replace("order: 2", "order: 1"),
            "order: 1", "order 1 is already used by modules/01-perusteet.yaml"),
    Mistake("empty module file", MODULE, whole(""), "", "file is empty"),
    Mistake("module file that is a list", MODULE, whole("- id: perusteet\n"), "- id", "must be a mapping of keys"),
    Mistake("unclosed quote", MODULE, replace('title: {fi: "Perusteet", sv: "Grunderna"}', 'title: {fi: "Perusteet, sv: "Grunderna"}'),
            'title: {fi: "Perusteet, sv', "YAML"),
    Mistake("invalid TOML", "course.toml", replace('licence = "CC BY 4.0"', "licence = CC BY 4.0"),
            "licence = CC BY 4.0", "invalid TOML"),
    Mistake("wrong type for mastery score", "course.toml", replace("mastery_score = 80", 'mastery_score = "eighty"'),
            "mastery_score", "'mastery_score' must be a whole number, not 'eighty'"),
    Mistake("mastery score above 100", "course.toml", replace("mastery_score = 80", "mastery_score = 180"),
            "mastery_score", "less than or equal to 100"),
    Mistake("unknown build target", "course.toml", replace('targets = ["web"]', 'targets = ["web", "scorm13"]'),
            "targets =", "unknown target 'scorm13'"),
    Mistake("misspelt course setting", "course.toml", replace("licence =", "lisence ="),
            "lisence =", "unknown field 'lisence': did you mean 'licence'?"),
    Mistake("completion rule that needs a missing assessment", ASSESSMENT, replace("kind: assessment", "kind: lesson"),
            "completion =", "needs a module with 'kind: assessment'", reported_file="course.toml"),
]


@pytest.mark.parametrize("mistake", MISTAKES, ids=str)
def test_each_mistake_is_reported_with_file_line_and_advice(mistake: Mistake, mini_course: Path) -> None:
    path = mini_course / mistake.file
    path.write_text(mistake.change(path.read_text(encoding="utf-8")), encoding="utf-8")
    reported = mistake.reported_file or mistake.file
    text = (mini_course / reported).read_text(encoding="utf-8")
    lines = [n for n, content in enumerate(text.splitlines(), 1) if mistake.line_of in content]
    line = lines[mistake.occurrence - 1] if lines else 1

    result = run_cli("validate", "-C", mini_course)

    assert result.returncode == 1, result.output
    assert "Traceback" not in result.output
    expected = f"{reported}:{line}:"
    matching = [row for row in result.output.splitlines() if row.startswith(expected) and mistake.message in row]
    assert matching, f"expected a line starting {expected!r} containing {mistake.message!r}:\n{result.output}"


def test_there_are_at_least_25_distinct_mistakes() -> None:
    assert len({m.name for m in MISTAKES}) >= 25


def test_a_missing_translation_in_a_draft_module_is_only_a_warning(mini_course: Path) -> None:
    module = mini_course / MODULE
    text = module.read_text().replace("order: 1\n", "order: 1\ndraft: true\n")
    module.write_text(text.replace('title: {fi: "Johdanto", sv: "Inledning"}', 'title: {fi: "Johdanto"}'))
    result = run_cli("validate", "-C", mini_course)
    assert result.returncode == 0, result.output
    assert "warning: missing 'sv' text for 'title'" in result.output
    assert "0 errors, 1 warning" in result.output


def test_a_file_that_is_not_utf8_is_reported_not_crashed_on(mini_course: Path) -> None:
    (mini_course / MODULE).write_bytes("id: perusteet\ntitle: {fi: \"Perusteet ä\"}\n".encode("latin-1"))
    result = run_cli("validate", "-C", mini_course)
    assert result.returncode == 1
    assert f"{MODULE}:2:1: file is not UTF-8 text" in result.output


def test_a_folder_without_course_toml_is_explained(tmp_path: Path) -> None:
    result = run_cli("validate", "-C", tmp_path)
    assert result.returncode == 1
    assert "course.toml not found" in result.output
