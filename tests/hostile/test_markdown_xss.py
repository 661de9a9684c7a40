"""Markdown corpus: XSS payloads in every author text. What validation lets through must render
inert: the web player is built from a course with a payload in every Finnish text, opened in
Chromium in one page session with a dialog listener, a flag any payload would set, a CSP-violation
listener and a request log, walked page by page with every question answered. The payloads that
could be active are refused at validation, each with its diagnostic."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from lms_build.load.yaml_source import parse_yaml
from lms_build.render.player import description
from tests.support.browser import wait_until
from tests.support.cli import invoke
from tests.support.fixtures import browser, server  # noqa: F401 - session fixtures used below
from tests.support.player import READY, submit_exam

from .conftest import MODULE, replace

FLAG = "window.__xss=1"
#: Payloads that validate and must stay text (code spans, links the renderer refuses, entities,
#: template syntax, attribute breakouts, unclosed tags, separators that break JSON in <script>).
INERT = [
    f"`<img src=x onerror={FLAG}>`",
    f"`<script>{FLAG}</script>`",
    f"`</script><script>{FLAG}</script>`",
    f"[click](javascript:{FLAG})",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    "<javascript:alert(1)>",
    f"&lt;script&gt;{FLAG}&lt;/script&gt;",
    f"&#60;img src=x onerror={FLAG}&#62;",
    f"<img src=x onerror={FLAG}//",
    f"<img src=x onerror={FLAG}>",  # '=' in an unquoted attribute value: not a tag in CommonMark
    f"<svg onload={FLAG}>",
    f"<details open ontoggle={FLAG}>",
    f"![x](javascript:{FLAG})",  # markdown-it refuses the link, so this is no image but text
    "{{ 7*7 }} {% if true %}jinja{% endif %} ${7*7} #{7*7}",
    f'[x](https://example.org "t\\" onmouseover=\\"{FLAG}")',
    f"[x](#\" onclick=\"{FLAG})",
    f"' onmouseover='{FLAG}' x='",
    f'" onfocus="{FLAG}" autofocus="',
    f"javascript:{FLAG}",
    "url(javascript:alert(1)) expression(alert(1))",
    "\\u003cscript\\u003e",
    "[x](//evil.example/phish)",
    "<%= 7*7 %>",
    "**bold** _em_ [ok](https://example.org)",
    "\u202eevil\u202c",
    "<https://example.org/?a=1&b=2>",
]
#: Block Markdown (text and callout bodies, page texts): structures only block rendering makes.
BLOCK = [
    "| a | b | c |\n|:-|-:|:-:|\n| 1 | 2 | 3 |",
    f"```html\n<script>{FLAG}</script>\n```",
    f"    <img src=x onerror={FLAG}>",
    f"# `<h1 onclick={FLAG}>`\n\n- [x](javascript:{FLAG})\n- `<b>`",
    f"> `<iframe src=javascript:{FLAG}>`",
]
#: Payloads refused at validation, with the diagnostic code they get.
REFUSED = [
    (f"<script>{FLAG}</script>", "raw-html"),
    ("<img src=x onerror=alert(1)>", "raw-html"),
    ('<img src="x" onerror="window.__xss=1">', "raw-html"),
    ("<svg onload=alert(1)>", "raw-html"),
    ("<a href=javascript:alert(1)>x</a>", "raw-html"),
    ("<iframe src=javascript:alert(1)>", "raw-html"),
    ("<scr<script>ipt>alert(1)", "raw-html"),
    ("<details open ontoggle=alert(1)>", "raw-html"),
    ("<!-- comment -->", "raw-html"),
    (f'<style>*{{background:url("javascript:{FLAG}")}}</style>', "raw-html"),
    ("\u2028\u2029 line separators", "control-character"),
    ("![x](/lms/logout.php)", "markdown-image"),
    ("![x](https://tracker.example/pixel.gif)", "markdown-image"),
    ("![x](assets/map.svg)", "markdown-image"),
]
TEXT_FILES = ["modules/01-perusteet.yaml", "modules/02-loppukoe.yaml", "course_src/personas.yaml",
              "course_src/glossary.yaml", "course_src/pages/saavutettavuus.yaml"]


def test_the_corpus_has_at_least_40_payloads() -> None:
    assert len(INERT) + len(BLOCK) + len(REFUSED) >= 40


@pytest.mark.parametrize(("payload", "code"), REFUSED, ids=[p for p, _ in REFUSED])
def test_an_active_payload_is_refused_at_validation(payload: str, code: str, mini_course: Path) -> None:
    replace(MODULE, '{fi: "Viranomaisen on tuettava palvelujensa käyttöä."',
            "{fi: " + json.dumps(f"Viranomaisen on {payload}"))(mini_course)
    result = invoke("validate", "-C", mini_course)
    assert result.returncode == 1
    assert any(row.startswith(f"{MODULE}:31:") and row.endswith(f"[{code}]")
               for row in result.stdout.splitlines()), result.output


def _inject(data: Any, counter: list[int], key: str = "") -> int:
    """Append a payload to every Finnish text (a mapping with an 'fi' string); returns how many.
    Block Markdown fields ('body') get every block payload too, so tables and code blocks render."""
    injected = 0
    if isinstance(data, dict):
        if isinstance(data.get("fi"), str) and set(data) <= {"fi", "sv"}:
            data["fi"] = f"{data['fi']} {INERT[counter[0] % len(INERT)]}"
            if key == "body":
                data["fi"] += "\n\n" + "\n\n".join(BLOCK) + "\n"
                counter[1] += 1
            counter[0] += 1
            return 1
        for name, value in data.items():
            injected += _inject(value, counter, name)
    elif isinstance(data, list):
        for value in data:
            injected += _inject(value, counter, key)
    return injected


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """The mini course with a payload in every Finnish text, validated and built (web, fi)."""
    import shutil

    from tests.conftest import MINI_COURSE
    course = tmp_path_factory.mktemp("xss") / "course"
    shutil.copytree(MINI_COURSE, course)
    counter = [0, 0]
    texts = 0
    for name in TEXT_FILES:
        path = course / name
        data = parse_yaml(path.read_text(encoding="utf-8"), name).data
        texts += _inject(data, counter)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    config = course / "course.toml"
    config.write_text(config.read_text(encoding="utf-8")
                      # one check per practice question and one exam attempt: every answer and
                      # its feedback (author text) is revealed and rendered
                      + "\n[quiz]\nmax_attempts = 1\n\n[assessment]\nattempts = 1\n", encoding="utf-8")
    out = course.parent / "out"
    result = invoke("build", "-C", course, "--out", out, "--target", "web", "--lang", "fi")
    assert result.returncode == 0, result.output
    assert counter[1] >= 2, "the block payloads found no body"
    return out / "web" / "fi", texts


DOM_FINDINGS = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (attr.name.startsWith('on')) found.push(`${el.tagName} ${attr.name}`);
      if (attr.name === 'style') found.push(`${el.tagName} style=${attr.value}`);
      if (/^\\s*(javascript|vbscript|data):/i.test(attr.value) && ['href', 'src', 'action', 'formaction'].includes(attr.name))
        found.push(`${el.tagName} ${attr.name}=${attr.value}`);
    }
    // The player's own icons (templates/icons/) are inline SVG marked class="icon" aria-hidden;
    // author text can never make one (raw HTML is refused), so any other SVG is a payload.
    const ownIcon = el.closest('svg.icon[aria-hidden="true"]');
    if (!ownIcon && ['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'SVG', 'STYLE'].includes(el.tagName.toUpperCase()) &&
        !(el.tagName === 'SCRIPT' && (el.src || el.type === 'application/json'))) found.push(el.tagName);
    if (el.tagName === 'IMG' && !/\\/assets\\//.test(el.src) && !el.src.startsWith('data:')) found.push(`IMG ${el.src}`);
  }
  return found;
}"""


@pytest.fixture(scope="module")
def visit(hostile_site, browser, server):  # noqa: F811 - pytest fixtures by name
    """Open the built player once, walk every page, answer every question; record everything."""
    folder, texts = hostile_site
    base = server.mount("/xss", folder)
    context = browser.new_context()
    context.add_init_script("""
      window.__xss = 0; window.__csp = [];
      document.addEventListener('securitypolicyviolation',
        e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
    """)
    page = context.new_page()
    record: dict[str, Any] = {"dialogs": [], "requests": [], "errors": [], "texts": texts}
    page.on("dialog", lambda dialog: (record["dialogs"].append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: record["requests"].append(request.url))
    page.on("pageerror", lambda error: record["errors"].append(str(error)))
    page.goto(base + "/index.html")
    wait_until(page, READY)
    pages = page.evaluate("JSON.parse(document.getElementById('lms-data').textContent).pages.length")
    record["pages_visited"] = 0
    for _ in range(pages):
        record["pages_visited"] += 1
        for form in page.locator("main > .page:not([hidden]) form.question").all():
            choice = form.locator("input[type=radio], input[type=checkbox]")
            if choice.count():
                choice.first.check()
            for select in form.locator("select").all():
                select.select_option(index=1)
            if form.locator("input[type=text]").count():
                form.locator("input[type=text]").fill("x")
            if form.locator(".check").count():  # a practice question; exam questions have none
                form.locator(".check").click()
        if page.locator(".exam-panel:visible .exam-submit").count():
            submit_exam(page)  # the results view and revealed answers render author text too
        record["dom_after_page"] = record.get("dom_after_page", []) + page.evaluate(DOM_FINDINGS)
        next_button = page.locator(".pager-next")
        if next_button.is_disabled() or next_button.is_hidden():
            break
        next_button.click()
    page.wait_for_timeout(300)  # let any image error or late handler fire
    record["flag"] = page.evaluate("window.__xss")
    record["csp"] = page.evaluate("window.__csp")
    record["data"] = page.evaluate("JSON.parse(document.getElementById('lms-data').textContent)")
    record["feedback_html"] = page.eval_on_selector_all(".feedback", "els => els.map(e => e.innerHTML)")
    record["base"] = base
    record["body_text"] = page.evaluate("document.body.textContent")
    record["alignment"] = page.evaluate(
        "[...document.querySelectorAll('td.align-right, td.align-center')].map(e => getComputedStyle(e).textAlign)")
    context.close()
    return record


def test_every_finnish_text_carries_a_payload(visit) -> None:
    assert visit["texts"] >= 2 * len(INERT)  # every payload in at least two texts


def test_no_payload_opens_a_dialog_or_sets_the_flag(visit) -> None:
    assert visit["dialogs"] == []
    assert visit["flag"] == 0


def test_nothing_violates_the_content_security_policy(visit) -> None:
    assert visit["csp"] == []  # e.g. no style= from Markdown table alignment


def test_every_request_stays_inside_the_package(visit) -> None:
    outside = [url for url in visit["requests"] if not url.startswith(visit["base"] + "/")]
    assert outside == []


def test_the_rendered_page_has_no_active_markup(visit) -> None:
    assert visit["pages_visited"] >= 3
    assert visit["errors"] == []
    assert sorted(set(visit["dom_after_page"])) == []


def test_table_alignment_still_works_without_style_attributes(visit) -> None:
    assert visit["alignment"] and set(visit["alignment"]) == {"right", "center"}


def test_questions_were_answered_and_their_feedback_rendered(visit) -> None:
    assert sum(1 for html in visit["feedback_html"] if html) >= 5


def test_template_syntax_stays_literal(visit) -> None:
    assert "{{ 7*7 }}" in visit["body_text"] and "49" not in visit["body_text"].split("{{ 7*7 }}")[0][-3:]


def test_interaction_descriptions_are_plain_text(visit) -> None:
    descriptions = [question["desc"] for question in visit["data"]["questions"]]
    assert descriptions and all("<" not in d and ">" not in d for d in descriptions), descriptions


def test_a_code_span_with_markup_becomes_plain_text_in_a_description() -> None:
    from lms_build.model.questions import SingleChoice
    question = SingleChoice.model_validate({
        "id": "q", "type": "single-choice", "prompt": {"fi": "Mikä on `<img src=x onerror=alert(1)>`?"},
        "options": [{"id": "a", "text": {"fi": "A"}}, {"id": "b", "text": {"fi": "B"}}], "correct": "a",
        "feedback": {"correct": {"fi": "Oikein."}, "incorrect": {"fi": "Väärin."}}})
    assert description(question, "fi") == "Mikä on \u2039img src=x onerror=alert(1)\u203a?"
