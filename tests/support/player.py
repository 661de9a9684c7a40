"""Drive the lms-build player like a learner with a mouse (a Playwright Page or Frame): go through
pages, answer questions right or wrong, read what the player shows. The keyboard-only test has
its own driver (tests/e2e/test_player_keyboard.py)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Frame, Page

from .browser import wait_until

Target = Page | Frame
READY = "!!(window.LmsPlayer && window.LmsPlayer.ready)"
#: No page change under way: pages load from their own files, so a click shows its page a moment later.
SETTLED = "!!(window.LmsPlayer && LmsPlayer.ready && !LmsPlayer.loading)"


def settled(target: Target) -> None:
    """Wait until the page a click asked for is shown (or says it could not be loaded)."""
    wait_until(target, SETTLED)


def open_player(page: Page, url: str) -> Page:
    """Load a player page (not in an LMS) and wait until it has started."""
    page.goto(url)
    wait_until(page, READY)
    return page


def data(target: Target) -> dict[str, Any]:
    """The player's data: the launch page's #lms-data JSON with the course data it loaded
    (pages/<launch>/course.data.js) and the feedback of the pages loaded so far."""
    return target.evaluate("JSON.parse(JSON.stringify(LmsPlayer.data()))")


def status(target: Target) -> dict[str, Any]:
    """The player's progress object (the adapter contract's `progress`, plus `seen`)."""
    return target.evaluate("LmsPlayer.status()")


def in_exam(target: Target, question: dict) -> bool:
    return target.evaluate(f"LmsPlayer.data().modules[{question['mod']}].exam >= 0")


def submit_exam(target: Target) -> None:
    """Submit the assessment shown (submit button, then confirm in the dialog)."""
    target.locator(".exam-panel:visible .exam-submit").click()
    target.locator(".exam-confirm[open] .exam-confirm-yes").click()
    settled(target)


def retake_exam(target: Target) -> None:
    """Press the results view's retake button (going to the assessment's results page first)."""
    page_id = target.locator(".exam-panel").first.evaluate("p => p.closest('section.page').id")
    if current_page(target) != page_id:
        go_to(target, page_id)
    target.locator(".exam-panel:visible .exam-retake").click()
    settled(target)


def shown_options(target: Target, question: dict) -> list[str]:
    """The option ids of a choice question in the order shown."""
    form = question_form(target, question["id"])
    return [question["ids"][int(v)] for v in form.locator("input").evaluate_all("i => i.map(x => x.value)")]


def current_page(target: Target) -> str:
    settled(target)
    return target.evaluate("document.querySelector('main > .page:not([hidden])').id")


def load_every_page(target: Target) -> None:
    """Load every page through the player's own navigation (each comes from its own file), then
    return to the page shown before: for checks that look at all pages at once."""
    shown = current_page(target)
    target.evaluate("""async () => {
        for (let i = 0; i < LmsPlayer.pageCount(); i++) await LmsPlayer.go(i);
    }""")
    target.evaluate("id => LmsPlayer.go(LmsPlayer.data().pages.indexOf(id))", shown)


def next_page(target: Target) -> None:
    target.locator(".pager-next").click()
    settled(target)


def go_to(target: Target, page_id: str) -> None:
    """Open a page from the table of contents."""
    toc = target.locator(".toc-details")
    if not toc.evaluate("d => d.open"):
        toc.locator("summary").click()
    target.locator(f".toc a[data-page='{page_id}']").click()
    settled(target)


def question_form(target: Target, question_id: str):
    return target.locator(f"#q-{question_id}")


WRONG_TEXT = "tuntematon vastaus"


def fill_answer(target: Target, question: dict, correct: bool = True,
                text: str | None = None) -> None:
    """Set a right or wrong answer with the mouse (typing for short text), without checking it."""
    kind, size = question["kind"], len(question.get("ids", []))
    if kind in ("single", "multi"):
        response = question["ok"] if correct else _wrong_choice(question)
    elif kind in ("match", "order"):
        response = list(range(size)) if correct else [(i + 1) % size for i in range(size)]
    else:
        response = text if text is not None else (question["accept"][0] if correct else WRONG_TEXT)
    give(target, question, response)


def give(target: Target, question: dict, response: list[int] | str) -> None:
    """Set exactly this answer: option indexes (choices), the chosen match of each prompt
    (matching), item indexes top to bottom (ordering) or the text (short text)."""
    form = question_form(target, question["id"])
    kind = question["kind"]
    if kind in ("single", "multi"):
        checked = form.locator("input").evaluate_all("boxes => boxes.map(b => b.checked)")
        for index, option in enumerate(question["ids"]):
            # a radio button is unchecked by choosing another, a check box by clicking it again
            wanted = index in response
            if wanted != checked[index] and (wanted or kind == "multi"):
                form.locator(f"label[for='q-{question['id']}-{option}']").click()
    elif kind == "match":
        for source, chosen in enumerate(response):
            form.locator(f"select[data-source='{source}']").select_option(str(chosen))
    elif kind == "order":
        _arrange(form, response)
    else:
        form.locator("input[type=text]").fill(response)


def check(target: Target, question: dict) -> None:
    question_form(target, question["id"]).locator("button.check").click()


def answer(target: Target, question: dict, correct: bool = True, text: str | None = None) -> None:
    fill_answer(target, question, correct, text)
    check(target, question)


def feedback(target: Target, question: dict) -> str:
    """The feedback text as shown, one line per paragraph or list item."""
    text = question_form(target, question["id"]).locator(".feedback").inner_text()
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _wrong_choice(question: dict) -> list[int]:
    wrong = [i for i in range(len(question["ids"])) if i not in question["ok"]]
    return wrong[:1]


def _arrange(form, wanted: list[int]) -> None:
    """Move items up until the list shows `wanted` (item indexes, top to bottom)."""
    items = form.locator(".order-list li")
    for position, item in enumerate(wanted):
        order = items.evaluate_all("items => items.map(li => +li.dataset.item)")
        for _ in range(order.index(item) - position):
            form.locator(f".order-list li[data-item='{item}'] button[data-move='-1']").click()


def complete(target: Target, correct: bool | dict[str, bool] = True,
             module_ids: list[str] | None = None) -> None:
    """Go through every page from the first (of the given modules), answering every question
    on the way: `correct` is True/False for all, or a {question id: right?} map. Practice
    questions are checked one by one; an assessment is answered, then submitted once."""
    info = data(target)
    page_of = {q["id"]: info["pages"][q["page"]] for q in info["questions"]}
    for module in info["modules"]:
        if module_ids is not None and module["id"] not in module_ids:
            continue
        for page_index in module["pages"]:
            page_id = info["pages"][page_index]
            go_to(target, page_id)
            for q_index in module["questions"]:
                question = info["questions"][q_index]
                if page_of[question["id"]] == page_id and question_form(target, question["id"]).is_visible():
                    right = correct if isinstance(correct, bool) else correct.get(question["id"], True)
                    if module["exam"] >= 0:
                        fill_answer(target, question, right)
                    else:
                        answer(target, question, right)
            if module["exam"] >= 0 and target.locator(f"#{page_id} .exam-panel").count():
                submit_exam(target)
