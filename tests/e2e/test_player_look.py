"""How the player looks to a learner, in Chromium: the changed pages of the real course (module
opening, persona cases, worksheet, an answered quiz) have no axe-core violations in Finnish and
Swedish on a 320 px phone and on a desktop; headings and navigation fit a 320 px screen; after a
page change the module label and the heading's focus ring are in view; a locked answer stays
readable."""

from __future__ import annotations

import re

import pytest

from tests.e2e.test_player_accessibility import axe
from tests.support import player
from tests.support.courses import as_practice, mini_course, real_course

WIDTHS = [320, 1280]
OUTLINE = 6  # px above a focused heading: 3 px outline + 3 px offset (player.css :focus-visible)


@pytest.fixture
def screen(browser):
    """screen(width, url) -> a player page in a window `width` px wide (closed after the test)."""
    contexts = []

    def open_at(width: int, url: str):
        context = browser.new_context(viewport={"width": width, "height": 800},
                                      reduced_motion="reduce")
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        crashes: list[str] = []
        page.on("pageerror", lambda error: crashes.append(str(error)))
        page.crashes = crashes
        return player.open_player(page, url)

    yield open_at
    for context in contexts:
        assert not context.pages[0].crashes, context.pages[0].crashes
        context.close()


def real(package, lang: str) -> str:
    return package("standalone", lang, course=real_course(), max_attempts=1)


def show(page, page_id: str) -> None:
    page.evaluate("id => LmsPlayer.go(LmsPlayer.data().pages.indexOf(id))", page_id)
    assert player.current_page(page) == page_id


def page_with(page, selector: str) -> str:
    return page.evaluate("s => document.querySelector(s).closest('section.page').id", selector)


def answer_every_question_on(page, page_id: str) -> None:
    """Right and wrong in turn; with one attempt each every answer is then locked."""
    questions = [q for q in player.data(page)["questions"]
                 if page_with(page, f"#q-{q['id']}") == page_id]
    assert questions
    for number, question in enumerate(questions):
        player.answer(page, question, correct=number % 2 == 0)


def changed_pages(page) -> dict[str, str]:
    player.load_every_page(page)
    module3 = next(p for p in player.data(page)["pages"] if p.startswith("m3-"))
    quiz = page_with(page, "form.question[id^='q-m4-']")
    return {"module opening": module3, "persona": page_with(page, ".persona"),
            "worksheet": page_with(page, ".worksheet"), "answered quiz": quiz}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_changed_pages_have_no_accessibility_violations(screen, package, server, lang, width):
    page = screen(width, real(package, lang))
    problems = {}
    for name, page_id in changed_pages(page).items():
        show(page, page_id)
        if name == "answered quiz":
            answer_every_question_on(page, page_id)
            assert page.locator(f"#{page_id} .feedback.is-correct").count()
            assert page.locator(f"#{page_id} .feedback.is-incorrect").count()
        problems[name] = axe(page, server)
    assert problems == {name: [] for name in problems}


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_on_a_320_px_phone_nothing_runs_wider_than_the_screen(screen, package, lang):
    page = screen(320, real(package, lang))
    for page_id in changed_pages(page).values():
        show(page, page_id)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, page_id


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_persona_headings_take_at_most_two_lines_at_320_px(screen, package, lang):
    page = screen(320, real(package, lang))
    player.load_every_page(page)
    page.evaluate("document.querySelectorAll('main > .page').forEach(p => { p.hidden = false; })")
    lines = page.evaluate("""() => [...document.querySelectorAll('.persona h2')].map(h => {
        const name = h.querySelector('.persona-name');
        return h.textContent.trim() + ': ' + Math.round(name.getBoundingClientRect().height /
            parseFloat(getComputedStyle(name).lineHeight));
    })""")
    assert len(lines) >= 5
    assert [line for line in lines if not line.endswith(": 1")] == []
    roles = page.evaluate("[...document.querySelectorAll('.persona-role')].map(r => r.textContent)")
    assert len(roles) == len(lines) and all(role.strip() for role in roles)


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_previous_and_next_sit_side_by_side_at_320_px(screen, package, lang):
    page = screen(320, real(package, lang))
    player.next_page(page)
    boxes = page.evaluate("""() => ['.pager-prev', '.pager-next', '.pager-position'].map(s => {
        const r = document.querySelector(s).getBoundingClientRect();
        return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height};
    })""")
    prev, next_, position = boxes
    assert prev["top"] == next_["top"], "Next must not wrap under Previous"
    assert prev["right"] < next_["left"] and next_["right"] <= 320 and prev["left"] >= 0
    assert prev["height"] == next_["height"] < 60, "each label on one line"
    assert position["bottom"] <= prev["top"]


@pytest.mark.parametrize("width", [320, 768, 1280])
def test_after_a_page_change_the_module_label_and_the_focus_ring_are_in_view(screen, package, width):
    page = screen(width, real(package, "fi"))
    pages = player.data(page)["pages"]
    opening = next(p for p in pages if p.startswith("m3-"))
    show(page, pages[pages.index(opening) - 1])
    page.focus(".pager-next")
    page.keyboard.press("Enter")  # by keyboard, so the heading shows its focus ring
    player.settled(page)
    assert player.current_page(page) == opening
    assert page.evaluate("document.activeElement.id") == f"{opening}-title"
    assert page.evaluate("document.activeElement.matches(':focus-visible')")
    label_top = page.evaluate(f"document.querySelector('#{opening} .module-label').getBoundingClientRect().top")
    heading_top = page.evaluate(f"document.getElementById('{opening}-title').getBoundingClientRect().top")
    assert label_top >= 0 and heading_top >= OUTLINE

    following = pages[pages.index(opening) + 1]  # a page without a module label
    page.focus(".pager-next")
    page.keyboard.press("Enter")
    player.settled(page)
    heading_top = page.evaluate(f"document.getElementById('{following}-title').getBoundingClientRect().top")
    assert heading_top >= OUTLINE


RGB = re.compile(r"rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)")


def contrast(foreground: str, background: str) -> float:
    def channels(css: str) -> tuple[list[float], float]:
        r, g, b, a = RGB.fullmatch(css).groups()
        return [float(r), float(g), float(b)], float(a) if a else 1.0

    def luminance(rgb: list[float]) -> float:
        linear = [(c / 255) / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4
                  for c in rgb]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    fg, alpha = channels(foreground)
    bg, _ = channels(background)
    fg = [alpha * f + (1 - alpha) * b for f, b in zip(fg, bg, strict=True)]
    light, dark = sorted([luminance(fg), luminance(bg)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


COLOURS = """el => {
    let node = el, background = 'rgba(0, 0, 0, 0)';
    while (node && /rgba\\(.*, 0\\)/.test(background)) {
        background = getComputedStyle(node).backgroundColor;
        node = node.parentElement;
    }
    const own = getComputedStyle(el);
    return {text: own.color, background: /, 0\\)$/.test(background) ? 'rgb(255, 255, 255)' : background,
            opacity: own.opacity, type: el.type, fill: own.backgroundColor,
            mark: getComputedStyle(el, '::before').backgroundColor,
            markScale: getComputedStyle(el, '::before').transform};
}"""


def test_a_locked_answer_keeps_readable_text_and_a_clear_mark(page, package):
    # The assessment as a practice quiz: its questions are checked one by one and then locked.
    player.open_player(page, package("standalone", "fi", "loppukoe", course=as_practice(mini_course()),
                                     max_attempts=1))
    questions = player.data(page)["questions"]
    for question in questions:
        player.answer(page, question, correct=True)
    assert page.locator("fieldset:disabled").count() == len(questions)
    checked = page.locator("fieldset:disabled input:checked")
    assert checked.count() >= 3
    for index in range(checked.count()):
        colours = checked.nth(index).evaluate(COLOURS)
        assert colours["opacity"] == "1"
        accent = "rgb(11, 83, 148)"  # the radio's dot, the check box's fill (not the pale grey)
        assert colours["mark" if colours["type"] == "radio" else "fill"] == accent, colours
        assert colours["markScale"] != "matrix(0, 0, 0, 0, 0, 0)"
    readable = page.locator("fieldset:disabled label, fieldset:disabled select, "
                            "fieldset:disabled input[type=text], fieldset:disabled .order-text")
    assert readable.count() >= 10
    for index in range(readable.count()):
        colours = readable.nth(index).evaluate(COLOURS)
        assert colours["opacity"] == "1"
        ratio = contrast(colours["text"], colours["background"])
        assert ratio >= 4.5, (readable.nth(index).inner_text() or "field", colours, ratio)


def test_in_forced_colours_a_chosen_option_is_drawn_in_the_text_colour(page, package):
    player.open_player(page, package("standalone", "fi", "loppukoe"))
    questions = {q["kind"]: q for q in player.data(page)["questions"]}
    player.fill_answer(page, questions["single"])
    player.fill_answer(page, questions["multi"])
    page.emulate_media(forced_colors="active", color_scheme="dark")
    marks = page.locator("input:checked").evaluate_all("""boxes => boxes.map(b => ({
        type: b.type, text: getComputedStyle(b.closest('.option')).color,
        border: getComputedStyle(b).borderColor, fill: getComputedStyle(b).backgroundColor,
        dot: getComputedStyle(b, '::before').backgroundColor}))""")
    assert {mark["type"] for mark in marks} == {"radio", "checkbox"}
    for mark in marks:
        if mark["type"] == "radio":
            assert mark["border"] == mark["dot"] == mark["text"], mark
        else:
            assert mark["fill"] != mark["text"] and mark["fill"] == mark["border"], mark
