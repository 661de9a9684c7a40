"""Validate step: checks that span fields and files, run after every file parsed on its own.

Each check is a small function that yields diagnostics; `check_course` runs them all so the
author sees every problem at once."""

from __future__ import annotations

import difflib
import json
import posixpath
import re
from collections.abc import Callable, Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .authoring import check_authoring
from .diagnostics import Diagnostic, Severity
from .i18n import _, ngettext
from .load import COURSE_SRC_DIR, GLOSSARY_FILE, PERSONAS_FILE, SOURCES_FILE, CourseSources, Loaded
from .load.files import MAX_ASSET_BYTES, UnsafeFile, check_regular_file
from .load.source import Loc, SourceDoc
from .model import (
    ChecklistBlock,
    Completion,
    ImageBlock,
    Localized,
    LocalizedList,
    Module,
    QuizBlock,
    WorksheetBlock,
)
from .model.blocks import GlossaryBlock
from .model.config import SETTING_REFERENCE, setting_text
from .model.walk import walk
from .questions import question_type
from .render.markdown import find_images, find_raw_html

_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
ALLOWED_ASSET_SUFFIXES = {".png", ".jpg", ".jpeg", ".svg", ".webp", ".gif"}
_ASSET_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")

Check = Callable[[CourseSources], Iterator[Diagnostic]]


def check_course(sources: CourseSources, known_targets: set[str]) -> list[Diagnostic]:
    if sources.config is None:
        return []  # without languages and settings the cross-checks would only add noise
    checks: list[Check] = [
        _translations, _raw_html, _unique_ids, _unique_module_order, _references,
        _question_answers, _images_and_assets, _assessment, lambda s: _targets(s, known_targets),
        _languages, _player_ids, _control_characters, _markdown_images,
        _citations, _untested_objectives, _page_settings,
        check_authoring,
    ]
    return [diagnostic for check in checks for diagnostic in check(sources)]


def _all_docs(sources: CourseSources) -> list[tuple[Loaded[Any], bool]]:
    """Every loaded file with whether a missing translation there is only a warning (drafts)."""
    docs: list[tuple[Loaded[Any], bool]] = []
    if sources.config:
        docs.append((sources.config, False))
    docs += [(m, m.model.draft) for m in sources.modules]
    for optional in (sources.personas, sources.glossary, sources.catalogue):
        if optional:
            docs.append((optional, False))
    docs += [(page, False) for page in sources.pages]
    return docs


def _translations(sources: CourseSources) -> Iterator[Diagnostic]:
    languages = sources.config.model.languages
    for loaded, is_draft in _all_docs(sources):
        severity = Severity.WARNING if is_draft else Severity.ERROR
        draft_note = _(" (allowed while the module is a draft)") if is_draft else ""
        for loc, value in walk(loaded.model):
            if not isinstance(value, Localized | LocalizedList):
                continue
            for lang in languages:
                given = value.root.get(lang)
                if not given or (isinstance(given, str) and not given.strip()):
                    message = (_("missing '{lang}' text for '{field}': every learner-facing text needs all "
                                 "course languages ({languages})") if lang not in value.root else
                               _("empty '{lang}' text for '{field}': every learner-facing text needs all "
                                 "course languages ({languages})"))
                    yield loaded.doc.diagnostic(
                        loc, "missing-translation",
                        message.format(lang=lang, field=_last_name(loc), languages=", ".join(languages))
                        + draft_note,
                        severity)
            for lang in sorted(set(value.root) - set(languages)):
                yield loaded.doc.diagnostic(
                    (*loc, lang), "unknown-language",
                    _("language '{lang}' is not in course.toml languages ({languages})").format(
                        lang=lang, languages=", ".join(languages)),
                    at_key=True)


def _last_name(loc: Loc) -> str:
    names = [str(part) for part in loc if isinstance(part, str)]
    return names[-1] if names else "text"


def _raw_html(sources: CourseSources) -> Iterator[Diagnostic]:
    for loaded, _is_draft in _all_docs(sources):
        for loc, value in walk(loaded.model):
            if not isinstance(value, Localized):
                continue
            for lang, text in value.root.items():
                if "<" not in text:  # no tag without '<': skip the Markdown parse (most texts)
                    continue
                for html in find_raw_html(text):
                    yield _text_diagnostic(
                        loaded.doc, (*loc, lang), html.line_offset, "raw-html",
                        _("raw HTML '{html}' is not allowed in course text: write Markdown "
                          "instead (**bold**, *italic*, [link](https://...), lists, tables)").format(
                            html=html.snippet))


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
                    _("{kind} id '{id}' is already used at {where}: ids must be unique across the course "
                      "(they become SCORM and xAPI identifiers)").format(kind=kind, id=ident, where=seen[ident]))
            else:
                seen[ident] = where
    for loaded in sources.pages:
        if loaded.model.id in seen:
            yield loaded.doc.diagnostic(("id",), "duplicate-id",
                                        _("page id '{id}' is already used at {where}").format(
                                            id=loaded.model.id, where=seen[loaded.model.id]))
        seen[loaded.model.id] = loaded.doc.rel_path
    shared_files = [(sources.personas, "personas"), (sources.glossary, "terms")]
    for file, field in shared_files:
        if file is None:
            continue
        first: dict[str, int] = {}
        for index, item in enumerate(getattr(file.model, field)):
            if item.id in first:
                yield file.doc.diagnostic((field, index, "id"), "duplicate-id",
                                          _("'{id}' is defined twice (first at item {item})").format(
                                              id=item.id, item=first[item.id] + 1))
            first.setdefault(item.id, index)
    yield from _unique_option_ids(sources)


def _unique_option_ids(sources: CourseSources) -> Iterator[Diagnostic]:
    for loaded in sources.modules:
        for loc, question in _questions(loaded.model):
            for field in question_type(question).option_fields:
                seen: set[str] = set()
                for index, item in enumerate(getattr(question, field)):
                    if item.id in seen:
                        yield loaded.doc.diagnostic(
                            (*loc, field, index, "id"), "duplicate-id",
                            _("'{id}' appears twice in this question's {field}").format(id=item.id, field=field))
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
                                        _("order {order} is already used by {file}: "
                                          "give every module its own position").format(
                                            order=order, file=first[order]))
        first.setdefault(order, loaded.doc.rel_path)


def _references(sources: CourseSources) -> Iterator[Diagnostic]:
    personas = {p.id for p in sources.personas.model.personas} if sources.personas else set()
    terms = {t.id for t in sources.glossary.model.terms} if sources.glossary else set()
    for loaded in [*sources.modules, *sources.pages]:
        objectives = {o.id for o in getattr(loaded.model, "objectives", [])}
        for loc, value in walk(loaded.model):
            persona = getattr(value, "persona", None)  # persona blocks, scenario questions
            if isinstance(persona, str) and persona not in personas and PERSONAS_FILE not in sources.unreadable:
                yield _dangling(loaded.doc, (*loc, "persona"), _("persona"), persona, personas, PERSONAS_FILE)
            if isinstance(value, GlossaryBlock):
                for index, term in enumerate(value.terms):
                    if term not in terms and GLOSSARY_FILE not in sources.unreadable:
                        yield _dangling(loaded.doc, (*loc, "terms", index), _("glossary term"), term, terms,
                                        GLOSSARY_FILE)
            objective = getattr(value, "objective", None)
            if isinstance(value, BaseModel) and isinstance(objective, str) and objective not in objectives:
                yield _dangling(loaded.doc, (*loc, "objective"), _("objective"), objective,
                                objectives, _("this module's objectives"))


def _dangling(doc: SourceDoc, loc: Loc, kind: str, ident: str, known: set[str], where: str) -> Diagnostic:
    close = difflib.get_close_matches(ident, sorted(known), n=1)
    hint = (_(": did you mean '{word}'?").format(word=close[0]) if close else
            _(" (known: {ids})").format(ids=", ".join(sorted(known)) or "-"))
    return doc.diagnostic(loc, "unknown-reference", _("unknown {kind} '{id}', not defined in {where}").format(
        kind=kind, id=ident, where=where) + hint)


def _question_answers(sources: CourseSources) -> Iterator[Diagnostic]:
    for loaded in sources.modules:
        for loc, question in _questions(loaded.model):
            yield from question_type(question).check(loaded.doc, loc, question)


def _images_and_assets(sources: CourseSources) -> Iterator[Diagnostic]:
    for loaded in [*sources.modules, *sources.pages]:
        for loc, value in walk(loaded.model):
            if isinstance(value, ImageBlock):
                yield from _check_asset(sources.root, loaded.doc, (*loc, "src"), value.src)
                if not value.decorative and value.alt is None:
                    yield loaded.doc.diagnostic(loc, "missing-alt",
                                                _("image needs 'alt' text in every language (what the "
                                                  "image tells a learner who cannot see it), or "
                                                  "'decorative: true' if it adds no information"))
                if value.decorative and value.alt is not None:
                    yield loaded.doc.diagnostic((*loc, "alt"), "decorative-alt",
                                                _("a decorative image is hidden from screen readers, so "
                                                  "its 'alt' is never read: remove one of the two"),
                                                Severity.WARNING)
    if sources.personas:
        for index, persona in enumerate(sources.personas.model.personas):
            if persona.image:
                loc = ("personas", index, "image")
                yield from _check_asset(sources.root, sources.personas.doc, loc, persona.image)
                if persona.image_alt is None:
                    yield sources.personas.doc.diagnostic(loc, "missing-alt",
                                                          _("persona image needs 'image_alt'"))


def _check_asset(root: Path, doc: SourceDoc, loc: Loc, src: str) -> Iterator[Diagnostic]:
    course_src = (root / COURSE_SRC_DIR).resolve()
    if not course_src.is_relative_to(root.resolve()):
        yield doc.diagnostic(loc, "asset-outside-course",
                             _("{folder}/ is a symlink to a folder outside the course: assets "
                               "are read only from inside the course folder").format(folder=COURSE_SRC_DIR))
        return
    if src.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", src) or "\\" in src:
        yield doc.diagnostic(loc, "asset-path", _("'{src}' must be a relative path with '/' inside "
                                                  "{folder}/, e.g. assets/map.svg").format(
                                                    src=src, folder=COURSE_SRC_DIR))
        return
    if _URL_SCHEME.match(src):
        yield doc.diagnostic(loc, "asset-path", _("'{src}' is a URL: a package holds its own images; "
                                                  "copy the file into {folder}/assets/").format(
                                                    src=src, folder=COURSE_SRC_DIR))
        return
    normal = posixpath.normpath(src)
    if normal == ".." or normal.startswith("../"):
        yield doc.diagnostic(loc, "asset-outside-course",
                             _("'{src}' points outside {folder}/: copy the file into "
                               "{folder}/assets/ and refer to it from there").format(src=src, folder=COURSE_SRC_DIR))
        return
    if normal != src:  # './x', 'a//b', 'a/../b': the path is used as written inside packages
        yield doc.diagnostic(loc, "asset-path", _("write '{src}' as '{normal}': no './', '../' or "
                                                  "'//' inside asset paths").format(src=src, normal=normal))
        return
    target = course_src / src
    if target.suffix.lower() not in ALLOWED_ASSET_SUFFIXES:
        yield doc.diagnostic(loc, "asset-type",
                             _("'{src}' has type '{suffix}'; allowed: {allowed}").format(
                                 src=src, suffix=target.suffix or _("none"),
                                 allowed=", ".join(sorted(ALLOWED_ASSET_SUFFIXES))))
        return
    try:
        check_regular_file(target, course_src, MAX_ASSET_BYTES)
    except UnsafeFile as refused:
        if refused.code == "missing":
            yield doc.diagnostic(loc, "asset-missing", _("asset '{src}' not found in {folder}/").format(
                src=src, folder=COURSE_SRC_DIR))
        elif refused.code == "outside-course":
            yield doc.diagnostic(loc, "asset-outside-course",
                                 _("'{src}' is a symlink to a file outside {folder}/: copy the "
                                   "file into the course instead").format(src=src, folder=COURSE_SRC_DIR))
        else:
            yield doc.diagnostic(loc, "asset-unsafe", _("asset '{src}': {problem}").format(
                src=src, problem=refused.message))
        return
    if not all(_ASSET_NAME.match(part) for part in Path(src).parts):
        yield doc.diagnostic(loc, "asset-name",
                             _("'{src}': file and folder names must be lowercase ASCII (a-z, 0-9, "
                               "'.', '-', '_'); LMSs reject packages with å, ä, ö or spaces in paths").format(src=src))


def modules_unreadable_any(sources: CourseSources) -> bool:
    return any(path.startswith("modules/") for path in sources.unreadable)


def _assessment(sources: CourseSources) -> Iterator[Diagnostic]:
    config = sources.config.model
    assessments = [m for m in sources.modules if m.model.kind == "assessment"]
    for extra in assessments[1:]:
        yield extra.doc.diagnostic(("kind",), "two-assessments",
                                   _("only one module may be the final assessment "
                                     "(already: {file})").format(file=assessments[0].doc.rel_path))
    for module in assessments:
        count = sum(1 for _ in _questions(module.model))
        if not count:
            yield module.doc.diagnostic(("pages",), "assessment-without-quiz",
                                        _("the assessment module has no quiz block"))
        override = module.model.assessment
        policy = override.over(config.assessment) if override else config.assessment
        if count and policy.draw is not None and policy.draw > count:
            where = ("assessment", "draw") if override and override.draw else None
            diagnostic = module.doc.diagnostic if where else sources.config.doc.diagnostic
            yield diagnostic(where or ("assessment", "draw"), "draw-too-many",
                             ngettext("draw = {draw}, but the assessment module has only {count} question",
                                      "draw = {draw}, but the assessment module has only {count} questions",
                                      count).format(draw=policy.draw, count=count))
    for module in sources.modules:
        if module.model.assessment is not None and module.model.kind != "assessment":
            yield module.doc.diagnostic(("assessment",), "assessment-policy-on-lesson",
                                        _("'assessment' settings apply only to a module with "
                                          "'kind: assessment'"), Severity.WARNING)
    module_ids = {m.model.id for m in sources.modules}
    for module in sources.modules:
        for o_index, objective in enumerate(module.model.objectives):
            for t_index, taught in enumerate(objective.taught_in):
                if taught not in module_ids and not modules_unreadable_any(sources):
                    yield _dangling(module.doc, ("objectives", o_index, "taught_in", t_index),
                                    _("module"), taught, module_ids, "modules/")
    needs_assessment = config.completion in (Completion.ASSESSMENT, Completion.ALL_PAGES_AND_ASSESSMENT)
    modules_unreadable = any(path.startswith("modules/") for path in sources.unreadable)
    if needs_assessment and not assessments and not modules_unreadable:
        yield sources.config.doc.diagnostic(("completion",), "no-assessment",
                                            _("completion '{completion}' needs a module with "
                                              "'kind: assessment'; add one or use 'all-pages'").format(
                                                completion=config.completion))


def _targets(sources: CourseSources, known: set[str]) -> Iterator[Diagnostic]:
    for index, target in enumerate(sources.config.model.build.targets):
        if target not in known:
            yield sources.config.doc.diagnostic(("build", "targets", index), "unknown-target",
                                                _("unknown target '{target}'; available: {available}").format(
                                                    target=target, available=", ".join(sorted(known))))


# --- Checks that keep accidental or hostile input from breaking a build ---------------------------
# "Everything that validates, builds": each check below refuses something that used to validate
# and then crash a target or break the player.

#: Element ids of the player's own page (templates/player.html); a page or block with the same
#: id would take its place (no navigation, no quizzes).
PLAYER_ELEMENT_IDS = frozenset({"lms-data", "main", "pager-position", "progress-bar", "progress-text"})


@cache
def interface_languages() -> frozenset[str]:
    """Languages for which the player has every interface string (render/strings.json)."""
    text = resources.files("lms_build.render").joinpath("strings.json").read_text(encoding="utf-8")
    strings: dict[str, dict[str, str]] = json.loads(text)
    per_key = [{lang for lang, value in values.items() if value} for values in strings.values()]
    return frozenset(set.intersection(*per_key)) if per_key else frozenset()


def _languages(sources: CourseSources) -> Iterator[Diagnostic]:
    config = sources.config
    available = interface_languages()
    seen: set[str] = set()
    for index, lang in enumerate(config.model.languages):
        loc = ("languages", index)
        if lang in seen:
            yield config.doc.diagnostic(loc, "duplicate-language",
                                        _("language '{lang}' is listed twice in languages").format(lang=lang))
        elif lang not in available:
            yield config.doc.diagnostic(
                loc, "no-interface-strings",
                _("language '{lang}' has no interface strings for the learner player (available: "
                  "{available}): add its translations to every key of "
                  "lms_build/render/strings.json, or remove it from languages").format(
                    lang=lang, available=", ".join(sorted(available))))
        seen.add(lang)


def _element_ids(module: Module) -> Iterator[tuple[Loc, str, str]]:
    """(location, element id, what) of every HTML id the player derives from a module's ids."""
    for p_index, page in enumerate(module.pages):
        loc = ("pages", p_index, "id")
        yield loc, page.id, _("page '{id}'").format(id=page.id)
        yield loc, f"{page.id}-title", _("the heading of page '{id}'").format(id=page.id)
        for b_index, block in enumerate(page.blocks):
            block_loc = ("pages", p_index, "blocks", b_index, "id")
            if isinstance(block, ChecklistBlock | WorksheetBlock):
                yield block_loc, f"{block.id}-title", _("the heading of {type} '{id}'").format(
                    type=block.type, id=block.id)
            if isinstance(block, ChecklistBlock):
                for n in range(1, len(block.items) + 1):
                    yield block_loc, f"{block.id}-{n}", _("item {n} of checklist '{id}'").format(n=n, id=block.id)
            if isinstance(block, QuizBlock):
                yield block_loc, block.id, _("quiz '{id}'").format(id=block.id)
                for q_index, question in enumerate(block.questions):
                    q_loc = ("pages", p_index, "blocks", b_index, "questions", q_index, "id")
                    yield q_loc, f"q-{question.id}", _("question '{id}'").format(id=question.id)


def _player_ids(sources: CourseSources) -> Iterator[Diagnostic]:
    """Page and block ids become HTML element ids: none may be the player's own or another's."""
    taken: dict[str, str] = {}
    owners = [(loaded, _element_ids(loaded.model)) for loaded in sources.modules]
    owners += [(loaded, iter([(("id",), loaded.model.id, _("page '{id}'").format(id=loaded.model.id)),
                              (("id",), f"{loaded.model.id}-title",
                               _("the heading of page '{id}'").format(id=loaded.model.id))]))
               for loaded in sources.pages]
    for loaded, ids in owners:
        for loc, element_id, what in ids:
            if element_id in PLAYER_ELEMENT_IDS:
                yield loaded.doc.diagnostic(
                    loc, "reserved-id",
                    _("'{id}' is an element id of the learner player itself ({ids}): choose another id").format(
                        id=element_id, ids=", ".join(sorted(PLAYER_ELEMENT_IDS))))
            elif element_id in taken and taken[element_id] != what:
                yield loaded.doc.diagnostic(
                    loc, "element-id-collision",
                    _("{what} would get the HTML id '{id}', already used by {other}: "
                      "rename one of them").format(what=what, id=element_id, other=taken[element_id]))
            taken.setdefault(element_id, what)


#: Unicode category Cc (C0 and C1 controls) except tab, line feed and carriage return, and the
#: line and paragraph separators (invisible, no glyph in the PDF fonts; a line break does it).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


def _forbidden_character(text: str) -> tuple[int, str] | None:
    """The first control character (other than tab and line break) in `text`."""
    match = _CONTROL.search(text)
    return (match.start(), match.group()) if match else None


def _control_characters(sources: CourseSources) -> Iterator[Diagnostic]:
    """Control characters (usually from a quoted "\\x07" escape or a paste) break SCORM fields,
    PDFs and terminals; they are never part of a course text."""
    for loaded, _is_draft in _all_docs(sources):
        for loc, value in _strings(loaded.doc.data, ()):
            if found := _forbidden_character(value):
                index, char = found
                yield loaded.doc.diagnostic(
                    loc, "control-character",
                    _("control character {code} at character {position} of this text: "
                      "remove it (only visible characters, spaces, tabs and line breaks are allowed)").format(
                        code=f"U+{ord(char):04X}", position=index + 1))


def _strings(node: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    stack: list[tuple[Loc, Any]] = [(loc, node)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            yield where, value
        elif isinstance(value, dict):
            stack += [((*where, key), item) for key, item in value.items()]
        elif isinstance(value, list):
            stack += [((*where, index), item) for index, item in enumerate(value)]


def _markdown_images(sources: CourseSources) -> Iterator[Diagnostic]:
    """A Markdown image would make the learner's browser request its URL (on the LMS's own
    origin for '/lms/...'), and a course file named there would not be packaged."""
    for loaded, _is_draft in _all_docs(sources):
        for loc, value in walk(loaded.model):
            if not isinstance(value, Localized):
                continue
            for lang, text in value.root.items():
                if "![" not in text:
                    continue
                for image in find_images(text):
                    yield _text_diagnostic(
                        loaded.doc, (*loc, lang), image.line_offset, "markdown-image",
                        _("Markdown image '{src}' is not allowed in text: use an image "
                          "block (- type: image, src: assets/..., alt: ...) so the file is checked, "
                          "packaged and described").format(src=image.src[:60]))


def _citations(sources: CourseSources) -> Iterator[Diagnostic]:
    """Modules and personas cite sources by id from course_src/sources.yaml."""
    if SOURCES_FILE in sources.unreadable:
        return
    catalogue = sources.catalogue.model.sources if sources.catalogue else []
    known = {source.id for source in catalogue}
    first: dict[str, int] = {}
    for index, source in enumerate(catalogue):
        if source.id in first:
            yield sources.catalogue.doc.diagnostic(
                ("sources", index, "id"), "duplicate-id",
                _("'{id}' is defined twice (first at item {item})").format(id=source.id, item=first[source.id] + 1))
        first.setdefault(source.id, index)
    for loaded in sources.modules:
        for index, cited in enumerate(loaded.model.sources):
            if cited not in known:
                yield _dangling(loaded.doc, ("sources", index), _("source"), cited, known, SOURCES_FILE)
    if sources.personas:
        for index, persona in enumerate(sources.personas.model.personas):
            if persona.source is not None and persona.source not in known:
                yield _dangling(sources.personas.doc, ("personas", index, "source"), _("source"),
                                persona.source, known, SOURCES_FILE)


def _untested_objectives(sources: CourseSources) -> Iterator[Diagnostic]:
    """An objective no question checks cannot be shown to be reached."""
    for loaded in sources.modules:
        tested = {question.objective for _, question in _questions(loaded.model)}
        for index, objective in enumerate(loaded.model.objectives):
            if objective.id not in tested:
                yield loaded.doc.diagnostic(
                    ("objectives", index, "id"), "objective-without-question",
                    _("objective '{id}' has no question: tag at least one question of this "
                      "module with `objective: {id}` so the objective can be checked").format(id=objective.id),
                    Severity.WARNING)


def _page_settings(sources: CourseSources) -> Iterator[Diagnostic]:
    """Extra pages may show course.toml settings ({{accessibility.contact_email}}); a page that
    uses an empty setting would show a placeholder to learners, so the course is refused."""
    config = sources.config.model
    for loaded in sources.pages:
        for loc, value in walk(loaded.model):
            if not isinstance(value, Localized):
                continue
            for lang, text in value.root.items():
                for name in SETTING_REFERENCE.findall(text):
                    if setting_text(config, name, lang) is None:
                        yield loaded.doc.diagnostic(
                            (*loc, lang), "empty-setting",
                            _("this page shows the course.toml setting '{name}', which is missing or "
                              "empty: fill in [{table}] {key} in course.toml before a release").format(
                                name=name, table=name.split(".")[0], key=name.split(".", 1)[-1]))
