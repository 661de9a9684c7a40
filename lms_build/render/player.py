"""The learner player: Jinja2 templates render the pages of one SCO (a course or some of its
modules) into one HTML page; the static CSS/JS runtime shows one course page at a time and talks
to the LMS through one adapter per protocol (static/adapters/<runtime>.js).

One page per SCO keeps one LMS session for the whole SCO (no re-initialising between pages).
What the JavaScript needs beyond the HTML (question types, weights, correct responses, feedback,
settings, translated interface strings) goes into a JSON script element, `#lms-data`."""

from __future__ import annotations

import hashlib
import html
import json
import re
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import BytecodeCache, Environment, PackageLoader, StrictUndefined, select_autoescape
from jinja2.bccache import Bucket
from markupsafe import Markup

from ..model import ChecklistBlock, Localized, Module, QuizBlock
from ..model.questions import Question
from ..resolve import Course, pages, questions
from . import markdown, state
from .markdown import render_inline, render_markdown

#: Runtimes a player page can be rendered for: each has an adapter in static/adapters/.
RUNTIMES = ("standalone", "scorm12", "scorm2004", "tincan", "cmi5")
#: Scripts a runtime needs before its adapter (the xAPI adapters share one core).
RUNTIME_SCRIPTS = {"tincan": ("adapters/xapi-core.js",), "cmi5": ("adapters/xapi-core.js",)}

#: Where each runtime may send requests. The SCORM API is a JavaScript object in a parent window
#: and the standalone player keeps progress in localStorage: no network at all. An xAPI LRS is
#: only known at launch, so this static policy allows http(s) and the package's own files (the
#: activity catalogue); before its first request the adapter adds a second meta policy,
#: `connect-src 'self' <LRS origin>`, and the browser enforces both, so only the LRS is reached.
CONNECT_SRC = dict.fromkeys(RUNTIMES, "'none'") | dict.fromkeys(("tincan", "cmi5"), "'self' http: https:")


def content_security_policy(runtime: str) -> str:
    """Nothing may leave the package: no CDN, web fonts, analytics or beacons."""
    return ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            f"media-src 'self'; connect-src {CONNECT_SRC[runtime]}; font-src 'none'; "
            "frame-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'")

#: Interface strings the JavaScript uses (the templates may use any key of strings.json).
JS_STRINGS = (
    "progress", "seen_pages", "correct", "incorrect", "answer_first", "attempts_left",
    "try_again_unlimited", "no_attempts_left", "moved", "first_already", "last_already",
    "score_summary", "passed", "failed", "answer_all", "mastery_needed", "lms_error",
    "lms_missing", "storage_missing", "exam_answered", "exam_attempts_used", "exam_taught_in",
    "exam_not_revealed", "end_not_attempted", "end_retaking", "end_passed", "end_failed_left",
    "end_failed_final", "finished", "wrong_pair", "wrong_position",
)

#: The player's scripts in load order: the pure core (also run by `node --test tests/js/`), one
#: file per question kind, then the page side; the runtime's adapter comes last.
CORE_SCRIPTS = (
    "core/codec.js", "core/types/choice.js", "core/types/match.js", "core/types/order.js",
    "core/types/text.js", "core/exam.js", "core/scoring.js", "core/navigation.js", "player.js",
)

#: The interaction type each question type is reported as (SCORM and xAPI share these names).
INTERACTION_TYPES = {
    "single-choice": "choice", "multiple-choice": "choice", "scenario": "choice",
    "true-false": "true-false", "matching": "matching", "ordering": "sequencing",
    "short-text": "fill-in",
}
DESCRIPTION_MAX = state.LIMITS["scorm2004"]["description"]


@cache
def ui_strings() -> dict[str, dict[str, str]]:
    text = resources.files(__package__).joinpath("strings.json").read_text(encoding="utf-8")
    return json.loads(text)


@cache
def shared_environment(lang: str) -> Environment:
    """One environment per language for every player page of a process: Jinja compiles each
    template once (a new environment per SCO compiled them again, most of a build's time), and
    the languages share the compiled code (the language lives in filters and globals, not in it)."""
    env = environment(lang)
    env.bytecode_cache = _COMPILED
    env.auto_reload = False  # the templates are lms-build's own files: no stat() at every include
    return env


class _CompiledTemplates(BytecodeCache):
    """Compiled template code kept in memory and shared by environments of identical settings
    (every `shared_environment`), keyed by template file and checked against its source."""

    def __init__(self) -> None:
        self.code: dict[str, tuple[str, Any]] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        checksum, code = self.code.get(bucket.key, ("", None))
        if checksum == bucket.checksum:
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = (bucket.checksum, bucket.code)


_COMPILED = _CompiledTemplates()


def environment(lang: str) -> Environment:
    """A new environment with the player's filters and strings (the PDF target adds its own)."""
    env = Environment(
        loader=PackageLoader("lms_build.render", "templates"),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    strings = {key: value[lang] for key, value in ui_strings().items()}

    def text(value: Localized | None) -> str:
        return value.get(lang) if value is not None else ""

    def markdown(value: Localized | None) -> Markup:
        return render_markdown(text(value))

    def inline(value: Localized | None) -> Markup:
        return render_inline(text(value))

    env.filters.update(t=text, md=markdown, inline=inline)
    env.globals.update(lang=lang, ui=strings, short_text_max=state.SHORT_TEXT_MAX)
    return env


def static_files() -> dict[str, bytes]:
    """The player's runtime files, keyed by their path inside a package (all of them: the pages
    of a package refer to them with relative paths; each page loads only its runtime's adapter)."""
    root = resources.files(__package__).joinpath("static")
    found: dict[str, bytes] = {}

    def collect(folder: Any, prefix: str) -> None:
        for entry in folder.iterdir():
            name = f"{prefix}{entry.name}"
            if entry.is_dir():
                collect(entry, f"{name}/")
            elif not entry.name.startswith("."):
                found[f"player/{name}"] = entry.read_bytes()

    collect(root, "")
    return dict(sorted(found.items()))


def scored_questions(modules: list[Module]) -> list[Question]:
    """The questions that make a SCO's score (cmi score, pass/fail).

    Rule: if the SCO contains the course's assessment module (kind: assessment), only that
    module's questions count, weighted by their `weight`: lesson quizzes are practice. Otherwise
    every question of the SCO counts (weighted), so a one-module SCO reports its own quiz."""
    assessment = [m for m in modules if m.kind == "assessment"]
    return [q for m in (assessment or modules) for q in questions(m)]


def display_order(question: Question) -> list[int]:
    """The order an ordering question's items are first shown in: a shuffle that is the same in
    every build and language (seeded by ids) and never the correct order."""
    items = question.items
    keyed = sorted(range(len(items)),
                   key=lambda i: hashlib.sha256(f"{question.id}/{items[i].id}".encode()).digest())
    if keyed == sorted(keyed):
        keyed = keyed[1:] + keyed[:1]
    return keyed


def plain_text(markdown_text: str) -> str:
    """Markdown (one line) as plain text, for LMS descriptions: never markup (see markdown.py)."""
    return markdown.plain_text(markdown_text)


def description(question: Question, lang: str) -> str:
    """cmi.interactions.n.description (SCORM 2004: at most 250 characters, no leading '{')."""
    text = plain_text(question.prompt.get(lang)).lstrip("{")
    if len(text.encode("utf-16-le")) // 2 > DESCRIPTION_MAX:
        text = text[: DESCRIPTION_MAX - 1].rstrip() + "…"
    return text


def sid(option_id: str) -> str:
    """An option id as a SCORM 2004 short identifier (Moodle allows only [A-Za-z0-9_.])."""
    return option_id.replace("-", "_")


def response_text(text: str) -> str:
    """A fill-in response or pattern: no "[,]"/"[.]" delimiters, no leading "{", 250 at most
    (the same rule as static/core/types/text.js)."""
    return re.sub(r"\[[,.]\]", " ", text).lstrip("{")[:250]


def correct_patterns(question: Question, lang: str) -> list[str]:
    """The correct responses as SCORM 2004 / xAPI patterns of option ids (never positions)."""
    ids = state.option_ids(question)
    match question.type:
        case "single-choice":
            return [sid(question.correct)]
        case "multiple-choice" | "scenario":
            return ["[,]".join(sid(i) for i in ids if i in question.correct)]
        case "true-false":
            return ["true" if question.correct else "false"]
        case "matching":
            return ["[,]".join(f"{sid(i)}[.]{sid(i)}" for i in ids)]
        case "ordering":
            return ["[,]".join(sid(i) for i in ids)]
        case _:
            return [response_text(a.strip()) for a in question.accepted.get(lang)][:10]


def _weight_text(weight: float) -> str:
    """A weight as JavaScript's String(number) writes it."""
    return f"{weight:g}" if weight != int(weight) else str(int(weight))


def interaction_worst_case(question: Question, lang: str) -> dict[str, str]:
    """The interaction elements the SCORM 2004 adapter sets for `question`, each with its longest
    value (timestamps and latencies at their longest, every option chosen, the longest text)."""
    ids = [sid(i) for i in state.option_ids(question)]
    longest = max(ids, key=len) if ids else ""
    kind, _ = state.slot_kind(question)
    match INTERACTION_TYPES[question.type]:
        case "true-false":
            response = "false"
        case "fill-in":
            response = response_text(state.WORST_TEXT)
        case "matching":
            response = "[,]".join(f"{i}[.]{longest}" for i in ids)
        case _:
            response = longest if kind == "single" else "[,]".join(ids)
    elements = {"id": question.id, "type": INTERACTION_TYPES[question.type],
                "timestamp": "2026-12-31T23:59:59", "weighting": _weight_text(question.weight),
                "learner_response": response, "result": "incorrect", "latency": "PT9999H59M59.99S",
                "description": f"{{lang={lang}}}{description(question, lang)}"}
    if question.objective:
        elements["objectives.0.id"] = question.objective
    for k, pattern in enumerate(correct_patterns(question, lang)):
        elements[f"correct_responses.{k}.pattern"] = pattern
    return elements


def assessment_policy(course: Course, module: Module) -> dict[str, Any]:
    """The assessment policy of an assessment module: course.toml [assessment] with the
    module's own `assessment:` settings over it."""
    policy = course.config.assessment
    if module.assessment is not None:
        policy = module.assessment.over(policy)
    return {"attempts": policy.attempts, "reveal": str(policy.reveal), "shuffle": policy.shuffle,
            "draw": policy.draw}


def _question_data(question: Question, lang: str, scored: bool, strings: dict[str, str]) -> dict:
    """What the JavaScript needs to check, report and explain one question."""
    qslot = state.slot(question)
    md = lambda value: str(render_markdown(value.get(lang)))  # noqa: E731
    data: dict[str, Any] = {
        "id": question.id, "key": qslot.key, "kind": qslot.kind, "type": INTERACTION_TYPES[question.type],
        "w": question.weight, "scored": scored, "desc": description(question, lang),
        "cp": correct_patterns(question, lang),
        "fb": {"c": md(question.feedback.correct), "i": md(question.feedback.incorrect)},
    }
    if question.objective:
        data["obj"] = question.objective
    solution: list[str] = []
    match question.type:
        case "single-choice" | "multiple-choice" | "scenario":
            options = question.choices if question.type == "scenario" else question.options
            correct = [question.correct] if question.type == "single-choice" else question.correct
            data["ids"] = [o.id for o in options]
            data["ok"] = [i for i, o in enumerate(options) if o.id in correct]
            data["ofb"] = {str(i): md(o.feedback) for i, o in enumerate(options) if o.feedback}
            data["pin"] = [i for i, o in enumerate(options) if o.pin]
            solution = [str(render_inline(o.text.get(lang))) for o in options if o.id in correct]
        case "true-false":
            data["ids"] = ["true", "false"]
            data["ok"] = [0 if question.correct else 1]
            solution = [html.escape(strings["true" if question.correct else "false"])]
        case "matching":
            data["ids"] = [p.id for p in question.pairs]
            solution = [f"{render_inline(p.prompt.get(lang))} → {render_inline(p.match.get(lang))}"
                        for p in question.pairs]
        case "ordering":
            data["ids"] = [i.id for i in question.items]
            solution = [str(render_inline(i.text.get(lang))) for i in question.items]
        case "short-text":
            data["accept"] = [a.strip() for a in question.accepted.get(lang)]
            solution = [html.escape(data["accept"][0])] if data["accept"] else []
    tag = "ol" if question.type == "ordering" else "ul"
    items = "".join(f"<li>{s}</li>" for s in solution)
    data["sol"] = (f'<p class="solution-title">{html.escape(strings["correct_answer"])}:</p>'
                   f"<{tag}>{items}</{tag}>")
    return data


def player_data(course: Course, lang: str, modules: list[Module], runtime: str) -> dict:
    """The JSON the JavaScript runtime starts from."""
    strings = {key: value[lang] for key, value in ui_strings().items()}
    lay = state.layout(modules)
    scored = {q.id for q in scored_questions(modules)}
    all_questions = [q for m in modules for q in questions(m)]
    page_index = {page.id: i for i, (_, page) in enumerate(pages(modules))}
    question_index = {q.id: i for i, q in enumerate(all_questions)}
    quiz = course.config.quiz
    module_of = {q.id: k for k, m in enumerate(modules) for q in questions(m)}
    exams = [m.id for m in modules if m.kind == "assessment"]
    question_data = []
    for q in all_questions:
        item = _question_data(q, lang, q.id in scored, strings)
        item["mod"] = module_of[q.id]
        question_data.append(item)
    return {
        "runtime": runtime,
        "lang": lang,
        "title": course.config.title.get(lang),
        "key": f"lms-build/{course.config.id}/{lang}/{'+'.join(m.id for m in modules)}",
        "mastery": course.config.mastery_score,
        "completion": str(course.config.completion),
        "maxAttempts": quiz.max_attempts,
        "showCorrect": quiz.show_correct_answer,
        "assessment": bool(exams),
        "pages": list(lay.pages),
        "pageKeys": list(lay.page_keys),
        "pageModule": [module.id for module, _ in pages(modules)],
        "checklists": [{"key": c.key, "n": c.size} for c in lay.checklists],
        "examKeys": list(lay.exam_keys),
        "textMax": state.SHORT_TEXT_MAX,
        "modules": [{"id": m.id, "assessment": m.kind == "assessment",
                     "exam": exams.index(m.id) if m.id in exams else -1,
                     **({"policy": assessment_policy(course, m)} if m.id in exams else {}),
                     "pages": [page_index[p.id] for p in m.pages],
                     "questions": [question_index[q.id] for q in questions(m)]}
                    for m in modules],
        "objectives": _objectives(course, lang, modules, page_index, strings),
        "questions": question_data,
        "ui": {key: strings[key] for key in JS_STRINGS},
    }


def _objectives(course: Course, lang: str, modules: list[Module], page_index: dict[str, int],
                strings: dict[str, str]) -> dict[str, dict]:
    """The assessment's objectives, each with the modules that teach it (their first page when
    the module is in this SCO, for a link from the results view)."""
    by_id = {m.id: m for m in course.modules}
    found: dict[str, dict] = {}
    for module in modules:
        if module.kind != "assessment":
            continue
        for objective in module.objectives:
            teach = [{"title": f"{strings['module']} {by_id[t].order}. {by_id[t].title.get(lang)}",
                      "page": page_index.get(by_id[t].pages[0].id)}
                     for t in objective.taught_in if t in by_id]
            found[objective.id] = {"text": plain_text(objective.text.get(lang)), "teach": teach}
    return found


def _json_for_html(value: Any) -> Markup:
    """JSON that is safe inside <script type="application/json"> (no '</script>' breakout)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def render_sco(course: Course, lang: str, modules: list[Module], runtime: str,
               launch_name: str = "index.html") -> str:
    """One self-contained player page holding every page of `modules` (plus the course's extra
    pages, e.g. the accessibility statement, linked from the footer). `runtime` picks the LMS
    adapter: "standalone" (localStorage), "scorm12" or "scorm2004"."""
    if runtime not in RUNTIMES:
        raise ValueError(f"unknown runtime {runtime!r}")
    modules = list(modules)
    env = shared_environment(lang)
    all_questions = [q for m in modules for q in questions(m)]
    checklist_base: dict[str, int] = {}
    offset = 0
    for _, page in pages(modules):
        for block in page.blocks:
            if isinstance(block, ChecklistBlock):
                checklist_base[block.id] = offset
                offset += len(block.items)
    last_quiz = {}
    for module in modules:
        quizzes = [b for p in module.pages for b in p.blocks if isinstance(b, QuizBlock)]
        if quizzes:
            last_quiz[quizzes[-1].id] = module
    html_text = env.get_template("player.html").render(
        course=course,
        config=course.config,
        modules=modules,
        pages=pages(modules),
        extra_pages=[p for p in course.extra_pages if p.footer_link],
        runtime=runtime,
        csp=content_security_policy(runtime),
        launch_name=launch_name,
        data=_json_for_html(player_data(course, lang, modules, runtime)),
        question_index={q.id: i for i, q in enumerate(all_questions)},
        order_of={q.id: display_order(q) for q in all_questions if q.type == "ordering"},
        checklist_base=checklist_base,
        last_quiz=last_quiz,
        scripts=CORE_SCRIPTS + RUNTIME_SCRIPTS.get(runtime, ()),
        exam_page=_exam_pages(modules),
    )
    return fix_heading_order(html_text)


def _exam_pages(modules: list[Module]) -> dict[str, Module]:
    """The page of each assessment module that carries its submit button and results view: the
    page of its last quiz."""
    found = {}
    for module in modules:
        if module.kind != "assessment":
            continue
        quiz_pages = [p for p in module.pages if any(isinstance(b, QuizBlock) for b in p.blocks)]
        if quiz_pages:
            found[quiz_pages[-1].id] = module
    return found


_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")


def fix_heading_order(html_text: str) -> str:
    """Never skip a heading level (WCAG 1.3.1, axe heading-order): an author's `##` becomes h3
    (the page title is the only h1), which is one level too deep on a page with no h2 before
    it. Each heading is raised to at most one level below the one before it. The HTML comes
    from our templates and a Markdown renderer that refuses raw HTML, so headings never nest."""
    previous, open_levels = 0, []

    def replace(match: re.Match[str]) -> str:
        nonlocal previous
        if match.group(1):  # closing tag: the level its opening tag got
            return f"</h{open_levels.pop()}"
        level = min(int(match.group(2)), previous + 1)
        previous = level
        open_levels.append(level)
        return f"<h{level}"

    return _HEADING_TAG.sub(replace, html_text)
