"""Keyboard only: a learner who cannot use a mouse completes the course with Tab, Shift+Tab,
Space, Enter and the arrow keys (and types the short-text answer). No clicks, no scripted
focus: every control is reached by tabbing."""

from __future__ import annotations

from tests.support import player
from tests.support.lms import Lms

MAX_TABS = 80


class Keyboard:
    def __init__(self, lms: Lms):
        self.lms = lms
        self.keys = lms.page.keyboard

    def active(self, test: str) -> bool:
        """Whether the focused element of the course frame matches a JavaScript test of `el`."""
        return self.lms.sco.evaluate(
            f"(() => {{ const el = document.activeElement; return !!(el && ({test})); }})()")

    def tab_to(self, test: str) -> None:
        """Tab forwards (then backwards) until the focused element passes `test`."""
        for key in ("Tab", "Shift+Tab"):
            for _ in range(MAX_TABS):
                if self.active(test):
                    return
                self.keys.press(key)
        raise AssertionError(f"no focusable element where {test}")

    def press(self, *keys: str) -> None:
        for key in keys:
            self.keys.press(key)
        player.settled(self.lms.sco)  # a key that changed the page: it loads from its own file

    def answer(self, question: dict, check: bool = True) -> None:
        """Give the right answer; check it (practice) or leave it for the exam's submission."""
        form = f"el.closest('#q-{question['id']}')"
        kind = question["kind"]
        if kind == "single":
            self.tab_to(f"{form} && el.type === 'radio'")  # lands on the group's first radio
            shown = self.lms.sco.evaluate(  # options may be shuffled: arrows follow the screen
                f"[...document.querySelectorAll('#q-{question['id']} input')].map(i => +i.value)")
            self.press("Space", *["ArrowDown"] * shown.index(question["ok"][0]))
        elif kind == "multi":
            for index in question["ok"]:
                self.tab_to(f"{form} && el.type === 'checkbox' && el.value === '{index}'")
                self.press("Space")
        elif kind == "match":
            for source in range(len(question["ids"])):
                self.tab_to(f"{form} && el.dataset.source === '{source}'")
                position = self.lms.sco.evaluate(
                    f"[...document.querySelector('#q-{question['id']} select[data-source=\"{source}\"]')"
                    f".options].findIndex(o => o.value === '{source}')")
                self.press(*["ArrowDown"] * position)  # a closed select changes with the arrows
        elif kind == "order":
            for position in range(len(question["ids"])):
                order = self.lms.sco.evaluate(
                    f"[...document.querySelectorAll('#q-{question['id']} li')].map(li => +li.dataset.item)")
                self.tab_to(f"{form} && el.closest('li') && el.closest('li').dataset.item === '{position}'"
                            " && el.dataset.move === '-1'")
                self.press(*["Enter"] * (order.index(position) - position))  # focus stays on it
        else:
            self.tab_to(f"{form} && el.type === 'text'")
            self.keys.type(question["accept"][0])
        if not check:
            return
        self.tab_to(f"{form} && el.classList.contains('check')")
        self.press("Enter")
        assert self.active(f"el.id === 'q-{question['id']}-feedback'"), "focus is on the feedback"


def test_a_keyboard_user_completes_the_course_and_passes(page, package):
    lms = Lms.open(page, package("scorm2004"), "scorm2004")
    keyboard = Keyboard(lms)
    info = player.data(lms.sco)
    page_of = {q["id"]: info["pages"][q["page"]] for q in info["questions"]}

    keyboard.press("Tab")  # from the LMS page into the course: the skip link comes first
    assert keyboard.active("el.classList.contains('skip-link')")
    keyboard.press("Enter")

    for number, page_id in enumerate(info["pages"]):
        if number:  # the next page, with the pager's Next button
            keyboard.tab_to("el.classList.contains('pager-next')")
            keyboard.press("Enter")
        assert keyboard.active(f"el.id === '{page_id}-title'"), "focus is on the page's heading"
        if lms.sco.locator(f"#{page_id} input[data-check]").count():
            keyboard.tab_to("el.dataset.check === '0'")
            keyboard.press("Space")
        for question in info["questions"]:
            if page_of[question["id"]] == page_id:
                practice = info["modules"][question["mod"]]["exam"] < 0
                keyboard.answer(question, check=practice)
                if practice:
                    assert player.feedback(lms.sco, question).startswith("✓ Oikein")
        if lms.sco.locator(f"#{page_id} .exam-panel").count():  # submit, confirm, read the result
            keyboard.tab_to("el.classList.contains('exam-submit')")
            keyboard.press("Enter")
            assert keyboard.active("el.classList.contains('exam-confirm-no')")  # the safe choice first
            keyboard.press("Shift+Tab")
            assert keyboard.active("el.classList.contains('exam-confirm-yes')")
            keyboard.press("Enter")
            assert keyboard.active("el.closest('.exam-results') && el.tagName === 'H2'")
            assert "✓ Hyväksytty" in lms.sco.inner_text(".exam-results")

    keyboard.tab_to("el.dataset.extra === 'saavutettavuus'")  # the footer link, and back
    keyboard.press("Enter")
    keyboard.tab_to("el.classList.contains('pager-back')")
    keyboard.press("Enter")
    keyboard.tab_to("el.dataset.page === 'perusteet-johdanto'")  # the contents
    keyboard.press("Enter")
    assert player.current_page(lms.sco) == "perusteet-johdanto"

    status = player.status(lms.sco)
    assert (status["completion"], status["success"], status["score"]["raw"]) == ("completed", "passed", 100)
    assert lms.sco.is_checked("#perusteet-lista-1")
    record = lms.record()
    assert (record["completion_status"], record["success_status"]) == ("completed", "passed")
    assert lms.errors() == []
