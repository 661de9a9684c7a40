"""PDF handouts as a trainer, a printer and a screen reader meet them: every PDF passes an
independent PDF/UA-1 checker, Finnish breaks where Voikko says, a persona case stays on one page,
answer keys for matching and ordering are tables, wide worksheets get a landscape page.

The PDFs are the run's shared ones (tests/targets/conftest.py): every handout of the real course
and of the mini fixture course, each rendered once."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import page
import pytest
from pypdf import PdfReader

from lms_build.model import PersonaBlock, WorksheetBlock
from lms_build.render.markdown import render_markdown
from lms_build.targets.pdf import engine, hyphenation
from lms_build.targets.pdf.documents import Handout
from lms_build.targets.pdf.html import WIDE_WORKSHEET_COLUMNS, render_handout
from tests.targets.conftest import Built, RealPdfs
from tests.targets.test_pdf import normalized, pdf_pages_text, structure, ui

SOFT = "\u00ad"
HYPHEN = "\u2010"  # WeasyPrint's hyphenate-character


def ua_failures(path: Path) -> list[str]:
    result = page.validate_pdf(str(path), profile="ua1")
    return [f"{failure.rule_id}: {failure.message}" for failure in result.failures] or (
        [] if result.is_compliant else ["not compliant, no rule named"])


# --- PDF/UA-1, checked by page-validation (not by WeasyPrint, which wrote the files) ------------

def test_every_real_course_handout_passes_pdf_ua_1(real_pdfs: RealPdfs) -> None:
    results = {path.name: ua_failures(path) for _, path in real_pdfs.all()}
    assert len(results) == 36
    assert {name: failures for name, failures in results.items() if failures} == {}


def test_every_fixture_course_handout_passes_pdf_ua_1(pdf_mini: Built) -> None:
    results = {path.name: ua_failures(path) for _, path in pdf_mini.all_paths()}
    assert len(results) == 12
    assert {name: failures for name, failures in results.items() if failures} == {}


def test_the_checker_fails_what_weasyprint_makes_of_a_description_list(tmp_path: Path) -> None:
    """Why handouts use no <dl> and no list marker boxes: the checker is not blind to them."""
    from weasyprint import HTML

    path = tmp_path / "dl.pdf"
    HTML(string='<html lang="fi"><title>t</title><dl><div><dt>a</dt><dd>b</dd></div></dl>'
                '<ul><li>x<p>y</p></li></ul>').write_pdf(path, **engine.RENDER_OPTIONS)
    rules = {failure.split(":")[0] for failure in ua_failures(path)}
    assert {"PDFUA1-L-KIDS-001", "PDFUA1-LI-PARENT-001", "PDFUA1-LI-KIDS-001"} <= rules


def test_worksheet_form_fields_use_a_small_font_that_maps_every_glyph(real_pdfs: RealPdfs) -> None:
    course = real_pdfs.course
    module = next(m for m in course.modules if any(isinstance(b, WorksheetBlock) for p in m.pages
                                                   for b in p.blocks))
    path = real_pdfs.path(Handout("fi", "learner", module))
    assert PdfReader(path).get_fields(), "the worksheet is fillable"
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout
    assert "Noto-Sans-Form" in fonts
    assert path.stat().st_size < 250_000, "Noto Sans is no longer embedded whole (550 KB)"


# --- Finnish hyphenation with Voikko ------------------------------------------------------------

def breaks(hyphenated: str) -> list[str]:
    return hyphenated.split(SOFT)


def test_voikko_breaks_finnish_compounds_at_their_boundary() -> None:
    for word, boundary in (("toimintasuunnitelma", "toiminta"), ("kokousjärjestelmässä", "kokous"),
                           ("vapaaehtoiset", "vapaa"), ("asiointipalvelujen", "asiointi")):
        parts = breaks(hyphenation.hyphenate_word(word, "fi"))
        assert "".join(parts) == word
        offsets = {len("".join(parts[:i])) for i in range(1, len(parts))}
        assert len(boundary) in offsets, f"{word}: {parts}"
        assert min(offsets) >= 2 and max(offsets) <= len(word) - 2, "no letter left alone"
    assert hyphenation.hyphenate_word("toimintasuunnitelma", "sv") == "toimintasuunnitelma"


def test_soft_hyphens_go_into_body_text_only() -> None:
    source = ('<head><title>toimintasuunnitelma</title><style>.kokousjärjestelmä{}</style></head>'
              '<body class="toimintasuunnitelma"><p title="toimintasuunnitelma">toimintasuunnitelma '
              'https://example.fi/toimintasuunnitelma</p>'
              '<textarea>toimintasuunnitelma</textarea></body>')
    result = hyphenation.hyphenate_html(source, "fi")
    assert result.replace(SOFT, "") == source
    assert result.count(SOFT) == 6, "only the word of text, not the address"
    assert f">toi{SOFT}min" in result
    assert hyphenation.hyphenate_html(source, "sv") == source


def test_finnish_lines_break_only_where_voikko_allows_and_swedish_ones_are_hyphenated(
        real_pdfs: RealPdfs) -> None:
    counts = {}
    for lang in ("fi", "sv"):
        text = "\n".join(pdf_pages_text(real_pdfs.path(Handout(lang, "facilitator"))))
        # A word broken at a page's foot goes on after the footer and header: not counted.
        pairs = re.findall(rf"(\w+){HYPHEN}\n([^\W\d_A-ZÅÄÖ]\w*)", text)
        counts[lang] = len(pairs)
        if lang == "fi":
            for before, after in pairs:
                word = before + after
                parts = breaks(hyphenation.hyphenate_word(word, "fi"))
                offsets = {len("".join(parts[:i])) for i in range(1, len(parts))}
                assert len(before) in offsets, f"{before}-{after}: Voikko says {'-'.join(parts)}"
    assert counts["fi"] >= 20 and counts["sv"] >= 20, counts


def test_without_voikko_a_finnish_handout_is_built_unhyphenated_with_a_warning(
        pdf_mini: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> None:
        raise hyphenation.VoikkoMissing("libvoikko.so.1: cannot open shared object file")

    handout = Handout("fi", "learner", pdf_mini.course.modules[0])
    assert SOFT in render_handout(pdf_mini.course, handout)
    monkeypatch.setattr(hyphenation, "_finnish", missing)
    assert SOFT not in render_handout(pdf_mini.course, handout)
    [warning] = engine.check_environment(["fi", "sv"])
    assert warning.code == "pdf-hyphenation-missing" and warning.severity == "warning"
    assert "libvoikko1" in warning.message and "voikko-fi" in warning.message
    assert engine.check_environment(["sv"]) == []


# --- persona boxes, answer keys, worksheets -----------------------------------------------------

def plain(markdown_text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", str(render_markdown(markdown_text))))


def test_a_persona_case_is_never_split_across_pages(real_pdfs: RealPdfs) -> None:
    course = real_pdfs.course
    for lang in course.languages:
        pages = [normalized(text) for text in pdf_pages_text(real_pdfs.path(Handout(lang, "learner")))]
        cases = [block for module in course.modules for page_ in module.pages for block in page_.blocks
                 if isinstance(block, PersonaBlock)]
        assert len(cases) >= 5
        number = 0
        for block in cases:
            persona = course.personas[block.persona]
            heading = normalized(f"{ui(lang)['persona_case']}: {persona.name}, {persona.role.get(lang)}")
            last = block.question if block.question is not None else block.situation
            ending = normalized(plain(last.get(lang)))[-40:]
            number = next(n for n in range(number, len(pages)) if heading in pages[n])
            assert ending in pages[number][pages[number].index(heading):], \
                f"{lang}: the case of {persona.name} on page {number + 1} goes on to the next page"


def test_answer_keys_of_matching_and_ordering_are_tables_with_the_learner_edition_labels(
        pdf_mini: Built) -> None:
    course = pdf_mini.course
    kinds = [question.type for module in course.modules for page_ in module.pages for block in page_.blocks
             if block.type == "quiz" for question in block.questions]
    keyed = kinds.count("matching") + kinds.count("ordering")
    assert keyed >= 2
    for lang in course.languages:
        tables = {edition: sum(element["/S"] == "/Table" for element in
                               structure(PdfReader(pdf_mini.path(lang, edition))))
                  for edition in ("learner", "facilitator")}
        assert tables["facilitator"] - tables["learner"] == keyed

    from weasyprint.formatting_structure import boxes

    def text_of(box: object) -> str:
        if isinstance(box, boxes.TextBox):
            return box.text
        return "".join(text_of(child) for child in getattr(box, "children", []))

    module = next(m for m in course.modules if "matching" in [q.type for p in m.pages for b in p.blocks
                                                              if b.type == "quiz" for q in b.questions])
    document = engine.layout(render_handout(course, Handout("fi", "facilitator", module)))
    rows = {}
    for page_ in document.pages:
        stack = [page_._page_box]
        while stack:
            box = stack.pop()
            stack.extend(getattr(box, "children", []))
            if isinstance(box, boxes.TableBox) and "key-matching" in (box.element.get("class") or ""):
                for row in (row for group in box.children for row in group.children):
                    cells = [text_of(cell).replace(SOFT, "").strip() for cell in row.children]
                    rows[cells[0]] = cells[1]
    question = next(q for p in module.pages for b in p.blocks if b.type == "quiz"
                    for q in b.questions if q.type == "matching")
    letters = {pair.match.get("fi"): chr(ord("A") + index) for index, pair in
               enumerate(sorted(question.pairs, key=lambda pair: pair.match.root["fi"]))}
    assert rows["Kohta"] == "Oikea pari"
    for number, pair in enumerate(question.pairs, start=1):
        match = pair.match.get("fi")
        assert rows[f"{number}. {pair.prompt.get('fi')}"] == f"{letters[match]}) {match}"


def test_wide_worksheets_get_landscape_pages_and_everything_else_stays_portrait(
        real_pdfs: RealPdfs) -> None:
    course = real_pdfs.course
    worksheets = [block for module in course.modules for page_ in module.pages for block in page_.blocks
                  if isinstance(block, WorksheetBlock)]
    wide = [block for block in worksheets if len(block.columns) >= WIDE_WORKSHEET_COLUMNS]
    assert wide and len(wide) < len(worksheets), "the real course has wide and narrow worksheets"
    for handout, path in real_pdfs.all():
        lang = handout.lang
        texts = [normalized(text) for text in pdf_pages_text(path)]
        shapes = ["landscape" if page_.mediabox.width > page_.mediabox.height else "portrait"
                  for page_ in PdfReader(path).pages]
        for block in worksheets:
            title = normalized(f"{ui(lang)['worksheet']}: {block.title.get(lang)}")
            for number, text in enumerate(texts):
                if title in text:
                    expected = "landscape" if block in wide else "portrait"
                    assert shapes[number] == expected, f"{path.name} page {number + 1}"
        for number, shape in enumerate(shapes):
            if shape == "landscape":  # the header row repeats on every page of the worksheet
                assert any(sum(normalized(column.get(lang)) in texts[number] for column in block.columns) >= 3
                           for block in wide), f"{path.name} page {number + 1} is landscape without a wide worksheet"
