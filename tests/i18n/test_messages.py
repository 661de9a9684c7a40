"""Messages in the author's language: English by default, Finnish with --ui-lang fi or a Finnish
locale. The Finnish catalogue holds exactly the messages the code marks, each one translated."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from lms_build.i18n import language_from_environment, set_language
from lms_build.preview import PreviewServer
from tests.conftest import MINI_COURSE, REPO
from tests.i18n.scenarios import Runs, Scenarios, fragments

PACKAGE = REPO / "lms_build"
CATALOGUE = PACKAGE / "i18n" / "locale" / "fi" / "LC_MESSAGES" / "lms_build.po"


@cache
def _marked_in_code() -> frozenset[str | tuple[str, ...]]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(str(PACKAGE)):
        found.add(message if isinstance(message, str) else tuple(message))
    return frozenset(found)


def _catalogue() -> dict[str | tuple[str, ...], str | tuple[str, ...]]:
    with CATALOGUE.open("rb") as handle:
        catalog = read_po(handle, locale="fi")
    return {(m.id if isinstance(m.id, str) else tuple(m.id)): (m.string if isinstance(m.string, str)
            else tuple(m.string)) for m in catalog if m.id}


CATALOGUE_MESSAGES = _catalogue()


def test_the_catalogue_has_exactly_the_messages_the_code_marks() -> None:
    marked, translated = _marked_in_code(), set(CATALOGUE_MESSAGES)
    assert not marked - translated, ("untranslated (add them to lms_build.po, see lms_build/i18n/README.md): "
                                     f"{sorted(map(str, marked - translated))}")
    assert not translated - marked, f"no longer used in the code: {sorted(map(str, translated - marked))}"


@pytest.mark.parametrize("message", sorted(CATALOGUE_MESSAGES, key=str), ids=lambda m: str(m)[:50])
def test_each_finnish_message_is_used_translated_and_keeps_its_placeholders(message) -> None:
    assert message in _marked_in_code(), "the code no longer uses this message"
    finnish = CATALOGUE_MESSAGES[message]
    english_forms = [message] if isinstance(message, str) else list(message)
    finnish_forms = [finnish] if isinstance(finnish, str) else list(finnish)
    assert all(form.strip() for form in finnish_forms), "empty translation"
    for english, translated in zip(english_forms, finnish_forms, strict=True):
        assert set(re.findall(r"\{\w+\}", english)) == set(re.findall(r"\{\w+\}", translated))


def _cli(*args: str, env: dict[str, str] | None = None, cwd: Path = REPO) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    return subprocess.run([sys.executable, "-m", "lms_build", *args], cwd=cwd, capture_output=True, text=True,
                          env={**clean, **(env or {})}, timeout=120, check=False)


def test_english_by_default_and_finnish_with_the_option() -> None:
    assert re.search(r"course is valid: 0 errors, 0 warnings in \d+ files checked",
                     _cli("validate", "-C", str(MINI_COURSE)).stderr)
    finnish = _cli("--ui-lang", "fi", "validate", "-C", str(MINI_COURSE)).stderr
    assert re.search(r"kurssi on kunnossa: 0 virhettä, 0 varoitusta; tarkistettu \d+ tiedostoa", finnish)


def test_a_finnish_locale_gives_finnish_and_the_option_overrides_it() -> None:
    assert "kurssi on kunnossa" in _cli("validate", "-C", str(MINI_COURSE), env={"LANG": "fi_FI.UTF-8"}).stderr
    assert "course is valid" in _cli("--ui-lang", "en", "validate", "-C", str(MINI_COURSE),
                                     env={"LC_ALL": "fi_FI.UTF-8"}).stderr
    assert language_from_environment({"LC_ALL": "fi_FI.UTF-8", "LANG": "en_GB.UTF-8"}) == "fi"
    assert language_from_environment({"LANG": "sv_FI.UTF-8"}) == "en"
    assert language_from_environment({}) == "en"


def test_a_placeholder_error_and_the_plural_summary_in_finnish(mini_course: Path) -> None:
    module = mini_course / "modules" / "01-perusteet.yaml"
    module.write_text(module.read_text().replace('sv: "Grunderna"', 'sv: "TODO"'))
    result = _cli("--ui-lang", "fi", "validate", "-C", str(mini_course))
    assert "paikkamerkki 'TODO' jäi 'sv'-tekstiin" in result.stdout
    assert "kurssissa on virheitä: 1 virhe, 0 varoitusta" in result.stderr


def test_status_and_no_course_message_in_finnish(tmp_path: Path) -> None:
    assert "sanoja fi" in _cli("--ui-lang", "fi", "status", "-C", str(MINI_COURSE)).stdout
    assert "täällä ei ole kurssia" in _cli("--ui-lang", "fi", "status", cwd=tmp_path).stderr


def test_unclosed_brace_is_explained_in_finnish(mini_course: Path) -> None:
    module = mini_course / "modules" / "01-perusteet.yaml"
    module.write_text(module.read_text().replace('sv: "Grunderna"}', 'sv: "Grunderna"'))
    result = _cli("--ui-lang", "fi", "validate", "-C", str(mini_course))
    assert "modules/01-perusteet.yaml:3:8: tässä avattua merkkiä '{' ei suljeta: lisää '}'" in result.stdout


def test_the_preview_shell_speaks_finnish(mini_course: Path) -> None:
    try:
        set_language("fi")
        with PreviewServer(mini_course, port=0) as server:
            shell = server.shell_page().decode()
    finally:
        set_language("en")
    assert "Mitä oppimisalusta sai" in shell and "Aloita suoritus alusta" in shell
    assert '<html lang="fi">' in shell


def test_validation_messages_in_finnish(mini_course: Path) -> None:
    module = mini_course / "modules" / "01-perusteet.yaml"
    text = module.read_text()
    module.write_text(text.replace("order: 1", "order: 1\nsumary: x"))
    result = _cli("--ui-lang", "fi", "validate", "-C", str(mini_course))
    assert "tuntematon kenttä 'sumary': tarkoititko 'summary'?" in result.stdout
    module.write_text(text.replace('sv: "Grunderna"', 'sv: ""'))  # a file that loads: cross-file checks run
    result = _cli("--ui-lang", "fi", "validate", "-C", str(mini_course))
    assert "tyhjä 'sv'-teksti kentässä 'title'" in result.stdout


def test_messages_are_not_cached_across_languages(mini_course: Path) -> None:
    from lms_build.build import validate_course

    module = mini_course / "modules" / "01-perusteet.yaml"
    module.write_text(module.read_text().replace("order: 1", "order: 1\nsumary: x"))
    english = validate_course(mini_course)[1][0].message
    try:
        set_language("fi")
        finnish = validate_course(mini_course)[1][0].message
    finally:
        set_language("en")
    assert english.startswith("unknown field") and finnish.startswith("tuntematon kenttä")


# --- Every Finnish message is said, in Finnish, by a real run ------------------------------------

@pytest.fixture(scope="module")
def finnish_runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    return Scenarios(tmp_path_factory.mktemp("i18n-scenarios"), CATALOGUE_MESSAGES).run_all()


def test_every_message_of_the_catalogue_is_produced_by_a_real_run(finnish_runs: Runs) -> None:
    never = set(CATALOGUE_MESSAGES) - finnish_runs.used - finnish_runs.proved
    assert not never, ("no scenario of tests/i18n/scenarios.py makes lms-build say these; add one: "
                       f"{sorted(map(str, never))}")


def test_what_the_runs_said_reached_the_user_in_finnish(finnish_runs: Runs) -> None:
    """A message looked up but never printed (or printed in English) does not count."""
    missing = []
    for message in sorted(finnish_runs.used & set(CATALOGUE_MESSAGES), key=str):
        translation = CATALOGUE_MESSAGES[message]
        forms = [translation] if isinstance(translation, str) else list(translation)
        if not any(all(part in finnish_runs.output for part in fragments(form)) for form in forms):
            missing.append(message)
    assert not missing, f"asked for but not shown in Finnish: {missing}"


def test_the_runs_ask_only_for_catalogued_messages(finnish_runs: Runs) -> None:
    assert finnish_runs.used <= set(CATALOGUE_MESSAGES), sorted(map(str, finnish_runs.used - set(CATALOGUE_MESSAGES)))


# --- No user-facing message is left out of the catalogue ----------------------------------------

#: Calls that show their argument to a user, and the position of that argument.
_MESSAGE_ARGUMENT = {"echo": 0, "secho": 0, "prompt": 0, "ClickException": 0, "UsageError": 0, "BadParameter": 0,
                     "Diagnostic": 4, "diagnostic": 2, "UnsafeFile": 0, "OutputError": 0, "OutFolderNotAllowed": 0,
                     "LRSError": 0, "UnknownLanguageError": 0, "SchemasNotFoundError": 0, "TargetLoadError": 0,
                     "_Refused": 2, "Finding": 2, "error": 1, "warning": 1}
#: Messages kept in English on purpose, by file and the start of their text, with why.
KEPT_IN_ENGLISH = {
    ("load/files.py", "file changed into a special file"): "a race while reading: cannot be produced on purpose",
    ("load/files.py", "file is larger than the limit"): "a race (the file grew while read): the same",
    ("load/toml_source.py", "invalid TOML value"): "a guard: the one such error is caught earlier",
    ("render/state.py", "two pages, checklists or questions"): "a guard: validation makes ids unique",
    ("render/state.py", "appears twice in one SCO"): "a guard: validation makes question ids unique",
    ("render/state.py", "page id"): "a guard: ids are at most 64 characters, the limit is 255",
    ("render/state.py", "its id is longer"): "a guard: ids are at most 64 characters, the limit is 255",
    ("targets/__init__.py", "target"): "for the developer of a target plugin that fails to load",
    ("targets/scorm/__init__.py", "a bug in lms-build"): "a bug report for the maintainers",
    ("xapi/package.py", "a bug in lms-build"): "a bug report for the maintainers",
    ("inspect.py", "expanded past"): "a guard: zipfile stops at the declared size, which is checked first",
    ("inspect.py", "imsmanifest.xml {}"): "the schema validator's own words follow",
    ("launcher/memory_lrs.py", "400: "): "an LRS's answer to the player's request (xAPI clients read English)",
    ("xapi/package_check.py", "is relative, but a cmi5.xml outside a zip"): "no command checks a lone cmi5.xml",
}


def _literal_text(node: ast.AST) -> str:
    """The English written into a message argument ('' for a translated one: _()/ngettext())."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(str(v.value) if isinstance(v, ast.Constant) else "{}" for v in node.values)
    if isinstance(node, ast.BinOp):
        return _literal_text(node.left) + _literal_text(node.right)
    if isinstance(node, ast.IfExp):
        return _literal_text(node.body) + _literal_text(node.orelse)
    return ""


def _unmarked_messages() -> list[tuple[str, int, str]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            index = _MESSAGE_ARGUMENT.get(name)
            arguments = [node.args[index]] if index is not None and len(node.args) > index else []
            arguments += [k.value for k in node.keywords if k.arg in ("message", "label")]
            for argument in arguments:
                text = _literal_text(argument)
                if re.search(r"[a-z]{3,}", text):  # words, not just a path, a code or punctuation
                    found.append((path.relative_to(PACKAGE).as_posix(), node.lineno, text))
    return found


def test_every_message_shown_to_a_user_goes_through_the_catalogue() -> None:
    unmarked = [(file, line, text) for file, line, text in _unmarked_messages()
                if not any(file == kept_file and start in text for kept_file, start in KEPT_IN_ENGLISH)]
    assert not unmarked, ("mark these with _() (see lms_build/i18n/README.md) or say in KEPT_IN_ENGLISH why not: "
                          + "; ".join(f"{file}:{line}: {text[:60]}" for file, line, text in unmarked))


def test_what_is_kept_in_english_is_still_there() -> None:
    """A stale exception would let a new English message of the same file slip through."""
    present = _unmarked_messages()
    for kept_file, start in KEPT_IN_ENGLISH:
        assert any(file == kept_file and start in text for file, _line, text in present), (kept_file, start)
