"""Course-as-code habits: the pre-commit hooks, the CI example and the authors' guides refer to
commands that exist and do what they say."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.conftest import REPO, run_cli

HOOKS = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
GUIDES = [REPO / "docs" / "writing-a-module.en.md", REPO / "docs" / "kirjoita-moduuli.fi.md"]
DOCS_WITH_COMMANDS = [*GUIDES, REPO / "docs" / "pre-commit.md"]


def _hook(hook_id: str) -> dict:
    return next(h for h in HOOKS if h["id"] == hook_id)


@pytest.mark.parametrize("path", ["course.toml", "modules/01-perusteet.yaml", "course_src/glossary.yaml",
                                  "course_src/pages/saavutettavuus.yaml", "course_src/assets/kartta.svg"])
def test_validate_hook_runs_for_course_files(path: str) -> None:
    assert re.search(_hook("lms-build-validate")["files"], path)


@pytest.mark.parametrize("path", ["README.md", "lms_build/cli.py", "dist/web/fi/index.html", "docs/guide.md"])
def test_validate_hook_ignores_other_files(path: str) -> None:
    assert not re.search(_hook("lms-build-validate")["files"], path)


def test_validate_hook_passes_a_valid_course_and_stops_a_broken_one(mini_course: Path) -> None:
    hook = _hook("lms-build-validate")
    assert hook["pass_filenames"] is False  # the check reads the whole course: ids span files
    command = shlex.split(hook["entry"])[1:]
    assert run_cli(*command, cwd=mini_course).returncode == 0
    module = mini_course / "modules" / "01-perusteet.yaml"
    module.write_text(module.read_text().replace('sv: "Grunderna"', 'sv: "TODO"'))
    assert run_cli(*command, cwd=mini_course).returncode == 1


def test_schemas_hook_writes_the_editor_schemas(mini_course: Path) -> None:
    command = shlex.split(_hook("lms-build-schemas")["entry"])[1:]
    assert run_cli(*command, cwd=mini_course).returncode == 0
    assert (mini_course / ".schemas" / "module.schema.json").is_file()


def test_ci_example_validates_builds_and_keeps_packages_and_handouts() -> None:
    workflow = YAML(typ="safe").load((REPO / "docs" / "ci" / "course-ci.example.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    commands = [step.get("run", "") for step in steps]
    assert any(c.strip() == "lms-build validate" for c in commands)
    assert any(c.strip().startswith("lms-build build") for c in commands)
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact"))
    kept = upload["with"]["path"]
    assert "scorm12/*.zip" in kept and "pdf/**/*.pdf" in kept


def _documented_commands() -> set[tuple[str, ...]]:
    found = set()
    for doc in DOCS_WITH_COMMANDS:
        blocks = "\n".join(re.findall(r"```(?:sh|yaml)?\n(.*?)```", doc.read_text(encoding="utf-8"), re.S))
        for line in re.findall(r"(?:^|entry: )\s*lms-build ([^#\n]+)", blocks, re.M):
            words = [w for w in shlex.split(line) if not w.startswith("-")]
            found.add(tuple(words[:2]) if words and words[0] == "new" else tuple(words[:1]))
    return found


@pytest.mark.parametrize("command", sorted(_documented_commands()), ids=" ".join)
def test_every_command_in_the_guides_exists(command: tuple[str, ...]) -> None:
    result = run_cli(*command, "--help")
    assert result.returncode == 0, result.output


def test_the_guides_exist_in_english_and_finnish() -> None:
    english, finnish = (guide.read_text(encoding="utf-8") for guide in GUIDES)
    for text in (english, finnish):
        for command in ("lms-build new module", "lms-build preview", "lms-build new question",
                        "lms-build status", "lms-build validate", "draft: false"):
            assert command in text
    assert "Moduulin kirjoittaminen" in finnish
