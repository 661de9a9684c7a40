"""Worksheets a learner fills in, in Chromium: a field per cell, kept in this browser (the SCORM
1.2 budget cannot carry free text, and the page says so), downloaded as CSV without any request,
printed alone, cleared on request. The mini course's worksheet: columns Kuka / Kenelle, a preset
row Kirjasto and two blank rows."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.support import player
from tests.support.browser import wait_until

SHEET = "#worksheet-perusteet-kartoitus"
PAGE = "perusteet-tapaus"
KEY = "lms-build/mini-course/worksheet/perusteet-kartoitus"

#: (row, column) -> what the learner writes: quotes, the CSV separator, two lines, a formula.
WRITTEN = {(0, 1): 'Lapsiperheet; "e-kirjat"', (1, 0): "Kotihoito", (1, 1): "Ikäihmiset\nkotona",
           (2, 0): "=SUMMA(A1:A2)"}


def cell(page, row: int, column: int):
    return page.locator(f"{SHEET} textarea[data-cell='{row}-{column}']")


def open_sheet(page, url: str):
    player.open_player(page, url)
    player.go_to(page, PAGE)
    return page


def fill(page) -> None:
    for (row, column), text in WRITTEN.items():
        cell(page, row, column).fill(text)


def shown(page) -> dict[tuple[int, int], str]:
    values = page.locator(f"{SHEET} textarea").evaluate_all(
        "fields => fields.map(f => [f.dataset.cell, f.value])")
    return {tuple(map(int, key.split("-"))): value for key, value in values if value}


def test_every_cell_is_a_labelled_field_and_the_page_says_where_the_text_is_kept(page, package):
    open_sheet(page, package("standalone", "fi"))
    assert page.locator(f"{SHEET} textarea").count() == 5
    assert cell(page, 0, 1).evaluate("f => f.labels.length || f.getAttribute('aria-labelledby')")
    note = page.locator(f"{SHEET} .worksheet-kept")
    assert note.is_visible() and "vain tämän laitteen selaimeen" in note.inner_text()
    assert not page.locator(f"{SHEET} .worksheet-not-kept").is_visible()
    for name in ("Lataa taulukko (CSV)", "Tulosta taulukko", "Tyhjennä taulukko"):
        assert page.get_by_role("button", name=name).is_visible()


def test_what_is_written_survives_a_reload_and_shows_in_the_other_language(page, package):
    open_sheet(page, package("standalone", "fi"))
    fill(page)
    page.reload()
    wait_until(page, player.READY)
    player.go_to(page, PAGE)
    assert shown(page) == WRITTEN
    open_sheet(page, package("standalone", "sv"))  # the same worksheet, the same device
    assert shown(page) == WRITTEN


def test_the_text_stays_out_of_the_learner_state_sent_to_the_lms(page, package):
    open_sheet(page, package("scorm12", "fi"))  # no LMS here: only the state string matters
    before = player.status(page)["state"]
    fill(page)
    after = player.status(page)["state"]
    assert after == before
    assert page.evaluate("k => JSON.parse(localStorage.getItem(k))", KEY) == {
        f"{row}-{column}": text for (row, column), text in WRITTEN.items()}


def test_a_worksheet_downloads_as_a_csv_file_made_in_the_browser(page, package):
    open_sheet(page, package("standalone", "fi"))
    fill(page)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    with page.expect_download() as info:
        page.get_by_role("button", name="Lataa taulukko (CSV)").click()
    download = info.value
    assert download.suggested_filename == "perusteet-kartoitus.csv"
    content = Path(download.path()).read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")  # a BOM: spreadsheets read it as UTF-8
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows == [["Kuka", "Kenelle"],
                    ["Kirjasto", 'Lapsiperheet; "e-kirjat"'],
                    ["Kotihoito", "Ikäihmiset\nkotona"],
                    ["'=SUMMA(A1:A2)", ""]]  # shown as text, not run as a formula
    assert [url for url in requests if not url.startswith("blob:")] == []


def test_printing_a_worksheet_prints_only_the_worksheet(page, package):
    open_sheet(page, package("standalone", "fi"))
    fill(page)
    page.evaluate("() => { window.print = () => { window.printed = (window.printed || 0) + 1; }; }")
    page.get_by_role("button", name="Tulosta taulukko").click()
    assert page.evaluate("window.printed") == 1
    page.emulate_media(media="print")
    assert page.locator(f"{SHEET} table").is_visible()
    assert page.locator(f"{SHEET} h2").is_visible()
    for hidden in (".toc", ".pager", ".course-header", ".course-footer", f"#{PAGE}-title",
                   f"#{PAGE} .persona", f"#{PAGE} .checklist", f"{SHEET} .worksheet-tools",
                   f"{SHEET} .worksheet-note"):
        assert not page.locator(hidden).first.is_visible(), hidden

    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert "Kartoitus" in text and "Kirjasto" in text and "Kotihoito" in text
    for elsewhere in ("Sisällys", "Seuraava", "Lotta", "Kuka antaa tukea?"):
        assert elsewhere not in text, elsewhere
    box = pdf.pages[0].mediabox
    assert box.width > box.height, "a worksheet prints landscape"

    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.locator(f"#{PAGE}-title").is_visible()  # an ordinary print: the page shown
    assert not page.locator(".toc").is_visible()


@pytest.mark.parametrize("confirmed", [True, False])
def test_clearing_asks_first_then_empties_the_table_and_the_device_copy(page, package, confirmed):
    open_sheet(page, package("standalone", "fi"))
    fill(page)
    questions: list[str] = []

    def answer(dialog):
        questions.append(dialog.message)
        dialog.accept() if confirmed else dialog.dismiss()

    page.once("dialog", answer)
    page.get_by_role("button", name="Tyhjennä taulukko").click()
    assert questions == ["Poistetaanko kaikki tähän taulukkoon kirjoittamasi tiedot tältä laitteelta?"]
    assert shown(page) == ({} if confirmed else WRITTEN)
    stored = page.evaluate("k => localStorage.getItem(k)", KEY)
    assert (stored is None) == confirmed


BLOCK_STORAGE = """Object.defineProperty(window, 'localStorage', {get() {
    throw new DOMException('The operation is insecure.', 'SecurityError'); }});"""


def test_without_browser_storage_the_page_says_the_text_will_be_lost(browser, package):
    context = browser.new_context()
    context.add_init_script(BLOCK_STORAGE)
    page = context.new_page()
    crashes: list[str] = []
    page.on("pageerror", lambda error: crashes.append(str(error)))
    open_sheet(page, package("standalone", "sv"))
    warning = page.locator(f"{SHEET} .worksheet-not-kept")
    assert warning.is_visible() and "försvinner när du stänger sidan" in warning.inner_text()
    assert not page.locator(f"{SHEET} .worksheet-kept").is_visible()
    fill(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Ladda ner tabellen (CSV)").click()
    assert "Kotihoito" in Path(info.value.path()).read_text(encoding="utf-8-sig")
    assert crashes == []
    context.close()


def test_on_a_phone_every_row_is_a_card_with_each_field_named_and_in_view(browser, package):
    context = browser.new_context(viewport={"width": 320, "height": 700})
    page = open_sheet(context.new_page(), package("standalone", "fi"))
    boxes = page.locator(f"{SHEET} textarea").evaluate_all("""fields => fields.map(f => {
        const r = f.getBoundingClientRect(), label = f.previousElementSibling;
        return {left: r.left, right: r.right, width: r.width,
                label: label.textContent, labelShown: label.getBoundingClientRect().height > 0};
    })""")
    assert [box["label"] for box in boxes] == ["Kenelle", "Kuka", "Kenelle", "Kuka", "Kenelle"]
    assert all(box["labelShown"] for box in boxes)
    assert all(box["left"] >= 0 and box["right"] <= 320 and box["width"] > 200 for box in boxes)
    assert page.locator(f"{SHEET} .row-name").first.is_visible()  # "Rivi 2" names a blank row
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()
