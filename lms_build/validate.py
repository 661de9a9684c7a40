"""Validate step: checks that span fields and files, run after every file parsed on its own.

Each check is a small function that yields diagnostics; `check_course` runs them all so the
author sees every problem at once."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .diagnostics import Diagnostic, Severity
from .load import COURSE_SRC_DIR, GLOSSARY_FILE, PERSONAS_FILE, CourseSources, Loaded
from .load.source import Loc, SourceDoc
from .model import (
    ChecklistBlock,
    Completion,
    ImageBlock,
    Localized,
    LocalizedList,
    Module,
    MultipleChoice,
    PersonaBlock,
    QuizBlock,
    Scenario,
    SingleChoice,
    WorksheetBlock,
)
from .model.blocks import GlossaryBlock
from .model.questions import Matching
from .model.walk import walk
from .render.markdown import find_raw_html

ALLOWED_ASSET_SUFFIXES = {".png", ".jpg", ".jpeg", ".svg", ".webp", ".gif"}
_ASSET_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")

Check = Callable[[CourseSources], Iterator[Diagnostic]]


def check_course(sources: CourseSources, known_targets: set[str]) -> list[Diagnostic]:
    if sources.config is None:
        return []  # without languages and settings the cross-checks would only add noise
    checks: list[Check] = [
        _translations, _raw_html, _unique_ids, _unique_module_order, _references,
        _question_answers, _images_and_assets, _assessment, lambda s: _targets(s, known_targets),
    ]
    return [diagnostic for check in checks for diagnostic in check(sources)]


def _all_docs(sources: CourseSources) -> list[tuple[Loaded[Any], bool]]:
    """Every loaded file with whether a missing translation there is only a warning (drafts)."""
    docs: list[tuple[Loaded[Any], bool]] = []
    if sources.config:
        docs.append((sources.config, False))
    docs += [(m, m.model.draft) for m in sources.modules]
    for optional in (sources.personas, sources.glossary):
        if optional:
            docs.append((optional, False))
    docs += [(page, False) for page in sources.pages]
    return docs


def _translations(sources: CourseSources) -> Iterator[Diagnostic]:
    languages = sources.config.model.languages
    for loaded, is_draft in _all_docs(sources):
        severity = Severity.WARNING if is_draft else Severity.ERROR
        draft_note = " (allowed while the module is a draft)" if is_draft else ""
        for loc, value in walk(loaded.model):
            if not isinstance(value, Localized | LocalizedList):
                continue
            for lang in languages:
                given = value.root.get(lang)
                if not given or (isinstance(given, str) and not given.strip()):
                    what = "missing" if lang not in value.root else "empty"
                    yield loaded.doc.diagnostic(
                        loc, "missing-translation",
                        f"{what} '{lang}' text for '{_last_name(loc)}': every learner-facing text "
                        f"needs all course languages ({', '.join(languages)}){draft_note}",
                        severity)
            for lang in sorted(set(value.root) - set(languages)):
                yield loaded.doc.diagnostic(
                    (*loc, lang), "unknown-language",
                    f"language '{lang}' is not in course.toml languages ({', '.join(languages)})",
                    at_key=True)


def _last_name(loc: Loc) -> str:
    names = [str(part) for part in loc if isinstance(part, str)]
    return names[-1] if names else "text"


def _raw_html(sources: CourseSources) -> Iterator[Diagnostic]:
    for loaded, _ in _all_docs(sources):
        for loc, value in walk(loaded.model):
            if not isinstance(value, Localized):
                continue
            for lang, text in value.root.items():
                for html in find_raw_html(text):
                    yield _text_diagnostic(
                        loaded.doc, (*loc, lang), html.line_offset, "raw-html",
                        f"raw HTML '{html.snippet}' is not allowed in course text: write Markdown "
                        "instead (**bold**, *italic*, [link](https://...), lists, tables)")


def _text_diagnostic(doc: SourceDoc, loc: Loc, line_offset: int, code: str, message: str) -> Diagnostic:
    """Point inside a text: block scalars (`|`) start on the line after their key."""
    value = doc.value_at(loc)
    block_scalar = isinstance(value, str) and "\n" in value and line_offset >= 0
    return doc.diagnostic(loc, code, message, line_offset=line_offset + int(block_scalar))


def _course_ids(module: Module) -> Iterator[tuple[Loc, str, str]]:
    """(location, id, kind) of every id in a module that must be unique across the course."""
    yield ("id",), module.id, "module"
    for o_index, objective in enumerate(module.objectives):
        yield ("objectives", o_index, "id"), objective.id, "objective"
    for p_index, page in enumerate(module.pages):
        yield ("pages", p_index, "id"), page.id, "page"
        for b_index, block in enumerate(page.blocks):
            block_loc = ("pages", p_index, "blocks", b_index)
            if isinstance(block, ChecklistBlock | WorksheetBlock | QuizBlock):
                yield (*block_loc, "id"), block.id, block.type
            if isinstance(block, QuizBlock):
                for q_index, question in enumerate(block.questions):
                    yield (*block_loc, "questions", q_index, "id"), question.id, "question"


def _unique_ids(sources: CourseSources) -> Iterator[Diagnostic]:
    seen: dict[str, str] = {}
    for loaded in sources.modules:
        for loc, ident, kind in _course_ids(loaded.model):
            line = loaded.doc.position(loc)[0]
            where = f"{loaded.doc.rel_path}:{line}"
            if ident in seen:
                yield loaded.doc.diagnostic(
                    loc, "duplicate-id",
                    f"{kind} id '{ident}' is already used at {seen[ident]}: ids must be unique "
                    "across the course (they become SCORM and xAPI identifiers)")
            else:
                seen[ident] = where
    for loaded in sources.pages:
        if loaded.model.id in seen:
            yield loaded.doc.diagnostic(("id",), "duplicate-id",
                                        f"page id '{loaded.model.id}' is already used at "
                                        f"{seen[loaded.model.id]}")
        seen[loaded.model.id] = loaded.doc.rel_path
    shared_files = [(sources.personas, "personas"), (sources.glossary, "terms")]
    for file, field in shared_files:
        if file is None:
            continue
        first: dict[str, int] = {}
        for index, item in enumerate(getattr(file.model, field)):
            if item.id in first:
                yield file.doc.diagnostic((field, index, "id"), "duplicate-id",
                                          f"'{item.id}' is defined twice (first at item {first[item.id] + 1})")
            first.setdefault(item.id, index)
    yield from _unique_option_ids(sources)


def _unique_option_ids(sources: CourseSources) -> Iterator[Diagnostic]:
    for loaded in sources.modules:
        for loc, question in _questions(loaded.model):
            for field in ("options", "choices", "pairs", "items"):
                seen: set[str] = set()
                for index, item in enumerate(getattr(question, field, None) or []):
                    if item.id in seen:
                        yield loaded.doc.diagnostic(
                            (*loc, field, index, "id"), "duplicate-id",
                            f"'{item.id}' appears twice in this question's {field}")
                    seen.add(item.id)


def _questions(module: Module) -> Iterator[tuple[Loc, Any]]:
    for p_index, page in enumerate(module.pages):
        for b_index, block in enumerate(page.blocks):
            if isinstance(block, QuizBlock):
                for q_index, question in enumerate(block.questions):
                    yield ("pages", p_index, "blocks", b_index, "questions", q_index), question


def _unique_module_order(sources: CourseSources) -> Iterator[Diagnostic]:
    first: dict[int, str] = {}
    for loaded in sources.modules:
        order = loaded.model.order
        if order in first:
            yield loaded.doc.diagnostic(("order",), "duplicate-order",
                                        f"order {order} is already used by {first[order]}: "
                                        "give every module its own position")
        first.setdefault(order, loaded.doc.rel_path)


def _references(sources: CourseSources) -> Iterator[Diagnostic]:
    personas = {p.id for p in sources.personas.model.personas} if sources.personas else set()
    terms = {t.id for t in sources.glossary.model.terms} if sources.glossary else set()
    for loaded in [*sources.modules, *sources.pages]:
        objectives = {o.id for o in getattr(loaded.model, "objectives", [])}
        for loc, value in walk(loaded.model):
            persona = value.persona if isinstance(value, PersonaBlock | Scenario) else None
            if persona is not None and persona not in personas and PERSONAS_FILE not in sources.unreadable:
                yield _dangling(loaded.doc, (*loc, "persona"), "persona", persona, personas, PERSONAS_FILE)
            if isinstance(value, GlossaryBlock):
                for index, term in enumerate(value.terms):
                    if term not in terms and GLOSSARY_FILE not in sources.unreadable:
                        yield _dangling(loaded.doc, (*loc, "terms", index), "glossary term", term, terms, GLOSSARY_FILE)
            objective = getattr(value, "objective", None)
            if isinstance(value, BaseModel) and isinstance(objective, str) and objective not in objectives:
                yield _dangling(loaded.doc, (*loc, "objective"), "objective", objective,
                                objectives, "this module's objectives")


def _dangling(doc: SourceDoc, loc: Loc, kind: str, ident: str, known: set[str], where: str) -> Diagnostic:
    close = difflib.get_close_matches(ident, sorted(known), n=1)
    hint = f": did you mean '{close[0]}'?" if close else f" (known: {', '.join(sorted(known)) or 'none'})"
    return doc.diagnostic(loc, "unknown-reference", f"unknown {kind} '{ident}', not defined in {where}{hint}")


def _question_answers(sources: CourseSources) -> Iterator[Diagnostic]:
    for loaded in sources.modules:
        for loc, question in _questions(loaded.model):
            yield from _check_answers(loaded.doc, loc, question)


def _check_answers(doc: SourceDoc, loc: Loc, question: Any) -> Iterator[Diagnostic]:
    if isinstance(question, SingleChoice | MultipleChoice | Scenario):
        field = "choices" if isinstance(question, Scenario) else "options"
        ids = [option.id for option in getattr(question, field)]
        correct = [question.correct] if isinstance(question, SingleChoice) else question.correct
        for index, answer in enumerate(correct):
            if answer not in ids:
                answer_loc = (*loc, "correct") if isinstance(question, SingleChoice) else (*loc, "correct", index)
                yield doc.diagnostic(answer_loc, "answer-not-an-option",
                                     f"correct answer '{answer}' is not among the {field} "
                                     f"({', '.join(ids)}): use one of their ids")
        if isinstance(question, MultipleChoice | Scenario) and len(set(correct)) != len(correct):
            yield doc.diagnostic((*loc, "correct"), "duplicate-answer", "a correct answer is listed twice")
        if isinstance(question, MultipleChoice | Scenario) and set(correct) >= set(ids):
            yield doc.diagnostic((*loc, "correct"), "all-correct",
                                 f"every {field[:-1]} is correct: add at least one wrong one")
        if isinstance(question, Scenario):
            for index, choice in enumerate(question.choices):
                if choice.feedback is None:
                    yield doc.diagnostic((*loc, "choices", index), "missing-feedback",
                                         f"scenario choice '{choice.id}' needs 'feedback': in a scenario "
                                         "every choice leads to its own consequence")
    if isinstance(question, Matching):
        matches = [pair.match.root for pair in question.pairs]
        if len({tuple(sorted(m.items())) for m in matches}) != len(matches):
            yield doc.diagnostic((*loc, "pairs"), "ambiguous-match",
                                 "two pairs have the same 'match' text: the answer would be ambiguous")


def _images_and_assets(sources: CourseSources) -> Iterator[Diagnostic]:
    for loaded in [*sources.modules, *sources.pages]:
        for loc, value in walk(loaded.model):
            if isinstance(value, ImageBlock):
                yield from _check_asset(sources.root, loaded.doc, (*loc, "src"), value.src)
                if not value.decorative and value.alt is None:
                    yield loaded.doc.diagnostic(loc, "missing-alt",
                                                "image needs 'alt' text in every language (what the "
                                                "image tells a learner who cannot see it), or "
                                                "'decorative: true' if it adds no information")
                if value.decorative and value.alt is not None:
                    yield loaded.doc.diagnostic((*loc, "alt"), "decorative-alt",
                                                "a decorative image is hidden from screen readers, so "
                                                "its 'alt' is never read: remove one of the two",
                                                Severity.WARNING)
    if sources.personas:
        for index, persona in enumerate(sources.personas.model.personas):
            if persona.image:
                loc = ("personas", index, "image")
                yield from _check_asset(sources.root, sources.personas.doc, loc, persona.image)
                if persona.image_alt is None:
                    yield sources.personas.doc.diagnostic(loc, "missing-alt",
                                                          "persona image needs 'image_alt'")


def _check_asset(root: Path, doc: SourceDoc, loc: Loc, src: str) -> Iterator[Diagnostic]:
    course_src = (root / COURSE_SRC_DIR).resolve()
    if src.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", src) or "\\" in src:
        yield doc.diagnostic(loc, "asset-path", f"'{src}' must be a relative path with '/' inside "
                                                f"{COURSE_SRC_DIR}/, e.g. assets/map.svg")
        return
    target = (course_src / src).resolve()
    if not target.is_relative_to(course_src):
        yield doc.diagnostic(loc, "asset-outside-course",
                             f"'{src}' points outside {COURSE_SRC_DIR}/: copy the file into "
                             f"{COURSE_SRC_DIR}/assets/ and refer to it from there")
        return
    if target.suffix.lower() not in ALLOWED_ASSET_SUFFIXES:
        yield doc.diagnostic(loc, "asset-type",
                             f"'{src}' has type '{target.suffix or 'none'}'; allowed: "
                             f"{', '.join(sorted(ALLOWED_ASSET_SUFFIXES))}")
    elif not target.is_file():
        yield doc.diagnostic(loc, "asset-missing", f"asset '{src}' not found in {COURSE_SRC_DIR}/")
    elif not all(_ASSET_NAME.match(part) for part in Path(src).parts):
        yield doc.diagnostic(loc, "asset-name",
                             f"'{src}': file and folder names must be lowercase ASCII (a-z, 0-9, "
                             "'.', '-', '_'); LMSs reject packages with å, ä, ö or spaces in paths")


def modules_unreadable_any(sources: CourseSources) -> bool:
    return any(path.startswith("modules/") for path in sources.unreadable)


def _assessment(sources: CourseSources) -> Iterator[Diagnostic]:
    config = sources.config.model
    assessments = [m for m in sources.modules if m.model.kind == "assessment"]
    for extra in assessments[1:]:
        yield extra.doc.diagnostic(("kind",), "two-assessments",
                                   f"only one module may be the final assessment "
                                   f"(already: {assessments[0].doc.rel_path})")
    for module in assessments:
        count = sum(1 for _ in _questions(module.model))
        if not count:
            yield module.doc.diagnostic(("pages",), "assessment-without-quiz",
                                        "the assessment module has no quiz block")
        override = module.model.assessment
        policy = override.over(config.assessment) if override else config.assessment
        if count and policy.draw is not None and policy.draw > count:
            where = ("assessment", "draw") if override and override.draw else None
            diagnostic = module.doc.diagnostic if where else sources.config.doc.diagnostic
            yield diagnostic(where or ("assessment", "draw"), "draw-too-many",
                             f"draw = {policy.draw}, but the assessment module has only {count} questions")
    for module in sources.modules:
        if module.model.assessment is not None and module.model.kind != "assessment":
            yield module.doc.diagnostic(("assessment",), "assessment-policy-on-lesson",
                                        "'assessment' settings apply only to a module with "
                                        "'kind: assessment'", Severity.WARNING)
    module_ids = {m.model.id for m in sources.modules}
    for module in sources.modules:
        for o_index, objective in enumerate(module.model.objectives):
            for t_index, taught in enumerate(objective.taught_in):
                if taught not in module_ids and not modules_unreadable_any(sources):
                    yield _dangling(module.doc, ("objectives", o_index, "taught_in", t_index),
                                    "module", taught, module_ids, "modules/")
    needs_assessment = config.completion in (Completion.ASSESSMENT, Completion.ALL_PAGES_AND_ASSESSMENT)
    modules_unreadable = any(path.startswith("modules/") for path in sources.unreadable)
    if needs_assessment and not assessments and not modules_unreadable:
        yield sources.config.doc.diagnostic(("completion",), "no-assessment",
                                            f"completion '{config.completion}' needs a module with "
                                            "'kind: assessment'; add one or use 'all-pages'")


def _targets(sources: CourseSources, known: set[str]) -> Iterator[Diagnostic]:
    for index, target in enumerate(sources.config.model.build.targets):
        if target not in known:
            yield sources.config.doc.diagnostic(("build", "targets", index), "unknown-target",
                                                f"unknown target '{target}'; available: "
                                                f"{', '.join(sorted(known))}")


