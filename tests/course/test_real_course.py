"""The real course shipped in modules/ and course_src/: complete, parallel in Finnish and
Swedish, and written in our own words (no sentence copied from the source articles)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from lms_build.build import validate_course
from lms_build.credits import CREDITS_PAGE_ID
from lms_build.model import QUESTION_TYPES, DiscussionBlock, Module, WorksheetBlock
from lms_build.resolve import Course, questions
from lms_build.stats import course_words, module_stats, texts
from tests.conftest import REPO

SEEDS = Path(os.environ.get("LMS_BUILD_SEEDS", REPO.parent / "shared" / "seeds"))
COPY_RUN = 8  # words in a row that may not appear in both a seed and the course


@pytest.fixture(scope="module")
def course() -> Course:
    course, problems, _ = validate_course(REPO)
    assert course is not None, "\n".join(p.format() for p in problems)
    assert not problems, "the real course must validate without warnings"
    return course


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _runs(words: list[str], size: int) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


def test_no_run_of_eight_words_from_a_seed_appears_in_the_course(course: Course) -> None:
    seed_files = sorted(SEEDS.glob("*.txt"))
    assert len(seed_files) == 5, f"expected the five source articles in {SEEDS}"
    seed_runs = set().union(*(_runs(_words(p.read_text(encoding="utf-8")), COPY_RUN) for p in seed_files))
    # The credits page quotes the sources' titles on purpose (that is what a citation is).
    pages = [p for p in course.extra_pages if p.id != CREDITS_PAGE_ID]
    shared = [*course.modules, *course.personas.values(), *course.glossary.values(), *pages]
    copied = []
    for lang in course.languages:
        for item in shared:
            for text in texts(item, lang):
                copied += [" ".join(run) for run in _runs(_words(text), COPY_RUN) & seed_runs]
    assert not copied, f"copied from the seeds: {copied[:5]}"


def test_the_copy_check_would_catch_a_copied_sentence() -> None:
    seed = next(iter(sorted(SEEDS.glob("*.txt")))).read_text(encoding="utf-8")
    sentence = max(seed.split("."), key=len)
    course_text = f"Johdanto. {sentence.upper()}! Loppu."
    seed_runs = _runs(_words(seed), COPY_RUN)
    assert _runs(_words(course_text), COPY_RUN) & seed_runs


def test_every_module_cites_catalogued_sources_and_every_seed_is_catalogued_and_cited(course: Course) -> None:
    available = {p.name for p in SEEDS.glob("*.txt")}
    for module in course.modules:
        if module.kind == "lesson":
            assert module.sources, f"{module.id} lists no sources"
        assert set(module.sources) <= set(course.sources), f"{module.id}: uncatalogued {module.sources}"
    assert {s.reviewer_copy for s in course.sources.values()} == available, "every seed is catalogued"
    assert set().union(*(m.sources for m in course.modules)) == set(course.sources), "every source is cited"


def test_learners_never_see_a_reviewers_file_name(course: Course) -> None:
    """Citations come from the catalogue; the seeds' internal names (000_….txt) stay internal."""
    credits = next(p for p in course.extra_pages if p.id == CREDITS_PAGE_ID)
    for lang in course.languages:
        visible = " ".join(text for item in [*course.modules, *course.personas.values(), *course.extra_pages]
                           for text in texts(item, lang))
        assert not re.search(r"\d{3}_[0-9a-f]{16}\.txt", visible)
        credits_text = " ".join(texts(credits, lang))
        for source in course.sources.values():
            assert source.title in credits_text


def test_personas_of_our_own_are_marked_illustrative_and_the_others_credit_their_source(course: Course) -> None:
    assert {p.id for p in course.personas.values() if p.illustrative} == {"aino", "mikko", "sanna"}
    for persona in course.personas.values():
        assert persona.illustrative or persona.source in course.sources, persona.id
        assert persona.origin is not None, f"{persona.id}: the credits page says where it comes from"


def test_course_has_seven_lesson_modules_and_a_final_assessment(course: Course) -> None:
    lessons = [m for m in course.modules if m.kind == "lesson"]
    assert len(lessons) >= 7
    assert course.assessment is not None and course.assessment == course.modules[-1]
    assert course.config.mastery_score == 80


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_course_has_at_least_7000_words_per_language(course: Course, lang: str) -> None:
    assert course_words(course, lang) >= 7000


def _lesson_modules(course: Course) -> list[Module]:
    return [m for m in course.modules if m.kind == "lesson"]


def test_every_module_has_objectives_pages_minutes_and_a_varied_quiz(course: Course) -> None:
    for module in course.modules:
        stats = module_stats(course, module)
        assert module.objectives and module.estimated_minutes > 0
        assert stats.pages >= 3, f"{module.id}: {stats.pages} pages"
        assert stats.questions >= 5, f"{module.id}: {stats.questions} questions"
        assert len(stats.question_types) >= 3, f"{module.id}: types {dict(stats.question_types)}"
        assert all(q.objective for q in questions(module)), f"{module.id}: question without objective"


def test_course_uses_every_question_type_and_the_assessment_uses_all(course: Course) -> None:
    used = {q.type for m in course.modules for q in questions(m)}
    assert used == set(QUESTION_TYPES)
    assert {q.type for q in questions(course.assessment)} == set(QUESTION_TYPES)


def test_every_lesson_ends_with_discussion_questions_for_learning_circles(course: Course) -> None:
    for module in _lesson_modules(course):
        blocks = [b for page in module.pages for b in page.blocks]
        assert any(isinstance(b, DiscussionBlock) for b in blocks), module.id


def test_course_has_the_digital_support_mapping_worksheet(course: Course) -> None:
    worksheets = [b for m in course.modules for p in m.pages for b in p.blocks if isinstance(b, WorksheetBlock)]
    assert any(b.id == "m3-digituen-kartoitus" for b in worksheets)


def test_glossary_covers_the_key_terms_with_swedish_equivalents(course: Course) -> None:
    needed = {"digituki", "digitukija", "kuntatutor", "digitukisparraus", "etadigituki",
              "oppimispiiri", "digilahettilas"}
    assert needed <= set(course.glossary)
    for term in course.glossary.values():
        assert term.term.get("fi") != term.term.get("sv") or term.id == "kuntatutor"


def test_personas_include_the_two_from_the_sources_and_our_own(course: Course) -> None:
    assert {"lotta", "christophe"} <= set(course.personas)
    assert len(course.personas) >= 4


def test_accessibility_statement_exists_in_both_languages(course: Course) -> None:
    statement = next(p for p in course.extra_pages if p.id == "saavutettavuusseloste")
    fi = " ".join(texts(statement, "fi"))
    sv = " ".join(texts(statement, "sv"))
    assert "WCAG 2.1" in fi and "WCAG 2.1" in sv
    assert "306/2019" in fi and "306/2019" in sv


def test_accessibility_statement_names_the_current_supervisor_and_shows_no_placeholder(course: Course) -> None:
    statement = next(p for p in course.extra_pages if p.id == "saavutettavuusseloste")
    for lang in course.languages:
        text = " ".join(texts(statement, lang))
        assert "{{" not in text and "Poista" not in text and "Ta bort" not in text
        assert "Traficom" in text
        assert "aluehallintovirasto" not in text.lower() and "regionförvaltningsverk" not in text.lower()
        assert "saavutettavuusvaatimukset.fi" in text
        assert course.config.accessibility.contact_email in text


def test_finnish_and_swedish_are_parallel_in_size(course: Course) -> None:
    """Both versions are complete: neither is a summary of the other."""
    for module in course.modules:
        words = module_stats(course, module).words
        assert 0.6 < words["sv"] / words["fi"] < 1.8, f"{module.id}: {words}"

