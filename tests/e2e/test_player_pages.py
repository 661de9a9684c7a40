"""A player that loads one page: the launch page holds the shell and the first page; every other
page, and the course data, come from their own files in the package (pages/<launch>/), loaded by
the player's own navigation, from a server or from a folder (file://)."""

from __future__ import annotations

from tests.support import player
from tests.support.browser import wait_until
from tests.support.courses import mini_course, write_package


def shown(page) -> list[str]:
    return page.eval_on_selector_all("main > .page", "s => s.filter(p => !p.hidden).map(p => p.id)")


def test_the_launch_page_holds_one_page_and_another_arrives_from_its_own_file(page, package):
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url.rsplit("/pkg-", 1)[-1].split("/", 1)[-1]))
    player.open_player(page, package("standalone"))
    assert page.evaluate("LmsPlayer.firstPageFiles.filter(u => u.includes('/pages/'))") == []
    assert shown(page) == ["perusteet-johdanto"]
    assert "pages/index/course.data.js" in requested  # right after the first page showed
    assert "pages/index/perusteet-kysely.js" not in requested
    assert page.locator("main > .page").count() <= 2  # the first page, perhaps the next one
    player.go_to(page, "perusteet-kysely")
    assert shown(page) == ["perusteet-kysely"]
    assert "pages/index/perusteet-kysely.js" in requested
    assert "perusteet-kysely" in page.evaluate("LmsPlayer.pagesLoaded")
    assert page.evaluate("document.activeElement.id") == "perusteet-kysely-title"
    assert page.inner_text(".pager-position") == "Sivu 3 / 4"  # the live region says where we are


def test_opened_from_a_folder_every_page_loads(browser, tmp_path):
    """file:// (the web target opened from a disk): no fetch, no XHR, only script files."""
    folder = write_package(tmp_path / "web", mini_course(), "fi", "standalone")
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((folder / "index.html").as_uri())
    wait_until(page, player.READY)
    for page_id in player.data(page)["pages"]:
        player.go_to(page, page_id)
        assert shown(page) == [page_id]
        assert page.locator(f"#{page_id} h1").inner_text()
    page.click("footer a[data-extra='saavutettavuus']")
    player.settled(page)
    assert shown(page) == ["saavutettavuus"]
    question = player.data(page)["questions"][2]  # an exam question on the last page
    player.go_to(page, player.data(page)["pages"][question["page"]])
    player.fill_answer(page, question, correct=True)
    assert errors == []
    context.close()


def test_a_missing_page_file_says_so_in_the_page_and_the_rest_still_works(page, server, tmp_path):
    folder = write_package(tmp_path / "broken", mini_course(), "fi", "standalone")
    (folder / "pages/index/perusteet-kysely.js").unlink()
    player.open_player(page, server.mount("/broken", folder) + "/index.html")
    player.go_to(page, "perusteet-kysely")
    assert shown(page) == ["perusteet-kysely"]
    heading = page.locator("#perusteet-kysely h1")
    assert heading.inner_text() == "Tehtävät"  # the page's title, from the course data
    assert page.evaluate("document.activeElement.id") == ""  # focus on the heading, which has no id
    assert page.evaluate("document.activeElement === document.querySelector('#perusteet-kysely h1')")
    message = page.locator("#perusteet-kysely [role=alert]")
    assert "Sivua ei voitu ladata" in message.inner_text()
    assert "pages/index/perusteet-kysely.js" in message.inner_text()
    player.next_page(page)  # the next page is fine
    assert shown(page) == ["loppukoe-kysymykset"]
    assert page.locator("#loppukoe-kysymykset form.question").count() > 0
