"""Sources as data: the catalogue in course_src/sources.yaml, citations instead of file names,
personas marked illustrative or credited to a source, the sources-and-credits page, and
course.toml settings that a page shows (the accessibility statement) which may not be empty."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from lms_build.build import validate_course
from lms_build.credits import CREDITS_PAGE_ID
from lms_build.model import Persona, Source
from lms_build.render.player import environment
from lms_build.stats import texts
from lms_build.targets.pdf.documents import Handout
from lms_build.targets.pdf.html import render_handout
from tests.conftest import run_cli

MODULE = "modules/01-perusteet.yaml"
SOURCES = "course_src/sources.yaml"
PERSONAS = "course_src/personas.yaml"
PAGE = "course_src/pages/saavutettavuus.yaml"


def _source(**fields: object) -> Source:
    base: dict[str, object] = {"id": "lahde", "title": "Otsikko", "language": "fi",
                               "publisher": "Julkaisija", "published": "2022-03-09",
                               "url": "https://example.fi/blogi"}
    return Source.model_validate(base | fields)


def test_a_citation_names_authors_title_publisher_and_date_the_finnish_way() -> None:
    source = _source(authors=["Mirva Gullman", "Mika Lillman"], title="Mera kompetens")
    assert source.citation() == "Mirva Gullman, Mika Lillman: Mera kompetens. Julkaisija, 9.3.2022."
    assert _source(title="Miksi?", published="2021").citation() == "Julkaisija: Miksi? 2021."
    assert _source(published="2020-08").published_text() == "8/2020"


def test_a_source_needs_a_web_address_or_where_to_find_it() -> None:
    with pytest.raises(ValidationError, match="`url`, or `where`"):
        _source(url=None)
    assert _source(url=None, where={"fi": "Ei verkossa.", "sv": "Inte på nätet."}).url is None


def test_a_partial_date_is_checked() -> None:
    with pytest.raises(ValidationError):
        _source(published="9.3.2022")


def test_a_persona_is_either_illustrative_or_based_on_a_source() -> None:
    base = {"id": "aino", "name": "Aino", "role": {"fi": "x"}, "description": {"fi": "x"}}
    with pytest.raises(ValidationError, match="not both"):
        Persona.model_validate(base | {"illustrative": True, "source": "lahde"})
    assert Persona.model_validate(base | {"illustrative": True}).illustrative


def _edit(course: Path, file: str, old: str, new: str) -> None:
    path = course / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not found"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line(course: Path, file: str, needle: str) -> int:
    lines = (course / file).read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, 1) if needle in text)


def test_a_module_citing_an_uncatalogued_source_is_refused_with_the_line(mini_course: Path) -> None:
    _edit(mini_course, MODULE, "sources: [gullman-2022]", "sources: [gullman-2023]")
    result = run_cli("validate", "-C", mini_course)
    assert result.returncode == 1
    line = _line(mini_course, MODULE, "sources: [gullman-2023]")
    assert f"{MODULE}:{line}:" in result.output
    assert "unknown source 'gullman-2023', not defined in course_src/sources.yaml: did you mean 'gullman-2022'?" \
        in result.output


def test_a_persona_crediting_an_unknown_source_is_refused(mini_course: Path) -> None:
    _edit(mini_course, PERSONAS, "    name: Lotta\n", "    name: Lotta\n    source: tuntematon\n")
    result = run_cli("validate", "-C", mini_course)
    assert result.returncode == 1
    assert f"{PERSONAS}:{_line(mini_course, PERSONAS, 'source: tuntematon')}:" in result.output
    assert "unknown source 'tuntematon'" in result.output


def test_an_empty_setting_shown_on_a_page_is_refused_naming_the_setting(mini_course: Path) -> None:
    _edit(mini_course, PAGE, "fi: Tämä kurssi pyrkii",
          "fi: Palaute {{accessibility.contact_email}}. Tämä kurssi pyrkii")
    result = run_cli("validate", "-C", mini_course)
    assert result.returncode == 1
    assert "shows the course.toml setting 'accessibility.contact_email', which is missing or empty: " \
           "fill in [accessibility] contact_email in course.toml" in result.output
    assert f"{PAGE}:" in result.output


def test_a_filled_setting_is_shown_to_learners_in_place_of_the_reference(mini_course: Path) -> None:
    _edit(mini_course, PAGE, "fi: Tämä kurssi pyrkii", "fi: Palaute {{accessibility.contact_email}}. Arvioitu "
          "{{ accessibility.evaluated }}. Tämä kurssi pyrkii")
    with (mini_course / "course.toml").open("a", encoding="utf-8") as toml:
        toml.write('\n[accessibility]\ncontact_email = "palaute@kunta.fi"\nevaluated = 2026-11-21\n')
    course, problems, _ = validate_course(mini_course)
    assert course is not None and not [p for p in problems if p.severity.value == "error"]
    page = next(p for p in course.extra_pages if p.id == "saavutettavuus")
    assert "Palaute palaute@kunta.fi. Arvioitu 21.11.2026." in " ".join(texts(page, "fi"))


def test_an_objective_without_a_question_is_a_warning(mini_course: Path) -> None:
    module = mini_course / "modules/02-loppukoe.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace("            objective: loppukoe-osaa\n", ""),
                      encoding="utf-8")
    result = run_cli("validate", "-C", mini_course)
    assert result.returncode == 0, result.output
    assert "warning: objective 'loppukoe-osaa' has no question" in result.output


def test_the_credits_page_cites_every_source_and_says_where_each_persona_comes_from(mini_course: Path) -> None:
    _edit(mini_course, PERSONAS, "    name: Lotta\n", "    name: Lotta\n    source: gullman-2022\n")
    course, _, _ = validate_course(mini_course)
    assert course is not None
    credits = next(p for p in course.extra_pages if p.id == CREDITS_PAGE_ID)
    assert credits.footer_link
    fi = " ".join(texts(credits, "fi"))
    assert "Mirva Gullman: Digitaitojen kehittäminen edellyttää koordinointia. Digi- ja väestötietovirasto, " \
           "9.3.2022. Blogikirjoitus viraston verkkosivuilla. (Moduulit 1)" in fi
    assert "**Lotta**:" in fi and "Lähde: Mirva Gullman" in fi
    assert "000_" not in fi


def test_the_player_ends_each_module_with_its_citations_never_a_file_name(mini_course: Path) -> None:
    course, _, _ = validate_course(mini_course)
    assert course is not None
    template = environment("sv").from_string(
        '{% from "blocks.html" import module_sources with context %}{{ module_sources(module, course) }}')
    html = template.render(module=course.modules[0], course=course)
    assert '<h2 id="perusteet-sources">Källor</h2>' in html
    assert "Mirva Gullman: Digitaitojen kehittäminen edellyttää koordinointia." in html
    assert "Blogginlägg på myndighetens webbplats." in html
    assert "000_" not in html


def test_the_whole_course_handout_cites_sources_and_ends_with_the_credits(mini_course: Path) -> None:
    course, _, _ = validate_course(mini_course)
    assert course is not None
    # Finnish body text carries Voikko's soft hyphens (U+00AD); the words are compared without them.
    whole = render_handout(course, Handout(lang="fi", edition="learner")).replace("\u00ad", "")
    assert '<section class="credits-appendix" id="credits">' in whole
    assert "<h1>Lähteet ja tekijät</h1>" in whole
    assert "Mirva Gullman: Digitaitojen kehittäminen edellyttää koordinointia. Digi- ja väestötietovirasto, " \
           "9.3.2022. Blogikirjoitus viraston verkkosivuilla." in whole
    assert "000_" not in whole
    one_module = render_handout(course, Handout(lang="fi", edition="learner", module=course.modules[0]))
    assert 'id="sources-perusteet"' in one_module and "credits-appendix" not in one_module
