"""Offline and inside an LMS iframe: the package makes no request outside itself, and its
Content-Security-Policy would stop one if it tried."""

from __future__ import annotations

from lms_build.render.player import CORE_SCRIPTS
from tests.support import player
from tests.support.lms import Lms

WATCH_CSP = """() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation',
        e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
}"""


def test_a_whole_session_requests_nothing_outside_the_package(page, package):
    launch = package("scorm12")
    inside = launch.rsplit("/", 1)[0] + "/"
    requests: list[tuple[str, str]] = []
    page.on("request", lambda r: requests.append(
        ("sco" if r.frame.parent_frame else "lms", r.url)))
    lms = Lms.open(page, launch, "scorm12")
    lms.sco.evaluate(WATCH_CSP)
    player.complete(lms.sco, correct=False)
    lms.sco.click("footer a[data-extra]")
    player.settled(lms.sco)  # the page arrives from its own file: that load is checked too
    assert lms.sco.evaluate("window.__violations") == []
    lms.close_and_return()  # and the resumed session
    lms.sco.evaluate(WATCH_CSP)
    player.go_to(lms.sco, "perusteet-johdanto")

    from_course = [url for frame, url in requests if frame == "sco"]
    assert from_course, "the course frame was watched"
    assert [url for url in from_course if not url.startswith(inside)] == []
    assert {url.removeprefix(inside) for url in from_course} == {
        "index.html", "player/player.css", "player/results.css", *(f"player/{s}" for s in CORE_SCRIPTS),
        "player/adapters/scorm12.js", "player/worksheet.js", "assets/map.svg",
        # the course data and every page but the first, each from its own file in the package
        *(f"pages/index/{name}.js" for name in ("course.data", "perusteet-tapaus", "perusteet-kysely",
                                                "loppukoe-kysymykset", "saavutettavuus"))}
    assert lms.sco.evaluate("window.__violations") == []


def test_the_content_security_policy_blocks_requests_to_other_places(page, package):
    player.open_player(page, package("standalone"))
    page.evaluate(WATCH_CSP)
    outcome = page.evaluate("""async () => {
        const img = new Image();
        img.src = 'http://127.0.0.1:9/tracker.gif';
        const fetched = await fetch('http://127.0.0.1:9/beacon').then(() => 'sent', () => 'blocked');
        await new Promise(r => setTimeout(r, 100));
        return fetched;
    }""")
    assert outcome == "blocked"
    violations = page.evaluate("window.__violations")
    assert any(v.startswith("connect-src http://127.0.0.1:9/beacon") for v in violations)
    assert any(v.startswith("img-src http://127.0.0.1:9/tracker.gif") for v in violations)
