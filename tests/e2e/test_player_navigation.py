"""Navigation, progress, layout and resume of the player, as a learner using a mouse or touch sees
them (standalone runtime: no LMS, progress in localStorage)."""

from __future__ import annotations

import pytest

from tests.support import player
from tests.support.browser import wait_until
from tests.support.courses import as_practice, mini_course

PAGES = ["perusteet-johdanto", "perusteet-tapaus", "perusteet-kysely", "loppukoe-kysymykset"]


def open_player(page, url: str):
    page.goto(url)
    wait_until(page, player.READY)
    return page


def visible_pages(page, settle: bool = True) -> list[str]:
    if settle:  # a page not loaded yet arrives from its own file a moment after the click
        player.settled(page)
    return page.eval_on_selector_all("main > .page", "s => s.filter(p => !p.hidden).map(p => p.id)")


def focused(page) -> str:
    player.settled(page)
    return page.evaluate("document.activeElement.id || document.activeElement.className")


def test_a_first_visit_shows_the_first_page_only_with_progress_and_position(page, package):
    open_player(page, package("standalone"))
    assert visible_pages(page) == ["perusteet-johdanto"]
    assert page.inner_text("#progress-text") == "Katsottu 1 / 4 sivua"
    assert page.inner_text(".pager-position") == "Sivu 1 / 4"
    assert page.get_attribute(".pager-position", "aria-live") == "polite"
    assert page.is_disabled(".pager-prev") and not page.is_disabled(".pager-next")
    assert page.title() == "Johdanto \u2013 Pieni testikurssi"


def test_next_previous_and_contents_change_the_page_and_move_focus_to_its_heading(page, package):
    open_player(page, package("standalone"))
    page.click(".pager-next")
    player.settled(page)
    assert visible_pages(page) == ["perusteet-tapaus"]
    assert focused(page) == "perusteet-tapaus-title"
    assert page.inner_text(".pager-position") == "Sivu 2 / 4"
    page.click(".toc a[data-page='loppukoe-kysymykset']")
    assert visible_pages(page) == ["loppukoe-kysymykset"]
    assert focused(page) == "loppukoe-kysymykset-title"
    assert page.is_disabled(".pager-next")
    page.click(".pager-prev")
    player.settled(page)
    assert visible_pages(page) == ["perusteet-kysely"]
    assert page.inner_text("#progress-text") == "Katsottu 4 / 4 sivua"


def test_the_contents_mark_the_current_page_and_seen_pages_in_words_not_colour_alone(page, package):
    open_player(page, package("standalone"))
    page.click(".pager-next")
    player.settled(page)
    current = page.eval_on_selector_all("a[aria-current='page']", "a => a.map(x => x.dataset.page)")
    assert current == ["perusteet-tapaus"]
    # What a screen reader reads: the mark is text, not a colour.
    names = page.eval_on_selector_all(
        ".toc a[data-page]",
        "a => a.map(x => [...x.childNodes].filter(n => !n.hidden).map(n => n.textContent).join(''))")
    assert names == ["Johdanto ✓ (katsottu)", "Tapaus ✓ (katsottu)", "Tehtävät", "Kysymykset"]


def test_the_footer_opens_the_accessibility_statement_and_returns_to_the_course(page, package):
    open_player(page, package("standalone"))
    page.click(".pager-next")
    player.settled(page)
    page.click("footer a[data-extra='saavutettavuus']")
    assert visible_pages(page) == ["saavutettavuus"]
    assert focused(page) == "saavutettavuus-title"
    assert page.is_hidden(".pager-next") and page.is_visible(".pager-back")
    page.click(".pager-back")
    player.settled(page)
    assert visible_pages(page) == ["perusteet-tapaus"]
    assert page.inner_text("#progress-text") == "Katsottu 2 / 4 sivua"  # not a course page


def test_a_link_to_a_page_opens_that_page(page, package):
    open_player(page, package("standalone") + "#perusteet-kysely")
    assert visible_pages(page) == ["perusteet-kysely"]


def test_without_javascript_the_first_page_is_readable_and_says_what_the_rest_needs(browser, package):
    """The launch page holds only the first page (the others load as scripts), so without
    JavaScript the learner reads that page and is told why there is nothing more."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(package("standalone"))
    assert visible_pages(page, settle=False) == ["perusteet-johdanto"]  # no player runs
    assert "Johdanto" in page.inner_text("#perusteet-johdanto")
    assert "tarvitsevat JavaScriptin" in page.inner_text("main")
    assert page.is_hidden(".pager")
    context.close()


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("width", [320, 640])  # a phone; a 1280 px window at 200 % zoom
def test_no_page_scrolls_sideways_on_a_phone_or_at_200_percent_zoom(browser, package, lang, width):
    context = browser.new_context(viewport={"width": width, "height": 700})
    page = context.new_page()
    open_player(page, package("standalone", lang))
    info = player.data(page)
    for page_id in [*info["pages"], "saavutettavuus"]:
        if page_id == "saavutettavuus":
            page.click("footer a[data-extra]")
            player.settled(page)
        else:
            player.go_to(page, page_id)
        for question in info["questions"]:
            if page.locator(f"#{page_id} #q-{question['id']}").count():
                if player.in_exam(page, question):
                    player.fill_answer(page, question, correct=False)
                else:
                    player.answer(page, question, correct=False)
        if page.locator(f"#{page_id} .exam-panel").count():
            player.submit_exam(page)  # the results view must fit too
        width_used = page.evaluate("document.documentElement.scrollWidth")
        assert width_used <= width, f"{page_id} is {width_used} px wide"
    context.close()


def test_the_contents_fold_away_on_a_phone_and_stay_open_on_a_wide_screen(browser, package):
    for width, expected in [(320, False), (1280, True)]:
        context = browser.new_context(viewport={"width": width, "height": 700})
        page = context.new_page()
        open_player(page, package("standalone"))
        assert page.evaluate("document.querySelector('.toc-details').open") is expected
        context.close()


def test_closing_and_reopening_returns_to_the_same_page_with_answers_and_progress(page, package):
    url = package("standalone")
    open_player(page, url)
    info = player.data(page)
    player.go_to(page, "perusteet-tapaus")
    page.check("#perusteet-lista-1")
    player.go_to(page, "perusteet-kysely")
    question = info["questions"][0]
    player.answer(page, question, correct=False)
    before = player.status(page)
    page.goto("about:blank")
    open_player(page, url)
    assert visible_pages(page) == ["perusteet-kysely"]
    assert player.status(page) == before
    assert page.is_checked("#q-perusteet-q1-b")
    assert "Ei aivan" in player.feedback(page, question)
    player.go_to(page, "perusteet-tapaus")
    assert page.is_checked("#perusteet-lista-1")


def test_motion_is_only_used_when_the_learner_has_not_asked_for_less(browser, package):
    for motion, animated in [("no-preference", True), ("reduce", False)]:
        context = browser.new_context(reduced_motion=motion)
        page = context.new_page()
        open_player(page, package("standalone", "fi", "loppukoe", course=as_practice(mini_course())))
        question = player.data(page)["questions"][0]
        player.answer(page, question)
        running = page.evaluate("document.getAnimations().length")
        assert bool(running) is animated, motion
        context.close()
