"""The learner player: Jinja2 templates render one SCO (a course or some of its modules) as a
launch page plus one file per page; the static CSS/JS runtime shows one course page at a time and
talks to the LMS through one adapter per protocol (static/adapters/<runtime>.js).

One launch page per SCO keeps one LMS session for the whole SCO (no re-initialising between
pages). It carries the shell, the first page and the data that page needs (`#lms-data`, JSON);
every other page and the course-wide data (question types, weights, correct responses,
navigation, the table of contents) are classic scripts under pages/<launch>/ that the player
loads on demand (see ScoPlayer), so the first page costs the same however large the course."""

from __future__ import annotations

import json
import re
from functools import cache, cached_property
from importlib import resources
from typing import Any

from jinja2 import BytecodeCache, Environment, PackageLoader, StrictUndefined, select_autoescape
from jinja2.bccache import Bucket
from markupsafe import Markup

from ..model import ChecklistBlock, Localized, Module, QuizBlock
from ..model.questions import Question
from ..questions import question_type
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
    "end_failed_final", "finished", "wrong_pair", "wrong_position", "seen", "page_missing",
)

#: The player's scripts in load order: the pure core (also run by `node --test tests/js/`), one
#: file per question kind, then the page side; the runtime's adapter comes last.
CORE_SCRIPTS = (
    "core/codec.js", "core/types/choice.js", "core/types/match.js", "core/types/order.js",
    "core/types/text.js", "core/exam.js", "core/scoring.js", "core/navigation.js", "core/pages.js",
    "player.js",
)

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
        # The templates are package files that never change while a process runs: without this
        # every include (a question's partial and the partial it extends, each icon) would stat
        # its file again to see whether it changed.
        auto_reload=False,
    )
    strings = {key: value[lang] for key, value in ui_strings().items()}

    def text(value: Localized | None) -> str:
        return value.get(lang) if value is not None else ""

    def markdown(value: Localized | None) -> Markup:
        return render_markdown(text(value))

    def inline(value: Localized | None) -> Markup:
        return render_inline(text(value))

    env.filters.update(t=text, md=markdown, inline=inline)
    env.globals.update(lang=lang, ui=strings, short_text_max=state.SHORT_TEXT_MAX,
                       question_type=question_type)
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


def plain_text(markdown_text: str) -> str:
    """Markdown (one line) as plain text, for LMS descriptions: never markup (see markdown.py)."""
    return markdown.plain_text(markdown_text)


def description(question: Question, lang: str) -> str:
    """cmi.interactions.n.description (SCORM 2004: at most 250 characters, no leading '{')."""
    text = plain_text(question.prompt.get(lang)).lstrip("{")
    if len(text.encode("utf-16-le")) // 2 > DESCRIPTION_MAX:
        text = text[: DESCRIPTION_MAX - 1].rstrip() + "…"
    return text


def _weight_text(weight: float) -> str:
    """A weight as JavaScript's String(number) writes it."""
    return f"{weight:g}" if weight != int(weight) else str(int(weight))


def interaction_worst_case(question: Question, lang: str) -> dict[str, str]:
    """The interaction elements the SCORM 2004 adapter sets for `question`, each with its longest
    value (timestamps and latencies at their longest, every option chosen, the longest text)."""
    spec = question_type(question)
    elements = {"id": question.id, "type": spec.interaction_type,
                "timestamp": "2026-12-31T23:59:59", "weighting": _weight_text(question.weight),
                "learner_response": spec.worst_response(question, lang), "result": "incorrect",
                "latency": "PT9999H59M59.99S",
                "description": f"{{lang={lang}}}{description(question, lang)}"}
    if question.objective:
        elements["objectives.0.id"] = question.objective
    for k, pattern in enumerate(spec.correct_patterns(question, lang)):
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
    spec = question_type(question)
    qslot = state.slot(question)
    md = lambda value: str(render_markdown(value.get(lang)))  # noqa: E731
    data: dict[str, Any] = {
        "id": question.id, "key": qslot.key, "kind": qslot.kind, "type": spec.interaction_type,
        "w": question.weight, "scored": scored, "desc": description(question, lang),
        "cp": spec.correct_patterns(question, lang),
        "fb": {"c": md(question.feedback.correct), "i": md(question.feedback.incorrect)},
    }
    if question.objective:
        data["obj"] = question.objective
    data.update(spec.player_data(question, lang, md))
    data["sol"] = spec.solution_html(question, lang, strings)
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
    page_of = {q.id: page_index[page.id] for _, page in pages(modules) for block in page.blocks
               if isinstance(block, QuizBlock) for q in block.questions}
    question_data = []
    for q in all_questions:
        item = _question_data(q, lang, q.id in scored, strings)
        item["mod"] = module_of[q.id]
        item["page"] = page_of[q.id]  # the page showing it, so the player can load that page
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


#: Where a SCO's pages and course data live in its package: pages/<launch page stem>/, one
#: classic script per page (`<page-id>.js`) and one for the course data (`course.data.js`; a
#: slug has no ".", so it cannot clash with a page id, and every path stays a lower-case slug).
PAGES_FOLDER = "pages"
COURSE_DATA = "course.data"
#: Question fields only the page showing the question needs (feedback and solution HTML): they
#: travel in that page's file; the course data keeps what scoring, state and reporting need.
PAGE_QUESTION_FIELDS = ("fb", "ofb", "sol")


def pages_folder(launch_name: str) -> str:
    """The folder of a SCO's page files, e.g. "pages/index/" for index.html."""
    return f"{PAGES_FOLDER}/{launch_name.removesuffix('.html')}/"


def _script(name: str, value: Any) -> str:
    """A classic script that hands `value` to the player's loader (window.LmsPages): a script,
    not JSON to fetch, because fetch and XHR of file:// fail in Chromium and the web target must
    work opened from a folder. JSON is a JavaScript expression; '<' is escaped all the same."""
    return f"LmsPages.add({json.dumps(name)}, {_json_for_html(value)});\n"


class ScoPlayer:
    """The files of one SCO's player: a launch page with the shell and the first page, one script
    per other page (and per footer page) and one with the course data, under pages_folder().

    Each file renders on its own (a job per file, so a build can spread them over processes);
    what they share is computed once per instance."""

    def __init__(self, course: Course, lang: str, modules: list[Module], runtime: str,
                 launch_name: str = "index.html"):
        if runtime not in RUNTIMES:
            raise ValueError(f"unknown runtime {runtime!r}")
        self.course, self.lang, self.modules = course, lang, list(modules)
        self.runtime, self.launch_name = runtime, launch_name
        self.folder = pages_folder(launch_name)
        self.pages = pages(self.modules)
        self.extra_pages = [p for p in course.extra_pages if p.footer_link]

    def file_names(self) -> list[str]:
        """Every file of this SCO, launch page first, paths relative to the package root."""
        return [self.launch_name, *self.loaded_files()]

    def loaded_files(self) -> list[str]:
        """The files the player loads on demand (course data, then pages in order)."""
        names = [COURSE_DATA, *(page.id for _, page in self.pages[1:]), *(p.id for p in self.extra_pages)]
        return [f"{self.folder}{name}.js" for name in names]

    def render(self, name: str) -> bytes:
        """The bytes of one of file_names()."""
        if name == self.launch_name:
            return self.launch_page().encode("utf-8")
        stem = name.removeprefix(self.folder).removesuffix(".js")
        if stem == COURSE_DATA:
            return self.course_script().encode("utf-8")
        return self.page_script(stem).encode("utf-8")

    @cached_property
    def _context(self) -> dict[str, Any]:
        """What the page templates need to know about the whole SCO."""
        all_questions = [q for m in self.modules for q in questions(m)]
        checklist_base: dict[str, int] = {}
        offset = 0
        for _, page in self.pages:
            for block in page.blocks:
                if isinstance(block, ChecklistBlock):
                    checklist_base[block.id] = offset
                    offset += len(block.items)
        last_quiz = {}
        for module in self.modules:
            quizzes = [b for p in module.pages for b in p.blocks if isinstance(b, QuizBlock)]
            if quizzes:
                last_quiz[quizzes[-1].id] = module
        return dict(
            course=self.course, config=self.course.config, runtime=self.runtime,
            question_index={q.id: i for i, q in enumerate(all_questions)},
            checklist_base=checklist_base, last_quiz=last_quiz, exam_page=_exam_pages(self.modules),
        )

    @cached_property
    def _data(self) -> dict:
        return player_data(self.course, self.lang, self.modules, self.runtime)

    @cached_property
    def _page_index(self) -> dict[str, int]:
        return {page.id: i for i, (_, page) in enumerate(self.pages)}

    def _page_html(self, index: int) -> str:
        module, page = self.pages[index]
        html_text = shared_environment(self.lang).get_template("page.html").render(
            module=module, page=page, index=index, is_last=index == len(self.pages) - 1, **self._context)
        return fix_heading_order(html_text)

    def _page_questions(self, index: int) -> dict[str, dict]:
        """The page-only fields of the questions shown on page `index`, by question index."""
        found = {}
        for block in self.pages[index][1].blocks:
            if isinstance(block, QuizBlock):
                for question in block.questions:
                    i = self._context["question_index"][question.id]
                    item = self._data["questions"][i]
                    found[str(i)] = {key: item[key] for key in PAGE_QUESTION_FIELDS if key in item}
        return found

    def launch_page(self) -> str:
        """The shell, the first page and only the data the first page needs."""
        data = {key: self._data[key] for key in ("runtime", "lang", "title", "key", "mastery", "ui")}
        first = self.pages[0][1].id
        data |= {"total": len(self.pages), "first": first, "folder": self.folder, "courseData": COURSE_DATA,
                 "firstQuestions": self._page_questions(0)}
        return shared_environment(self.lang).get_template("player.html").render(
            config=self.course.config,
            extra_pages=self.extra_pages,
            runtime=self.runtime,
            csp=content_security_policy(self.runtime),
            total_pages=len(self.pages),
            first_page=Markup(self._page_html(0)),
            data=_json_for_html(data),
            scripts=CORE_SCRIPTS + RUNTIME_SCRIPTS.get(self.runtime, ()),
        )

    def page_script(self, page_id: str) -> str:
        """One page's file: its HTML and its questions' feedback, for the player's loader."""
        if page_id in self._page_index:
            index = self._page_index[page_id]
            return _script(page_id, {"html": self._page_html(index), "questions": self._page_questions(index)})
        page = next(p for p in self.extra_pages if p.id == page_id)
        html_text = shared_environment(self.lang).get_template("extra_page.html").render(
            page=page, **self._context)
        return _script(page_id, {"html": fix_heading_order(html_text), "questions": {}})

    def course_script(self) -> str:
        """The course-wide data navigation, scoring, state and the table of contents need (the
        player loads it right after the first page shows)."""
        data = dict(self._data)
        data["questions"] = [{k: v for k, v in q.items() if k not in PAGE_QUESTION_FIELDS}
                             for q in data["questions"]]
        module_label = ui_strings()["module"][self.lang]
        data["toc"] = {"titles": [page.title.get(self.lang) for _, page in self.pages],
                       "modules": [f"{module_label} {m.order}. {m.title.get(self.lang)}" for m in self.modules]}
        return _script(COURSE_DATA, data)


def render_sco(course: Course, lang: str, modules: list[Module], runtime: str,
               launch_name: str = "index.html") -> str:
    """The launch page of a SCO (the shell and its first page); its other files come from
    `ScoPlayer(...).render(name)` for each of `ScoPlayer(...).loaded_files()`. `runtime` picks
    the LMS adapter: "standalone" (localStorage), "scorm12", "scorm2004", "tincan" or "cmi5"."""
    return ScoPlayer(course, lang, modules, runtime, launch_name).launch_page()


def render_sco_files(course: Course, lang: str, modules: list[Module], runtime: str,
                     launch_name: str = "index.html") -> dict[str, bytes]:
    """Every file of a SCO's player (launch page, course data, pages) by path in the package."""
    player = ScoPlayer(course, lang, modules, runtime, launch_name)
    return {name: player.render(name) for name in player.file_names()}


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
