"""Messages in the author's language: English by default, Finnish with --ui-lang fi or a Finnish
locale. The Finnish catalogue holds exactly the messages the code marks, each one translated."""

from __future__ import annotations

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
