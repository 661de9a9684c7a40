"""`lms-build status`: per module and language, pages, questions, words, reading time, missing
translations and drafts, with totals; as text or JSON. Compared with snapshots."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.conftest import run_cli
from tests.support.snapshots import assert_snapshot

yaml = YAML()


@pytest.fixture
def course_in_progress(mini_course: Path) -> Path:
    """The mini course with a draft module that lacks two Swedish texts."""
    path = mini_course / "modules" / "01-perusteet.yaml"
    module = yaml.load(path.read_text(encoding="utf-8"))
    module.insert(3, "draft", True)
    del module["title"]["sv"]
    del module["pages"][0]["title"]["sv"]
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(module, handle)
    return mini_course


def test_status_text_of_the_mini_course(mini_course: Path) -> None:
    result = run_cli("status", "-C", mini_course)
    assert result.returncode == 0, result.output
    assert_snapshot("status_mini.txt", result.stdout)


def test_status_text_lists_drafts_and_each_missing_translation_with_its_line(course_in_progress: Path) -> None:
    result = run_cli("status", "-C", course_in_progress)
    assert result.returncode == 0, result.output
    assert "modules/01-perusteet.yaml:3: sv: title" in result.stdout  # title is on line 3
    assert "sv: pages[0].title" in result.stdout
    assert_snapshot("status_in_progress.txt", result.stdout)


def test_status_json_has_per_language_figures_and_totals(course_in_progress: Path) -> None:
    result = run_cli("status", "--format", "json", "-C", course_in_progress)
    assert result.returncode == 0, result.output
    report = json.loads(result.stdout)
    first = report["modules"][0]
    assert (first["id"], first["draft"], first["pages"]) == ("perusteet", True, 3)
    assert [m["field"] for m in first["languages"]["sv"]["missing"]] == ["title", "pages[0].title"]
    assert first["languages"]["fi"]["missing"] == []
    assert report["totals"]["drafts"] == 1
    assert report["totals"]["languages"]["sv"]["missing"] == 2
    words = report["totals"]["languages"]["fi"]["words"]
    assert words == sum(m["languages"]["fi"]["words"] for m in report["modules"]) > 0
    assert_snapshot("status_in_progress.json", result.stdout)


def test_status_counts_what_it_can_read_when_a_module_is_broken(mini_course: Path) -> None:
    (mini_course / "modules" / "02-loppukoe.yaml").write_text("id: loppukoe\ntitle: [\n")
    result = run_cli("status", "-C", mini_course)
    assert result.returncode == 0, result.output
    assert "01 perusteet" in result.stdout
    assert "modules/02-loppukoe.yaml" in result.stdout.split("Not counted")[1]


def test_status_in_finnish(mini_course: Path) -> None:
    result = run_cli("--ui-lang", "fi", "status", "-C", mini_course)
    assert "moduuli" in result.stdout.splitlines()[0]
    assert "yhteensä (2 moduulia)" in result.stdout
