"""What every package with the learner player carries besides its launch pages: the player's
runtime files and the course assets (images), as member jobs of the package."""

from __future__ import annotations

import hashlib

from ..model import ChecklistBlock, ImageBlock, Module, QuizBlock
from ..model.walk import walk
from ..resolve import Course
from .base import Job, Target, code_fingerprint, job_key


def course_assets(course: Course) -> dict[str, bytes]:
    """Every asset referenced by the course, keyed by its path inside a package ('assets/...').
    Every target and language of a build asks for the same course's: walked and read once."""
    if _LAST[0] is not course:
        _LAST[:] = [course, _read_assets(course)]
    return _LAST[1]


#: The last course asked about and its assets (one entry: a long-lived preview holds no old ones).
_LAST: list = [None, {}]


def _read_assets(course: Course) -> dict[str, bytes]:
    used: set[str] = set()
    for module in [*course.modules, *course.extra_pages]:
        used.update(value.src for _, value in walk(module) if isinstance(value, ImageBlock))
    used.update(p.image for p in course.personas.values() if p.image)
    return {f"assets/{src.removeprefix('assets/')}": (course.course_src / src).read_bytes()
            for src in sorted(used)}


def asset_members(course: Course) -> list[Job]:
    """One member per asset, keyed by its content."""
    return [Job(name, "", hashlib.sha256(content).hexdigest(), lambda content=content: content)
            for name, content in course_assets(course).items()]


def player_members() -> list[Job]:
    """The player's static files, keyed by their content."""
    from ..render.player import static_files

    return [Job(name, "", hashlib.sha256(content).hexdigest(), lambda content=content: content)
            for name, content in static_files().items()]


def sco_structure(modules: list[Module]) -> list[object]:
    """What a page of a SCO takes from the rest of it, in no language: module, page, quiz,
    question and checklist ids and sizes (question and checklist numbers run across the SCO; the
    last page carries the ending; assessment modules have exam panels)."""
    def block(b: object) -> object:
        if isinstance(b, QuizBlock):
            return ("quiz", b.id, [q.id for q in b.questions])
        if isinstance(b, ChecklistBlock):
            return ("checklist", b.id, len(b.items))
        return type(b).__name__
    return [(m.id, m.kind, m.order, [(p.id, [block(b) for b in p.blocks]) for p in m.pages]) for m in modules]


def sco_members(target: Target, lang: str, modules: list[Module], runtime: str, launch_name: str,
                *key_parts: object) -> list[Job]:
    """The files of one SCO's player (launch page, course data, one script per page), one job
    each. Each key covers what its file shows: a page itself (the first and last page of a
    module: the module), the SCO's structure and the course context (plus the target's code,
    options and `key_parts`); the course data every module; so a one-word change remakes one or
    a few pages and the course data, not every page. One ScoPlayer serves them all, so what
    they share is computed once per process."""
    from ..render.player import COURSE_DATA, ScoPlayer

    player = ScoPlayer(target.course, lang, modules, runtime, launch_name)
    shared = (launch_name, target.course_context(lang), sco_structure(modules))
    base = target.key(lang, "sco", runtime, *shared, *key_parts)
    # A page file shows course text only, the same under every runtime and target: its key leaves
    # the target out, so the web, SCORM and xAPI packages of one build render each page once.
    page_base = job_key(code_fingerprint(), "sco-page", lang, *shared)
    module_text = {m.id: job_key(target.in_language([m], lang)) for m in modules}  # each module as seen in `lang`
    keys = {launch_name: job_key(base, "launch", module_text[modules[0].id]),
            f"{player.folder}{COURSE_DATA}.js": job_key(base, "course", list(module_text.values()))}
    for module in modules:
        for page in module.pages:
            # a module's first page opens it (what it is about, how long, what it holds): it shows
            # the module; its last page lists the module's sources (ids into the course context)
            if page.id == module.pages[0].id:
                shown = module_text[module.id]
            else:
                sources = list(module.sources) if page.id == module.pages[-1].id else None
                shown = job_key(target.in_language([page], lang), sources)
            keys[f"{player.folder}{page.id}.js"] = job_key(page_base, "page", page.id, shown)
    return [Job(name, lang, keys.get(name) or job_key(page_base, "extra", name), lambda name=name: player.render(name))
            for name in player.file_names()]
