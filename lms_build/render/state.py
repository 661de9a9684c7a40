"""The learner's state as the player stores it in the LMS (cmi.suspend_data) or in localStorage.

The encoding is compact because SCORM 1.2 gives a SCO only 4096 characters of suspend_data. It
is ASCII only (SCORM 1.2 strings are ASCII by the letter of the spec) and has no JSON overhead.
static/core/codec.js holds the same codec: the two must stay identical (tests/js and
tests/render compare them on random states, tests/e2e drives the real player into the worst case).

Format version 2, fields joined with ".":

    "2" . position . page keys . seen pages . checklists . exams . answered question . ...

* numbers are characters of ALPHABET (0-63), two characters for 0-4095; bit sets are 6 bits per
  character, first item in the lowest bit, ceil(n / 6) characters;
* every page, checklist, exam and question is named by a KEY: 3 characters (18 bits of a SHA-256
  of its id and shape). So state written by version N of a course restores in version N+1:
  what still exists with the same shape is kept, the rest is dropped, new things start empty;
* position: the index (2 characters) of the page shown last among the page keys, so a learner
  whose page was removed lands on the nearest page that still exists (the next one first);
* checklists: per checklist block, key + item count (1) + bit set of ticked items;
* exams: per assessment module, key + attempts used (1) + phase (1: "0" answering, "1"
  submitted) + shuffle seed (3 characters, 18 bits) + last submitted score (2 characters: tenths
  of a percent, "__" = never submitted);
* answered questions only: key + checks made (1; "0" = an exam answer not submitted yet) + the
  answer (option indexes in source order, so shuffling never changes them):
    - single choice (radio buttons), true/false: the chosen option's index (true = 0, false = 1)
    - multiple choice (check boxes): bit set of the chosen options
    - matching: one character per prompt: 1 + index of the chosen pair's match, 0 = none chosen
    - ordering: one character per position: index of the item (in its correct order) shown there
    - short text: the text; characters outside SAFE_TEXT become "*" + 3 ALPHABET characters
      (the UTF-16 code unit), so the field never holds "." and is at most 4 x SHORT_TEXT_MAX
      characters long.

Only the answer as last checked (or, in an exam, as last given) is stored: score and feedback
are recomputed from it, so a resumed learner sees exactly what they saw before closing.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from ..diagnostics import Diagnostic, Severity
from ..i18n import _
from ..model import ChecklistBlock, Module, ScoLayout
from ..model.questions import Question
from ..questions import question_type
from ..resolve import Course, pages, questions

VERSION = "2"
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
SAFE_TEXT = re.compile(r"[A-Za-z0-9 ,!?:;()/-]")
#: maxlength of a short-text answer box: one or two words, with room for a typo.
SHORT_TEXT_MAX = 40
MAX_ATTEMPTS_STORED = len(ALPHABET) - 1
NUMBER2_MAX = 64 * 64 - 1  # largest two-character number
NO_SCORE = NUMBER2_MAX  # "__": an exam never submitted
KEY_LENGTH = 3
#: Options, pairs or items per question: SCORM 2004 allows 36 choice/matching/sequencing
#: responses, and SCORM 1.2 codes each one as a single character a-z, 0-9.
MAX_OPTIONS = 36

#: Size limits of the LMS data model (SPM: smallest permitted maximum every LMS must support).
LIMITS: dict[str, dict[str, int]] = {
    "scorm12": {"suspend_data": 4096, "location": 255, "interaction_id": 255},
    "scorm2004": {"suspend_data": 64000, "location": 1000, "interaction_id": 4000,
                  "description": 250},
}


def key(*parts: str) -> str:
    """The 3-character stable name of a page, checklist, exam or question (see the docstring)."""
    digest = hashlib.sha256("|".join(parts).encode()).digest()
    number = int.from_bytes(digest[:3], "big") >> 6
    return ALPHABET[number >> 12] + ALPHABET[number >> 6 & 63] + ALPHABET[number & 63]


@dataclass(frozen=True)
class Slot:
    """What the state must hold for one question."""

    id: str
    kind: str  # "single" | "multi" | "match" | "order" | "text"
    size: int  # options, pairs or items (1 for text)
    key: str = ""


@dataclass(frozen=True)
class Checklist:
    id: str
    size: int
    key: str


@dataclass(frozen=True)
class Layout:
    """The structure of one SCO's state: which pages, checklists, exams and questions it tracks."""

    pages: tuple[str, ...]
    checklists: tuple[Checklist, ...]
    exams: tuple[str, ...]  # ids of the assessment modules
    slots: tuple[Slot, ...]
    page_keys: tuple[str, ...] = field(init=False)
    exam_keys: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "page_keys", tuple(key("page", p) for p in self.pages))
        object.__setattr__(self, "exam_keys", tuple(key("exam", m) for m in self.exams))

    @property
    def checklist_items(self) -> int:
        return sum(c.size for c in self.checklists)

    def keys(self) -> list[str]:
        return [*self.page_keys, *(c.key for c in self.checklists), *self.exam_keys,
                *(s.key for s in self.slots)]


@dataclass
class QuestionState:
    attempts: int  # checks made; 0 = an exam answer given but not submitted yet
    answer: list[int] | str  # indexes (see the module docstring) or the short-text answer


@dataclass
class ExamState:
    attempts: int = 0  # attempts submitted (or under way: see submitted)
    submitted: bool = False  # the current attempt has been submitted
    seed: int = 0  # 18 bits: option order and drawn questions of the current attempt
    last: int | None = None  # last submitted score, tenths of a percent


@dataclass
class State:
    seen: set[int] = field(default_factory=set)  # page indexes
    ticked: set[int] = field(default_factory=set)  # checklist item indexes (all checklists)
    answers: dict[int, QuestionState] = field(default_factory=dict)  # by question index
    exams: dict[int, ExamState] = field(default_factory=dict)  # by exam index
    position: int = 0  # page index


def slot_kind(question: Question) -> tuple[str, int]:
    """The input a question is answered with, and its number of options/pairs/items."""
    return question_type(question).slot_kind(question)


def option_ids(question: Question) -> list[str]:
    """The ids of a question's options, pairs or items in source order (true/false: true, false)."""
    return question_type(question).option_ids(question)


def slot(question: Question) -> Slot:
    kind, size = slot_kind(question)
    return Slot(question.id, kind, size, key("question", question.id, kind, ",".join(option_ids(question))))


def layout(modules: Sequence[Module]) -> Layout:
    checklists = tuple(Checklist(b.id, len(b.items), key("checklist", b.id, str(len(b.items))))
                       for _, page in pages(modules) for b in page.blocks if isinstance(b, ChecklistBlock))
    return Layout(tuple(page.id for _, page in pages(modules)), checklists,
                  tuple(m.id for m in modules if m.kind == "assessment"),
                  tuple(slot(q) for m in modules for q in questions(m)))


# --- encoding -------------------------------------------------------------------------------

def encode_bits(members: Iterable[int], count: int) -> str:
    values = [0] * ((count + 5) // 6)
    for index in members:
        values[index // 6] |= 1 << (index % 6)
    return "".join(ALPHABET[v] for v in values)


def decode_bits(text: str, count: int) -> set[int]:
    if len(text) != (count + 5) // 6:
        raise ValueError("bit set of the wrong length")
    return {i for i in range(count) if ALPHABET.index(text[i // 6]) >> (i % 6) & 1}


def encode_number(value: int, width: int) -> str:
    return "".join(ALPHABET[value >> (6 * (width - 1 - i)) & 63] for i in range(width))


def decode_number(text: str) -> int:
    value = 0
    for char in text:
        value = value << 6 | ALPHABET.index(char)
    return value


def encode_text(text: str) -> str:
    out = []
    for unit in _utf16_units(text):
        char = chr(unit)
        if SAFE_TEXT.fullmatch(char):
            out.append(char)
        else:
            out.append("*" + ALPHABET[unit >> 12] + ALPHABET[unit >> 6 & 63] + ALPHABET[unit & 63])
    return "".join(out)


def decode_text(text: str) -> str:
    units, i = [], 0
    while i < len(text):
        if text[i] == "*":
            if i + 4 > len(text):
                raise ValueError("cut escape")
            units.append(decode_number(text[i + 1:i + 4]))
            i += 4
        else:
            units.append(ord(text[i]))
            i += 1
    return b"".join(u.to_bytes(2, "little") for u in units).decode("utf-16-le", "surrogatepass")


def _utf16_units(text: str) -> list[int]:
    data = text.encode("utf-16-le", "surrogatepass")
    return [int.from_bytes(data[i:i + 2], "little") for i in range(0, len(data), 2)]


def encode_answer(slot: Slot, answer: list[int] | str) -> str:
    if slot.kind == "text":
        assert isinstance(answer, str)
        return encode_text(answer)
    assert isinstance(answer, list)
    if slot.kind == "multi":
        return encode_bits(answer, slot.size)
    if slot.kind == "match":
        return "".join(ALPHABET[target + 1] for target in answer)
    return "".join(ALPHABET[index] for index in answer)  # single, order


def _encode_checklists(lay: Layout, ticked: set[int]) -> str:
    out, offset = [], 0
    for checklist in lay.checklists:
        mine = {i - offset for i in ticked if offset <= i < offset + checklist.size}
        if mine:
            out.append(checklist.key + ALPHABET[checklist.size] + encode_bits(mine, checklist.size))
        offset += checklist.size
    return "".join(out)


def _encode_exam(exam: ExamState) -> str:
    return (ALPHABET[min(exam.attempts, MAX_ATTEMPTS_STORED)] + ("1" if exam.submitted else "0")
            + encode_number(exam.seed, 3) + encode_number(NO_SCORE if exam.last is None else exam.last, 2))


def encode(lay: Layout, state: State) -> str:
    fields = [VERSION, encode_number(state.position, 2), "".join(lay.page_keys),
              encode_bits(state.seen, len(lay.pages)), _encode_checklists(lay, state.ticked),
              "".join(lay.exam_keys[i] + _encode_exam(e) for i, e in sorted(state.exams.items()))]
    for index, slot_ in enumerate(lay.slots):
        answer = state.answers.get(index)
        if answer is not None:
            fields.append(slot_.key + ALPHABET[min(answer.attempts, MAX_ATTEMPTS_STORED)]
                          + encode_answer(slot_, answer.answer))
    return ".".join(fields)


def nearest_page(old_keys: Sequence[str], old_position: int, index: dict[str, int]) -> int:
    """The page to resume on: the one shown last if it still exists, else the nearest one that
    does in the old order (the next page first: it took the removed page's place), else 0."""
    for distance in range(len(old_keys)):
        for candidate in (old_position + distance, old_position - distance):
            if 0 <= candidate < len(old_keys) and old_keys[candidate] in index:
                return index[old_keys[candidate]]
    return 0


def decode(lay: Layout, text: str) -> State | None:
    """The state in `text` carried over to `lay` (which may be a later version of the course: see
    the module docstring), or None when it is not a state of this format or is damaged."""
    fields = text.split(".")
    if len(fields) < 6 or fields[0] != VERSION or len(fields[1]) != 2 or len(fields[2]) % KEY_LENGTH:
        return None
    try:
        return _decode_fields(lay, fields)
    except (ValueError, IndexError):
        return None


def _decode_fields(lay: Layout, fields: list[str]) -> State:
    old_keys = [fields[2][i:i + KEY_LENGTH] for i in range(0, len(fields[2]), KEY_LENGTH)]
    page_index = {k: i for i, k in enumerate(lay.page_keys)}
    old_seen = decode_bits(fields[3], len(old_keys))
    state = State(seen={page_index[k] for i, k in enumerate(old_keys) if i in old_seen and k in page_index},
                  position=nearest_page(old_keys, decode_number(fields[1]), page_index))
    offsets, offset = {}, 0
    for checklist in lay.checklists:
        offsets[checklist.key] = (offset, checklist.size)
        offset += checklist.size
    rest = fields[4]
    while rest:
        name, size = rest[:KEY_LENGTH], ALPHABET.index(rest[KEY_LENGTH])
        end = KEY_LENGTH + 1 + (size + 5) // 6
        ticks = decode_bits(rest[KEY_LENGTH + 1:end], size)
        if offsets.get(name, (0, -1))[1] == size:
            state.ticked |= {offsets[name][0] + i for i in ticks}
        rest = rest[end:]
    exam_index = {k: i for i, k in enumerate(lay.exam_keys)}
    record = KEY_LENGTH + 7
    if len(fields[5]) % record:
        raise ValueError("exam records")
    for start in range(0, len(fields[5]), record):
        item = fields[5][start:start + record]
        if item[:KEY_LENGTH] in exam_index and item[KEY_LENGTH + 1] in "01":
            last = decode_number(item[KEY_LENGTH + 5:])
            state.exams[exam_index[item[:KEY_LENGTH]]] = ExamState(
                ALPHABET.index(item[KEY_LENGTH]), item[KEY_LENGTH + 1] == "1",
                decode_number(item[KEY_LENGTH + 2:KEY_LENGTH + 5]), None if last == NO_SCORE else last)
    slot_index = {s.key: i for i, s in enumerate(lay.slots)}
    for value in fields[6:]:
        index = slot_index.get(value[:KEY_LENGTH])
        if index is None or len(value) < KEY_LENGTH + 1:
            continue  # a question removed or changed since: its answer no longer applies
        try:
            answer = _decode_answer(lay.slots[index], value[KEY_LENGTH + 1:])
        except (ValueError, IndexError):
            continue
        state.answers[index] = QuestionState(ALPHABET.index(value[KEY_LENGTH]), answer)
    return state


def _decode_answer(slot: Slot, body: str) -> list[int] | str:
    if slot.kind == "text":
        return decode_text(body)
    if slot.kind == "multi":
        return sorted(decode_bits(body, slot.size))
    low = -1 if slot.kind == "match" else 0
    answer = [ALPHABET.index(ch) + low for ch in body]
    if len(answer) != (1 if slot.kind == "single" else slot.size) or not all(
            low <= v < slot.size for v in answer) or (
            slot.kind == "order" and len(set(answer)) != len(answer)):
        raise ValueError("not an answer to this question")
    return answer


# --- worst case -----------------------------------------------------------------------------

#: The short-text answer that costs the most: every code unit escaped ("€" is U+20AC).
WORST_TEXT = "€" * SHORT_TEXT_MAX


def worst_answer(slot_: Slot) -> list[int] | str:
    """The answer whose encoding is longest."""
    if slot_.kind == "text":
        return WORST_TEXT
    if slot_.kind == "single":
        return [slot_.size - 1]
    if slot_.kind == "multi":
        return list(range(slot_.size))
    return [slot_.size - 1 - i for i in range(slot_.size)]  # match, order


def worst_state(lay: Layout) -> State:
    """All pages seen, every checklist item ticked, every exam taken 63 times, every question
    checked 63+ times with the answer that encodes longest."""
    return State(set(range(len(lay.pages))), set(range(lay.checklist_items)),
                 {i: QuestionState(MAX_ATTEMPTS_STORED, worst_answer(s)) for i, s in enumerate(lay.slots)},
                 {i: ExamState(MAX_ATTEMPTS_STORED, True, 2 ** 18 - 1, 1000) for i in range(len(lay.exams))},
                 max(len(lay.pages) - 1, 0))


def worst_case_size(modules: Sequence[Module]) -> int:
    """Characters of suspend_data a SCO holding `modules` can need at most."""
    lay = layout(modules)
    return len(encode(lay, worst_state(lay)))


def sco_modules(course: Course, target: str) -> list[list[Module]]:
    """The modules of each SCO of a SCORM target, from course.toml [build.<target>] sco_layout."""
    if course.options_for(target).sco_layout is ScoLayout.COURSE:
        return [list(course.modules)]
    return [[module] for module in course.modules]


def _sco_name(modules: list[Module]) -> str:
    return "+".join(m.id for m in modules) if len(modules) < 4 else _("the whole course")


def check_state_limits(course: Course, target: str,
                       scos: Iterable[Sequence[Module]] | None = None) -> list[Diagnostic]:
    """Errors for every SCO whose worst-case state, location or interactions would not fit the
    data model of `target` ("scorm12" or "scorm2004"). SCORM exporters call this from
    Exporter.check(), so an oversized course fails the build before anything is written. For
    SCORM 2004 it adds the close-time post warnings of check_close_post()."""
    limits = LIMITS[target]
    found: list[Diagnostic] = []
    scos = [list(s) for s in (sco_modules(course, target) if scos is None else scos) if s]
    for modules in scos:
        file = _file_of(course, modules)
        sco = _sco_name(modules)
        lay = layout(modules)
        too_long = [c for c in lay.checklists if c.size > MAX_ATTEMPTS_STORED]
        found += [Diagnostic(file, 0, 0, "checklist-too-long",
                             _("checklist '{id}' has {count} items; the learner state holds at most {limit}").format(
                                 id=checklist.id, count=checklist.size, limit=MAX_ATTEMPTS_STORED))
                  for checklist in too_long]
        # A checklist past the limit has no encoding at all: the state size is then unknown.
        size = 0 if too_long else len(encode(lay, worst_state(lay)))
        if size > limits["suspend_data"]:
            texts = sum(s.kind == "text" for s in lay.slots)
            text_cost = KEY_LENGTH + 1 + len(encode_text(WORST_TEXT)) + 1
            found.append(Diagnostic(
                file, 0, 0, "state-too-large",
                _("{target}: the learner state of SCO '{sco}' can reach {size} characters, over "
                  "the {limit}-character suspend_data limit ({pages} pages, "
                  "{questions} questions, of which {texts} short-text answers take up to "
                  "{text_cost} characters each); use sco_layout = \"module\" in course.toml "
                  "[build.{target}], or fewer questions (short-text ones cost most)").format(
                    target=target, sco=sco, size=size, limit=limits["suspend_data"], pages=len(lay.pages),
                    questions=len(lay.slots), texts=texts, text_cost=text_cost)))
        keys = lay.keys()
        if len(set(keys)) != len(keys):
            found.append(Diagnostic(file, 0, 0, "state-key-collision",
                                    f"{target}: two pages, checklists or questions of SCO '{sco}' "
                                    "share a state key; rename one of them"))
        if len(lay.pages) > NUMBER2_MAX:
            found.append(Diagnostic(file, 0, 0, "too-many-pages",
                                    _("{target}: SCO '{sco}' has {count} pages; at most {limit} per SCO").format(
                                        target=target, sco=sco, count=len(lay.pages), limit=NUMBER2_MAX)))
        for page_id in lay.pages:
            if len(page_id) > limits["location"]:
                found.append(Diagnostic(file, 0, 0, "location-too-long",
                                        f"{target}: page id '{page_id}' is longer than the "  # ids are
                                        f"{limits['location']}-character lesson location"))  # <= 64: a guard
        found += _interaction_limits(course, modules, target, file)
    if target == "scorm2004":
        found += check_close_post(course, scos)
    return found


def _interaction_limits(course: Course, modules: list[Module], target: str,
                        file: str) -> list[Diagnostic]:
    limits = LIMITS[target]
    found: list[Diagnostic] = []
    seen: set[str] = set()
    for module in modules:
        for question in questions(module):
            where = _("{target}: question '{id}'").format(target=target, id=question.id)
            if question.id in seen:
                found.append(Diagnostic(file, 0, 0, "duplicate-interaction",
                                        f"{where} appears twice in one SCO: interaction ids "
                                        "must be unique per SCO"))
            seen.add(question.id)
            if len(question.id) > limits["interaction_id"]:
                found.append(Diagnostic(file, 0, 0, "interaction-id-too-long",
                                        f"{where}: its id is longer than the "  # ids are <= 64: a guard
                                        f"{limits['interaction_id']}-character interaction id"))
            _kind, size = slot_kind(question)
            if size > MAX_OPTIONS:
                found.append(Diagnostic(file, 0, 0, "too-many-options",
                                        _("{where} has {count} options/pairs/items; an LMS "
                                          "interaction holds at most {limit}").format(
                                            where=where, count=size, limit=MAX_OPTIONS)))
            for lang in course.languages:
                for answer in question_type(question).typed_answers(question, lang):
                    if len(_utf16_units(answer.strip())) > SHORT_TEXT_MAX:
                        found.append(Diagnostic(
                            file, 0, 0, "answer-too-long",
                            _("{where}: accepted answer '{answer}' ({lang}) is longer than "
                              "the {limit} characters the answer box takes").format(
                                where=where, answer=answer, lang=lang, limit=SHORT_TEXT_MAX)))
    return found


def _file_of(course: Course, modules: list[Module]) -> str:
    """The source file a diagnostic about these modules points at (course.toml for several)."""
    if len(modules) == 1:
        module = modules[0]
        expected = Path("modules") / f"{module.order:02d}-{module.id}.yaml"
        if (course.root / expected).is_file():
            return expected.as_posix()
        found = sorted((course.root / "modules").glob(f"*{module.id}.yaml"))
        if found:
            return f"modules/{found[0].name}"
    return "course.toml"


# --- what Moodle's SCORM 2004 runtime posts when the page closes ------------------------------

#: Browsers refuse a navigator.sendBeacon (or keepalive fetch) body above 64 KiB; Moodle's 2004
#: runtime sends its close-time commit that way.
BEACON_LIMIT = 65536
#: What Moodle adds to every post besides the data model: id, a, sesskey, attempt, scoid and
#: the times it computes itself (a generous allowance; the exact value depends on the site).
POST_OVERHEAD = 300
#: The longest value of each element the player writes whose value does not depend on the course.
_WORST_TIME = "PT9999H59M59.99S"
_FIXED_ELEMENTS = {
    "cmi.completion_status": "incomplete", "cmi.success_status": "unknown", "cmi.exit": "suspend",
    "cmi.progress_measure": "0.99", "cmi.score.raw": "99.99", "cmi.score.min": "0",
    "cmi.score.max": "100", "cmi.score.scaled": "0.9999", "cmi.session_time": _WORST_TIME,
    "cmi.total_time": _WORST_TIME,
}


def _posted(element: str, value: str) -> int:
    """Bytes of one element in Moodle's post: "&" + name with "." as "__" + "=" +
    encodeURIComponent(value) (interaction indexes written as N0, N1, ... as Moodle does)."""
    name = re.sub(r"\.(\d+)\.", r".N\1.", re.sub(r"\.(\d+)\.", r".N\1.", element))
    return len("&" + name.replace(".", "__") + "=" + quote(value, safe="-_.!~*'()"))


def close_post_elements(course: Course, modules: Sequence[Module], lang: str) -> dict[str, str]:
    """Every data-model element the player can have set in a SCORM 2004 SCO holding `modules`,
    each with its longest value: what Moodle's runtime posts at close in the worst case."""
    from .player import interaction_worst_case  # the player owns the interaction formats

    lay = layout(modules)
    elements = dict(_FIXED_ELEMENTS)
    elements["cmi.location"] = max(lay.pages, key=len)
    elements["cmi.suspend_data"] = encode(lay, worst_state(lay))
    for n, question in enumerate(q for m in modules for q in questions(m)):
        for name, value in interaction_worst_case(question, lang).items():
            elements[f"cmi.interactions.{n}.{name}"] = value
    return elements


def close_post_size(course: Course, modules: Sequence[Module], lang: str) -> int:
    """Bytes of Moodle's close-time post of a SCORM 2004 SCO in the worst case."""
    return POST_OVERHEAD + sum(_posted(e, v) for e, v in close_post_elements(course, modules, lang).items())


def check_close_post(course: Course, scos: Iterable[Sequence[Module]] | None = None) -> list[Diagnostic]:
    """Warnings for every SCORM 2004 SCO (and language) whose worst-case close-time post would
    exceed the 64 KiB a beacon may carry: the learner's last data would then be lost at close."""
    found: list[Diagnostic] = []
    for modules in (sco_modules(course, "scorm2004") if scos is None else scos):
        modules = list(modules)
        if not modules:
            continue
        for lang in course.languages:
            size = close_post_size(course, modules, lang)
            if size > BEACON_LIMIT:
                count = sum(len(questions(m)) for m in modules)
                found.append(Diagnostic(
                    _file_of(course, modules), 0, 0, "close-post-too-large",
                    _("scorm2004 ({lang}): Moodle's close-time post of SCO '{sco}' can "
                      "reach {size} bytes ({count} interactions), over the {limit}-byte beacon "
                      "limit, so the last data would be lost when the window closes; use "
                      "sco_layout = \"module\" in [build.scorm2004], or fewer questions").format(
                        lang=lang, sco=_sco_name(modules), size=size, count=count, limit=BEACON_LIMIT),
                    Severity.WARNING))
    return found


__all__ = [
    "ALPHABET", "LIMITS", "SHORT_TEXT_MAX", "ExamState", "Layout", "QuestionState", "Slot", "State",
    "check_close_post", "check_state_limits", "close_post_size", "decode", "encode", "layout",
    "sco_modules", "worst_case_size", "worst_state",
]
