"""PDF handouts (`lms-build build --target pdf`): what a learner, a facilitator, a printer and a
screen reader get. Every check reads real PDFs back with poppler-utils and pypdf.

The mini fixture course (every block and question type) is built once for the whole file; the
hostile fixture (markup-like text, words longer than a line, a 2,000-row worksheet) is rendered
once for the layout checks."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from lms_build import runner
from lms_build.build import build, validate_course
from lms_build.model import ImageBlock, Module
from lms_build.render.player import ui_strings
from lms_build.resolve import Course, questions
from lms_build.targets import target_names
from lms_build.targets.pdf import PdfTarget, engine
from lms_build.targets.pdf.documents import EDITIONS, Handout
from lms_build.targets.pdf.html import (
    collation_key,
    option_letter,
    page_of_css,
    render_handout,
    renumber_headings,
)
from tests.conftest import FIXTURES, REPO, run_cli
from tests.targets.conftest import Built, RealPdfs

MINI = FIXTURES / "mini"
HOSTILE = FIXTURES / "hostile"
A4_POINTS = (595.28, 841.89)
DASH = " \u2013 "  # en dash between spaces, as titles are joined
MM = 72 / 25.4  # points per millimetre
PAGE_MARGIN_LEFT, PAGE_MARGIN_RIGHT = 22 * MM, 20 * MM  # handout.css @page margins


# --- helpers: reading PDFs back ------------------------------------------------------------

def normalized(text: str) -> str:
    """Text compared without layout: no whitespace, no (soft) hyphens from line breaking and
    hyphenation, no case (headings may be upper-cased by CSS)."""
    return re.sub(r"[\s\u00ad\u2010-]", "", text).casefold()


def pdf_pages_text(path: Path) -> list[str]:
    """pdftotext of every page, in page order."""
    output = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                            capture_output=True, text=True, check=True).stdout
    return output.split("\f")[:-1]


def word_boxes(path: Path) -> list[tuple[float, float, float]]:
    """(page width, xMin, xMax) of every word: pages are portrait or (wide worksheets) landscape."""
    words = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True,
                           check=True).stdout
    found = []
    for page in re.split(r"<page ", words)[1:]:
        width = float(re.match(r'width="([\d.]+)"', page)[1])
        found += [(width, float(x0), float(x1)) for x0, x1 in
                  re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', page)]
    return found


def pdf_text(path: Path) -> str:
    return "\n".join(pdf_pages_text(path))


def pdfinfo(path: Path) -> dict[str, str]:
    output = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {key.strip(): value.strip() for key, _, value in
            (line.partition(":") for line in output.splitlines())}


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """The bookmarks as (depth, title, 0-based page)."""
    found: list[tuple[int, str, int]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return found


def structure(reader: PdfReader) -> list[DictionaryObject]:
    """Every element of the tag tree, depth first (the logical reading order)."""
    elements: list[DictionaryObject] = []

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, ArrayObject):
            for kid in node:
                walk(kid)
        elif isinstance(node, DictionaryObject):
            if "/S" in node:
                elements.append(node)
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return elements


def ink_per_page(path: Path, dpi: int = 20) -> list[float]:
    """Share of dark pixels on each page, from pdftoppm PNGs at low resolution."""
    folder = path.parent / f".ink-{path.stem}"
    folder.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(path), str(folder / "p")],
                   check=True)
    shares = []
    for png in sorted(folder.glob("p-*.png"), key=lambda p: int(p.stem.split("-")[-1])):
        histogram = Image.open(png).convert("L").histogram()
        shares.append(sum(histogram[:200]) / sum(histogram))
    shutil.rmtree(folder)
    return shares


# --- helpers: what the course says the PDFs must contain ----------------------------------

def ui(lang: str) -> dict[str, str]:
    return {key: value[lang] for key, value in ui_strings().items()}


def module_heading(module: Module, lang: str) -> str:
    return f"{ui(lang)['module']} {module.order}: {module.title.get(lang)}"


def correct_answers(question: object, lang: str) -> list[str]:
    """What the answer key must state for a question, in the course's own words."""
    kind = question.type
    if kind in ("single-choice", "multiple-choice", "scenario"):
        correct = {question.correct} if kind == "single-choice" else set(question.correct)
        choices = question.choices if kind == "scenario" else question.options
        return [option.text.get(lang) for option in choices if option.id in correct]
    if kind == "true-false":
        return [ui(lang)["true" if question.correct else "false"]]
    if kind == "matching":  # a table: row "1. prompt" | "C) match" (pairs: test_pdf_handouts.py)
        return [text.get(lang) for pair in question.pairs for text in (pair.prompt, pair.match)]
    if kind == "ordering":  # a table: row "1." | first item, ...
        return [item.text.get(lang) for item in question.items]
    return question.accepted.get(lang)


def question_chunks(text: str, course_questions: list, lang: str) -> list[str]:
    """The document's text cut at each question's prompt: the part that belongs to each."""
    flat = normalized(text)
    starts = []
    position = 0
    for question in course_questions:
        position = flat.index(normalized(question.prompt.get(lang)), position)
        starts.append(position)
    return [flat[start:end] for start, end in zip(starts, [*starts[1:], len(flat)], strict=True)]


# --- the built fixture course -------------------------------------------------------------

@pytest.fixture
def built(pdf_mini: Built) -> Built:
    """The mini course built once for the whole run (tests/targets/conftest.py)."""
    return pdf_mini


@pytest.fixture
def own_cache(built: Built, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Tests that build again share the module build's cache (so unchanged PDFs are copies)."""
    monkeypatch.setenv("LMS_BUILD_CACHE_DIR", str(built.cache))
    return built.cache


# --- which files ------------------------------------------------------------------------------

def test_pdf_target_is_registered_and_named_in_the_cli() -> None:
    assert "pdf" in target_names()
    assert "pdf" in run_cli("build", "--help").output


def test_every_language_gets_a_course_handout_and_one_per_module_in_both_editions(built: Built) -> None:
    stems = ["mini-course", "01-perusteet", "02-loppukoe"]
    expected = {f"pdf/{lang}/{stem}-{lang}-{edition}.pdf"
                for lang in ("fi", "sv") for stem in stems for edition in ("learner", "facilitator")}
    assert len(expected) == 12
    assert {entry["path"] for entry in built.report} == expected
    assert all(entry["target"] == "pdf" and entry["sha256"] for entry in built.report)
    assert {p.relative_to(built.out).as_posix() for p in (built.out / "pdf").rglob("*.pdf")} == expected
    assert not list(built.out.glob(".*staging-*")), "the staging folder is gone"


# --- print: A4, cover, header and footer, table of contents ----------------------------------

def test_every_page_of_every_handout_is_a4_portrait(built: Built) -> None:
    for _, path in built.all_paths():
        for page in PdfReader(path).pages:
            size = (float(page.mediabox.width), float(page.mediabox.height))
            assert size == pytest.approx(A4_POINTS, abs=0.5), path.name


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_cover_shows_course_module_organisation_version_and_the_release_date(built: Built, lang: str) -> None:
    module = built.course.modules[0]
    cover = normalized(pdf_pages_text(built.path(lang, "learner", module))[0])
    config = built.course.config
    for expected in (config.title.get(lang), module_heading(module, lang), config.organisation.get(lang),
                     config.version, "15.1.2026", ui(lang)["pdf_learner_edition"]):
        assert normalized(expected) in cover, expected
    # The date is course.toml's, never the build clock's, in the PDF's metadata too.
    assert pdfinfo(built.path(lang, "learner", module))["CreationDate"].endswith("2026 UTC")
    info = PdfReader(built.path(lang, "learner", module)).metadata
    assert info["/CreationDate"].startswith("D:20260115") and info["/ModDate"].startswith("D:20260115")


@pytest.mark.parametrize(("lang", "page_word"), [("fi", "sivu"), ("sv", "sida")])
def test_running_header_names_the_course_and_the_footer_counts_pages_in_the_document_language(
        built: Built, lang: str, page_word: str) -> None:
    pages = pdf_pages_text(built.path(lang, "facilitator"))
    total = len(pages)
    title = normalized(built.course.config.title.get(lang))
    assert f"{page_word} 1 / {total}" not in pages[0], "the cover has no footer"
    for number, text in enumerate(pages[1:], start=2):
        assert f"{page_word} {number} / {total}" in text
        assert normalized(text).startswith(title), f"page {number} starts with the course title"


def test_table_of_contents_gives_the_real_page_of_every_module_and_page(built: Built) -> None:
    for lang in built.course.languages:
        path = built.path(lang, "learner")
        toc_page = pdf_pages_text(path)[1]
        toc = {match[1].strip(): int(match[2])
               for match in re.finditer(r"^(.+?)\s*\.{3,}\s*(\d+)$", toc_page, re.MULTILINE)}
        bookmarks = {title: page + 1 for _, title, page in outline(PdfReader(path))}
        for module in built.course.modules:
            titles = [module_heading(module, lang), *(page.title.get(lang) for page in module.pages)]
            for title in titles:
                assert toc[title] == bookmarks[title], f"{lang}: {title}"
        assert toc[ui(lang)["glossary"]] == len(pdf_pages_text(path)), "glossary is the last page"


# --- accessibility and metadata --------------------------------------------------------------

@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_handouts_are_tagged_pdf_ua_with_title_language_author_subject_and_keywords(
        built: Built, lang: str) -> None:
    config = built.course.config
    module = built.course.modules[0]
    for edition in EDITIONS:
        path = built.path(lang, edition, module)
        assert pdfinfo(path)["Tagged"] == "yes"
        reader = PdfReader(path)
        root = reader.trailer["/Root"]
        assert root["/Lang"] == lang
        assert root["/MarkInfo"]["/Marked"].value is True
        assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
        assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()
        info = reader.metadata
        edition_label = ui(lang)[f"pdf_{edition}_edition"]
        assert info.title == f"{config.title.get(lang)}{DASH}{module_heading(module, lang)}{DASH}{edition_label}"
        assert config.organisation.get(lang) in info.author
        assert info.subject == module.summary.get(lang)
        assert info["/Keywords"] == config.keywords.get(lang)
    course_title = PdfReader(built.path(lang, "learner")).metadata.title
    assert course_title == f"{config.title.get(lang)}{DASH}{ui(lang)['pdf_learner_edition']}"


def test_outline_has_a_bookmark_for_every_module_page_and_block_heading(built: Built) -> None:
    for lang in built.course.languages:
        marks = outline(PdfReader(built.path(lang, "facilitator")))
        depth = {title: level for level, title, _ in marks}
        for module in built.course.modules:
            assert depth[module_heading(module, lang)] == 0
            for page in module.pages:
                assert depth[page.title.get(lang)] == 1, "pages sit under their module"
                for block in page.blocks:
                    if block.type in ("checklist", "worksheet"):
                        heading = block.title.get(lang)
                        assert any(title.endswith(heading) and level == 2 for level, title, _ in marks)
        assert depth[ui(lang)["contents"]] == 0 and depth[ui(lang)["glossary"]] == 0
        assert [page for _, _, page in marks] == sorted(page for _, _, page in marks)


def test_tag_tree_reads_in_page_order_and_never_skips_a_heading_level(built: Built) -> None:
    for _, path in built.all_paths():
        reader = PdfReader(path)
        page_of = {page.indirect_reference.idnum: index for index, page in enumerate(reader.pages)}
        headings = [(int(element["/S"][2]), page_of[element.raw_get("/Pg").idnum])
                    for element in structure(reader) if re.fullmatch(r"/H[1-6]", element["/S"])]
        assert headings[0][0] == 1
        for (previous, _), (level, _) in pairwise(headings):
            assert level <= previous + 1, f"{path.name}: H{previous} followed by H{level}"
        pages = [page for _, page in headings]
        assert pages == sorted(pages), f"{path.name}: headings out of page order"


def test_images_carry_their_alt_text_in_the_tags(built: Built) -> None:
    image = next(block for page in built.course.modules[0].pages for block in page.blocks
                 if isinstance(block, ImageBlock))
    for lang in built.course.languages:
        figures = [element for element in structure(PdfReader(built.path(lang, "learner")))
                   if element["/S"] == "/Figure"]
        assert [figure["/Alt"] for figure in figures] == [image.alt.get(lang)]


def test_every_font_is_embedded_and_renders_finnish_and_swedish_letters(built: Built) -> None:
    for _, path in built.all_paths():
        rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                              check=True).stdout.splitlines()[2:]
        assert rows, path.name
        for row in rows:
            name, embedded = row.split()[0], row.split()[-5]
            assert embedded == "yes", f"{path.name}: {name} is not embedded"
            assert re.search(r"\+(Noto-Sans|DejaVu-Sans)", name), f"{path.name}: unexpected {name}"
    assert "ä" in pdf_text(built.path("fi", "learner")) and "ö" in pdf_text(built.path("fi", "learner"))
    swedish = pdf_text(built.path("sv", "learner"))
    assert "Kartläggning" in swedish and "Frågor" in swedish


# --- content: learner and facilitator editions ----------------------------------------------

@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_learner_edition_has_every_heading_and_prompt_but_no_answer_key(built: Built, lang: str) -> None:
    for module in built.course.modules:
        text = normalized(pdf_text(built.path(lang, "learner", module)))
        expected = [module_heading(module, lang), *(page.title.get(lang) for page in module.pages),
                    *(question.prompt.get(lang) for question in questions(module))]
        for entry in expected:
            assert normalized(entry) in text, entry
        for forbidden in (ui(lang)["pdf_answer_key"], ui(lang)["pdf_correct_answer"],
                          ui(lang)["pdf_feedback_correct"], ui(lang)["pdf_facilitator_guide"]):
            assert normalized(forbidden) not in text, forbidden
        for question in questions(module):
            assert normalized(question.feedback.correct.get(lang) + ui(lang)["pdf_feedback_incorrect"]) not in text
        chunks = question_chunks(pdf_text(built.path(lang, "learner", module)), questions(module), lang)
        for question, chunk in zip(questions(module), chunks, strict=True):
            if question.type == "short-text":
                for accepted in question.accepted.get(lang):
                    assert normalized(accepted) not in chunk, f"{question.id} gives its answer away"


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_facilitator_edition_states_every_correct_answer_and_its_feedback(built: Built, lang: str) -> None:
    for module in built.course.modules:
        course_questions = questions(module)
        chunks = question_chunks(pdf_text(built.path(lang, "facilitator", module)), course_questions, lang)
        for question, chunk in zip(course_questions, chunks, strict=True):
            assert normalized(ui(lang)["pdf_correct_answer"] + ":") in chunk, question.id
            for answer in correct_answers(question, lang):
                assert normalized(answer) in chunk, f"{question.id}: {answer}"
            assert normalized(question.feedback.correct.get(lang)) in chunk
            assert normalized(question.feedback.incorrect.get(lang)) in chunk
            for option in getattr(question, "options", None) or getattr(question, "choices", None) or []:
                if option.feedback:
                    assert normalized(option.feedback.get(lang)) in chunk


def test_facilitator_edition_gathers_the_learning_circle_questions_per_module(built: Built) -> None:
    module = built.course.modules[0]
    for lang in built.course.languages:
        facilitator = normalized(pdf_text(built.path(lang, "facilitator", module)))
        guide = facilitator[facilitator.index(normalized(ui(lang)["pdf_facilitator_guide"]),
                                              facilitator.index(normalized(module.pages[-1].title.get(lang)))):]
        assert normalized("Kuka teillä antaa digitukea?" if lang == "fi" else "Vem ger digitalt stöd hos er?") in guide
        assert normalized("Mikä tuki tavoittaa Lotan?" if lang == "fi" else "Vilket stöd når Lotta?") in guide


def test_persona_boxes_callouts_checklists_glossary_and_sources_are_printed(built: Built) -> None:
    text = normalized(pdf_text(built.path("fi", "learner")))
    for expected in ("Tapaus: Lotta, kunnanvaltuutettu", "Lotta tarvitsee apua kokousjärjestelmässä.",
                     "Laki ja säädökset", "Laki 306/2019", "Tarkista", "Kuka antaa tukea?",
                     "Sanasto", "Apua digitaalisten palvelujen käyttöön.", "Lähteet",
                     "Mirva Gullman: Digitaitojen kehittäminen edellyttää koordinointia. Digi- ja "
                     "väestötietovirasto, 9.3.2022.", "Keskustelkaa oppimispiirissä"):
        assert normalized(expected) in text, expected
    assert "000_" not in text, "a learner never sees the reviewers' file name of a source"


def test_worksheet_is_a_fillable_table_on_a_page_of_its_own(built: Built) -> None:
    for lang in built.course.languages:
        path = built.path(lang, "learner", built.course.modules[0])
        pages = [normalized(text) for text in pdf_pages_text(path)]
        title = normalized(f"{ui(lang)['worksheet']}: {'Kartoitus' if lang == 'fi' else 'Kartläggning'}")
        [worksheet_page] = [text for text in pages if title in text]
        assert normalized("Kirjasto" if lang == "fi" else "Biblioteket") in worksheet_page
        # Neither the checklist before it nor the glossary after it share its page.
        assert normalized("Kuka antaa tukea?" if lang == "fi" else "Vem ger stöd?") not in worksheet_page
        assert normalized(ui(lang)["glossary"]) not in worksheet_page
        fields = PdfReader(path).get_fields()
        assert len(fields) == 3 * 2 - 1, "one field per cell, none in the row label column"
        expected = "Kirjasto: Kenelle" if lang == "fi" else "Biblioteket: Till vem"
        assert fields["perusteet-kartoitus-r1-c2"]["/TU"] == expected
        tags = [element["/S"] for element in structure(PdfReader(path))]
        assert {"/Table", "/TH", "/TD"} <= set(tags)


def test_no_page_is_blank_and_cover_and_content_carry_real_ink(built: Built) -> None:
    for handout, path in built.all_paths():
        if handout.lang != "fi":
            continue
        ink = ink_per_page(path)
        assert len(ink) == len(PdfReader(path).pages)
        assert min(ink) > 0.002, f"{path.name}: page {ink.index(min(ink)) + 1} is (nearly) blank"
        assert ink[0] > 0.01, f"{path.name}: the cover is nearly empty"
        assert ink[2] > 0.02, f"{path.name}: the first content page is nearly empty"


# --- reproducible, cached ----------------------------------------------------------------------

def test_same_sources_give_the_same_bytes_from_the_cli_in_a_fresh_serial_process(
        built: Built, mini_course: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another interpreter (another hash seed), one worker, no cache: still the same bytes as the
    module build (parallel where the machine allows)."""
    monkeypatch.setenv("LMS_BUILD_CACHE_DIR", "off")
    monkeypatch.setenv("LMS_BUILD_PDF_JOBS", "1")
    result = run_cli("build", "-C", mini_course, "--target", "pdf", "--lang", "sv")
    assert result.returncode == 0, result.output
    rebuilt = sorted((mini_course / "dist" / "pdf" / "sv").glob("*.pdf"))
    assert [p.name for p in rebuilt] == sorted(p.name for h, p in built.all_paths() if h.lang == "sv")
    for path in rebuilt:
        assert path.read_bytes() == built.path("sv", "learner").parent.joinpath(path.name).read_bytes()


def test_the_worker_pool_renders_byte_identical_pdfs(built: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    jobs = [job for job in PdfTarget(built.course).plan("fi") if job.path.endswith("-learner.pdf")]
    monkeypatch.setattr(runner, "_safe_to_fork", lambda: True)
    monkeypatch.setenv("LMS_BUILD_JOBS", "2")
    pooled = list(runner._run_heavy(jobs))
    assert [job.path for job, *_ in pooled] == [job.path for job in jobs]
    for job, pdf, *_ in pooled:
        assert pdf == (built.out / job.path).read_bytes()


def test_unchanged_handouts_are_copied_from_the_cache_and_only_changed_ones_rendered(
        built: Built, own_cache: Path, mini_course: Path, tmp_path: Path) -> None:
    same = build(mini_course, tmp_path / "same", ["pdf"])
    assert [made.job.path for made in same.made if not made.cached] == []
    for _, path in built.all_paths():
        assert (tmp_path / "same" / path.relative_to(built.out)).read_bytes() == path.read_bytes()

    module = mini_course / "modules" / "02-loppukoe.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace('fi: "Loppukoe"', 'fi: "Loppukoe 2"'),
                      encoding="utf-8")
    changed = build(mini_course, tmp_path / "changed", ["pdf"])
    rendered = [Path(made.job.path).name for made in changed.made if not made.cached]
    assert sorted(rendered) == ["02-loppukoe-fi-facilitator.pdf", "02-loppukoe-fi-learner.pdf",
                                "mini-course-fi-facilitator.pdf", "mini-course-fi-learner.pdf"]


def test_missing_fonts_are_reported_before_building(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "font_files", lambda: {"Noto Sans:style=Regular": Path()})
    [problem] = engine.check_environment()
    assert problem.code == "pdf-font-missing" and "fonts-noto-core" in problem.message


# --- hostile text --------------------------------------------------------------------------------

@dataclass
class Hostile:
    document: Any  # weasyprint.Document: the laid-out pages and boxes
    path: Path
    warnings: list[str]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    """The hostile module's learner handout: its layout, its PDF and WeasyPrint's warnings."""
    course, problems, _ = validate_course(HOSTILE)
    assert course is not None, problems
    html = render_handout(course, Handout("fi", "learner", course.modules[0]))
    with engine.collected_warnings("weasyprint") as warnings:
        document = engine.layout(html)
    path = tmp_path_factory.mktemp("hostile") / "hostile.pdf"
    path.write_bytes(document.write_pdf(**engine.RENDER_OPTIONS))
    return Hostile(document, path, warnings)


def _boxes(box: object) -> Iterator[object]:
    yield box
    for child in getattr(box, "children", []):
        yield from _boxes(child)


def test_hostile_text_stays_inside_the_page_in_the_layout(hostile: Hostile) -> None:
    from weasyprint.formatting_structure import boxes

    assert hostile.warnings == []  # laid out without WeasyPrint refusing or guessing anything

    for number, page in enumerate(hostile.document.pages, start=1):
        page_box = page._page_box
        right = page_box.margin_width() - page_box.margin_right
        for box in _boxes(page_box):
            if isinstance(box, boxes.MarginBox):
                continue
            if isinstance(box, boxes.TextBox | boxes.BlockBox | boxes.TableBox):
                edge = box.position_x + box.margin_width() - box.margin_right
                assert edge <= right + 0.5, f"page {number}: {type(box).__name__} ends at {edge:.1f} > {right:.1f}"


def test_hostile_text_stays_inside_the_page_in_the_pdf(hostile: Hostile) -> None:
    boxes = word_boxes(hostile.path)
    assert len(boxes) > 1000
    assert min(x0 for _, x0, _ in boxes) >= PAGE_MARGIN_LEFT - 1
    assert all(x1 <= width - PAGE_MARGIN_RIGHT + 1 for width, _, x1 in boxes)


def test_markup_like_text_is_printed_as_text(hostile: Hostile) -> None:
    text = pdf_text(hostile.path)
    assert '<script>alert("x")</script>' in text
    assert "<img src=x onerror=alert(1)>" in text
    assert "<b>lihavointi</b>" in text
    assert "a < b > c & d" in text


def test_the_renderer_fetches_nothing_from_the_network() -> None:
    """Validation refuses Markdown images (markdown-image); should a remote one reach the
    renderer all the same, it is refused there too, with a warning."""
    html = '<html lang="fi"><title>t</title><p><img src="https://example.invalid/kuva.png" alt="x"></p>'
    with engine.collected_warnings("weasyprint") as warnings:
        engine.layout(html)
    assert any("disallowed protocol" in warning and "example.invalid" in warning for warning in warnings)


def test_a_2000_row_worksheet_repeats_its_header_never_splits_a_row_and_leaves_no_row_alone(hostile: Hostile) -> None:
    from weasyprint.formatting_structure import boxes

    body_rows = header_rows = 0
    worksheet_pages = 0
    rows_per_page: list[int] = []
    heights: list[float] = []
    for page in hostile.document.pages:
        groups = [group for table in _boxes(page._page_box) if isinstance(table, boxes.TableBox)
                  and "worksheet-table" in (table.element.get("class") or "")
                  for group in table.children if isinstance(group, boxes.TableRowGroupBox)]
        if not groups:
            continue
        worksheet_pages += 1
        header_rows += sum(len(group.children) for group in groups if group.is_header)
        rows = [row for group in groups if not group.is_header for row in group.children]
        body_rows += len(rows)
        rows_per_page.append(len(rows))
        heights.extend(row.height for row in rows)
    assert body_rows == 2000, "every row once: a split row would be counted on two pages"
    assert header_rows == worksheet_pages > 40
    assert min(rows_per_page) >= 2, "no row alone on a page"
    assert min(heights) >= 16 * 96 / 25.4 - 0.5, "rows (in CSS px) tall enough for two handwritten lines"
    assert len(PdfReader(hostile.path).pages) == len(hostile.document.pages)


def _last_line_tags(box: Any, ancestors: tuple[str, ...] = ()) -> tuple[str, ...] | None:
    """Element tags from the page down to the last line of body text on a page."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.MarginBox):
        return None
    tags = (*ancestors, box.element_tag or "")
    for child in reversed(getattr(box, "children", [])):
        if (found := _last_line_tags(child, tags)) is not None:
            return found
    return tags if isinstance(box, boxes.LineBox) and box.children else None


@pytest.mark.parametrize("which", ["hostile module", "mini course"])
def test_no_page_ends_with_a_heading(which: str, hostile: Hostile, built: Built) -> None:
    if which == "hostile module":
        document = hostile.document
    else:
        document = engine.layout(render_handout(built.course, Handout("fi", "facilitator")))
    for number, page in enumerate(document.pages, start=1):
        tags = _last_line_tags(page._page_box) or ()
        headings = [tag for tag in tags if re.fullmatch(r"h[1-6]", tag)]
        assert not headings, f"{which}: page {number} ends with a heading"


def test_title_quotes_and_dashes_survive_into_the_pdf(hostile: Hostile) -> None:
    cover = pdf_pages_text(hostile.path)[0]
    assert normalized(f"”lainausmerkeillä”{DASH}ja ajatusviivalla") in normalized(cover)
    assert "\u2013" in cover


# --- small pieces ----------------------------------------------------------------------------

def test_author_headings_are_renumbered_below_the_block_without_skipping_levels() -> None:
    assert renumber_headings("<h3>a</h3><p>x</p><h5>b</h5>", 3) == "<h3>a</h3><p>x</p><h4>b</h4>"
    assert renumber_headings("<h2>a</h2>", 4) == "<h4>a</h4>"
    assert renumber_headings("<p>&lt;h2&gt;</p>", 3) == "<p>&lt;h2&gt;</p>"


def test_glossary_sorts_a_umlauts_after_z_as_finnish_and_swedish_do() -> None:
    words = ["öljy", "ääni", "zeta", "åker", "alku"]
    assert sorted(words, key=collation_key) == ["alku", "zeta", "åker", "ääni", "öljy"]


def test_page_counter_text_becomes_css_content() -> None:
    assert page_of_css("sivu {page} / {pages}") == '"sivu " counter(page) " / " counter(pages)'
    assert [option_letter(i) for i in (0, 1, 25, 26)] == ["a", "b", "z", "aa"]


def test_strings_for_pdfs_exist_in_every_language() -> None:
    pdf_keys = [key for key in ui_strings() if key.startswith("pdf_")]
    assert len(pdf_keys) >= 20
    for key in pdf_keys:
        assert set(ui_strings()[key]) >= {"fi", "sv"}, key


def test_repository_installs_the_fonts_the_handouts_use() -> None:
    install = (REPO / "scripts" / "install.sh").read_text()
    assert "fonts-noto-core" in install and "fonts-dejavu-core" in install
    assert all(path.is_file() for path in engine.font_files().values())


# --- the real course ---------------------------------------------------------------------------

@dataclass
class Real:
    course: Course
    paths: dict[str, Path]  # by language


@pytest.fixture
def real(real_pdfs: RealPdfs) -> Real:
    """The real course's whole-course handouts, Finnish facilitator and Swedish learner edition,
    from the run's one rendering of every real handout (tests/targets/conftest.py)."""
    chosen = {"fi": Handout("fi", "facilitator"), "sv": Handout("sv", "learner")}
    return Real(real_pdfs.course, {lang: real_pdfs.path(handout) for lang, handout in chosen.items()})


def test_weasyprint_renders_every_real_handout_without_a_warning(real_pdfs: RealPdfs) -> None:
    assert len(real_pdfs.all()) == 2 * 2 * (1 + len(real_pdfs.course.modules))
    assert {name: messages for name, messages in real_pdfs.warnings.items() if messages} == {}


def test_real_course_handouts_are_tagged_a4_with_embedded_fonts(real: Real) -> None:
    course, paths = real.course, real.paths
    for lang, path in paths.items():
        info = pdfinfo(path)
        assert info["Tagged"] == "yes" and info["Page size"].endswith("(A4)")
        assert PdfReader(path).trailer["/Root"]["/Lang"] == lang
        assert PdfReader(path).metadata.title.startswith(course.config.title.get(lang))
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                               check=True).stdout.splitlines()[2:]
        assert fonts and all(row.split()[-5] == "yes" for row in fonts)


def test_real_course_outline_and_contents_list_every_module_and_page(real: Real) -> None:
    course, paths = real.course, real.paths
    for lang, path in paths.items():
        marks = outline(PdfReader(path))
        titles = {title: page + 1 for _, title, page in marks}
        # The contents run from page 2 to the page before the first module.
        toc_pages = pdf_pages_text(path)[1:titles[module_heading(course.modules[0], lang)] - 1]
        toc = {match[1].strip(): int(match[2]) for text in toc_pages
               for match in re.finditer(r"^(.+?)\s*\.{3,}\s*(\d+)$", text, re.MULTILINE)}
        for module in course.modules:
            for title in [module_heading(module, lang), *(page.title.get(lang) for page in module.pages)]:
                assert title in titles, f"{lang}: no bookmark for {title}"
        for module in course.modules:
            assert toc[module_heading(module, lang)] == titles[module_heading(module, lang)]


def test_real_course_facilitator_edition_answers_every_question(real: Real) -> None:
    course, paths = real.course, real.paths
    all_questions = [question for module in course.modules for question in questions(module)]
    chunks = question_chunks(pdf_text(paths["fi"]), all_questions, "fi")
    for question, chunk in zip(all_questions, chunks, strict=True):
        assert normalized(ui("fi")["pdf_correct_answer"] + ":") in chunk, question.id
        for answer in correct_answers(question, "fi"):
            assert normalized(answer) in chunk, f"{question.id}: {answer}"


def test_real_course_learner_edition_asks_every_question_without_answers(real: Real) -> None:
    course, paths = real.course, real.paths
    text = normalized(pdf_text(paths["sv"]))
    for module in course.modules:
        for question in questions(module):
            assert normalized(question.prompt.get("sv")) in text, question.id
            assert normalized(question.feedback.correct.get("sv")) not in text, question.id
    assert normalized(ui("sv")["pdf_answer_key"]) not in text


def test_real_course_pages_have_ink_and_text_stays_inside_the_margins(real: Real) -> None:
    paths = real.paths
    for path in paths.values():
        ink = ink_per_page(path)
        assert min(ink) > 0.002, f"{path.name}: page {ink.index(min(ink)) + 1} is (nearly) blank"
        assert all(x1 <= width - PAGE_MARGIN_RIGHT + 1 for width, _, x1 in word_boxes(path))
