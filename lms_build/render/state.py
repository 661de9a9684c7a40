"""The learner's state as the player stores it in the LMS (cmi.suspend_data) or in localStorage.

The encoding is compact because SCORM 1.2 gives a SCO only 4096 characters of suspend_data. It
is ASCII only (SCORM 1.2 strings are ASCII by the letter of the spec) and has no JSON overhead.
static/player.js holds the same encoder: the two must stay identical, and tests/e2e drive the real
JavaScript into the worst case and compare its string with `encode(layout, worst_state(layout))`.

Format (version 1), fields joined with ".":

    "1" + fingerprint(4) . seen pages . ticked checklist items . question 1 . question 2 ...

* numbers are single characters of ALPHABET (0-63); bit sets are 6 bits per character, first
  item in the lowest bit, ceil(n / 6) characters;
* the fingerprint is a hash of the SCO's structure: state written for another version of the
  course (pages or questions changed) is recognised and ignored instead of being misread;
* a question the learner never checked is an empty field; otherwise the number of checks made
  (capped at 63) followed by the last checked answer:
    - single choice (radio buttons), true/false: the chosen option's index (true = 0, false = 1)
    - multiple choice (check boxes): bit set of the chosen options
    - matching: one character per prompt: 1 + index of the chosen pair's match, 0 = none chosen
    - ordering: one character per position: index of the item (in its correct order) shown there
    - short text: the text; characters outside SAFE_TEXT become "*" + 3 ALPHABET characters
      (the UTF-16 code unit), so the field never holds "." and is at most 4 x SHORT_TEXT_MAX
      characters long.

Only the answer as last checked is stored: the score and feedback are recomputed from it, so a
resumed learner sees exactly what they saw before closing the window.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic
from ..model import ChecklistBlock, Module, ScoLayout
from ..model.questions import Question
from ..resolve import Course, pages, questions

VERSION = "1"
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
SAFE_TEXT = re.compile(r"[A-Za-z0-9 ,!?:;()/-]")
#: maxlength of a short-text answer box: one or two words, with room for a typo.
SHORT_TEXT_MAX = 40
MAX_ATTEMPTS_STORED = len(ALPHABET) - 1
#: Options, pairs or items per question: SCORM 2004 allows 36 choice/matching/sequencing
#: responses, and SCORM 1.2 codes each one as a single character a-z, 0-9.
MAX_OPTIONS = 36

#: Size limits of the LMS data model (SPM: smallest permitted maximum every LMS must support).
LIMITS: dict[str, dict[str, int]] = {
    "scorm12": {"suspend_data": 4096, "location": 255, "interaction_id": 255},
    "scorm2004": {"suspend_data": 64000, "location": 1000, "interaction_id": 4000,
                  "description": 250},
}


@dataclass(frozen=True)
class Slot:
    """What the state must hold for one question."""

    id: str
    kind: str  # "single" | "multi" | "match" | "order" | "text"
    size: int  # options, pairs or items (1 for text)


@dataclass(frozen=True)
class Layout:
    """The structure of one SCO's state: which pages, checklist items and questions it tracks."""

    pages: tuple[str, ...]
    checklist_items: int
    slots: tuple[Slot, ...]
    fingerprint: str = field(init=False)

    def __post_init__(self) -> None:
        shape = "|".join([",".join(self.pages), str(self.checklist_items),
                          *(f"{s.id}:{s.kind}:{s.size}" for s in self.slots)])
        digest = hashlib.sha256(f"{VERSION}|{shape}".encode()).digest()
        object.__setattr__(self, "fingerprint", "".join(ALPHABET[b % 64] for b in digest[:4]))


@dataclass
class QuestionState:
    attempts: int
    answer: list[int] | str  # indexes (see the module docstring) or the short-text answer


@dataclass
class State:
    seen: set[int] = field(default_factory=set)  # page indexes
    ticked: set[int] = field(default_factory=set)  # checklist item indexes
    answers: dict[int, QuestionState] = field(default_factory=dict)  # by question index


def slot_kind(question: Question) -> tuple[str, int]:
    """The input a question is answered with, and its number of options/pairs/items."""
    match question.type:
        case "single-choice":
            return "single", len(question.options)
        case "multiple-choice":
            return "multi", len(question.options)
        case "scenario":
            return ("single" if len(question.correct) == 1 else "multi"), len(question.choices)
        case "true-false":
            return "single", 2
        case "matching":
            return "match", len(question.pairs)
        case "ordering":
            return "order", len(question.items)
        case _:
            return "text", 1


def layout(modules: Sequence[Module]) -> Layout:
    ticked = sum(len(block.items) for _, page in pages(modules) for block in page.blocks
                 if isinstance(block, ChecklistBlock))
    slots = tuple(Slot(q.id, *slot_kind(q)) for m in modules for q in questions(m))
    return Layout(tuple(page.id for _, page in pages(modules)), ticked, slots)


# --- encoding -------------------------------------------------------------------------------

def encode_bits(members: Iterable[int], count: int) -> str:
    values = [0] * ((count + 5) // 6)
    for index in members:
        values[index // 6] |= 1 << (index % 6)
    return "".join(ALPHABET[v] for v in values)


def decode_bits(text: str, count: int) -> set[int]:
    return {i for i in range(count) if ALPHABET.index(text[i // 6]) >> (i % 6) & 1}


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
            a, b, c = (ALPHABET.index(ch) for ch in text[i + 1:i + 4])
            units.append(a << 12 | b << 6 | c)
            i += 4
        else:
            units.append(ord(text[i]))
            i += 1
    return b"".join(u.to_bytes(2, "little") for u in units).decode("utf-16-le")


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


def encode(lay: Layout, state: State) -> str:
    fields = [VERSION + lay.fingerprint, encode_bits(state.seen, len(lay.pages)),
              encode_bits(state.ticked, lay.checklist_items)]
    for index, slot in enumerate(lay.slots):
        answer = state.answers.get(index)
        if answer is None or answer.attempts == 0:
            fields.append("")
        else:
            fields.append(ALPHABET[min(answer.attempts, MAX_ATTEMPTS_STORED)]
                          + encode_answer(slot, answer.answer))
    return ".".join(fields)


def decode(lay: Layout, text: str) -> State | None:
    """The state in `text`, or None when it was written for another layout (or is damaged)."""
    fields = text.split(".")
    if len(fields) != 3 + len(lay.slots) or fields[0] != VERSION + lay.fingerprint:
        return None
    try:
        state = State(decode_bits(fields[1], len(lay.pages)),
                      decode_bits(fields[2], lay.checklist_items))
        for index, (slot, value) in enumerate(zip(lay.slots, fields[3:], strict=True)):
            if value:
                state.answers[index] = QuestionState(ALPHABET.index(value[0]),
                                                     _decode_answer(slot, value[1:]))
    except (ValueError, IndexError):
        return None
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


def worst_state(lay: Layout) -> State:
    """All pages seen, every checklist item ticked, every question checked 63+ times with the
    answer that encodes longest (all options chosen, every prompt matched, the longest text)."""
    answers: dict[int, QuestionState] = {}
    for index, slot in enumerate(lay.slots):
        answer: list[int] | str
        if slot.kind == "text":
            answer = WORST_TEXT
        elif slot.kind == "single":
            answer = [slot.size - 1]
        elif slot.kind == "multi":
            answer = list(range(slot.size))
        elif slot.kind == "match":
            answer = [slot.size - 1 - i for i in range(slot.size)]
        else:
            answer = list(reversed(range(slot.size)))
        answers[index] = QuestionState(MAX_ATTEMPTS_STORED, answer)
    return State(set(range(len(lay.pages))), set(range(lay.checklist_items)), answers)


def worst_case_size(modules: Sequence[Module]) -> int:
    """Characters of suspend_data a SCO holding `modules` can need at most."""
    lay = layout(modules)
    return len(encode(lay, worst_state(lay)))


def sco_modules(course: Course, target: str) -> list[list[Module]]:
    """The modules of each SCO of a SCORM target, from course.toml [build.<target>] sco_layout."""
    if course.options_for(target).sco_layout is ScoLayout.COURSE:
        return [list(course.modules)]
    return [[module] for module in course.modules]


def check_state_limits(course: Course, target: str,
                       scos: Iterable[Sequence[Module]] | None = None) -> list[Diagnostic]:
    """Errors for every SCO whose worst-case state, location or interactions would not fit the
    data model of `target` ("scorm12" or "scorm2004"). SCORM exporters call this from
    Exporter.check(), so an oversized course fails the build before anything is written."""
    limits = LIMITS[target]
    found: list[Diagnostic] = []
    for modules in (sco_modules(course, target) if scos is None else scos):
        modules = list(modules)
        if not modules:
            continue
        file = _file_of(course, modules)
        sco = "+".join(m.id for m in modules) if len(modules) < 4 else "the whole course"
        lay = layout(modules)
        size = len(encode(lay, worst_state(lay)))
        if size > limits["suspend_data"]:
            texts = sum(s.kind == "text" for s in lay.slots)
            text_cost = 1 + len(encode_text(WORST_TEXT)) + 1
            found.append(Diagnostic(
                file, 0, 0, "state-too-large",
                f"{target}: the learner state of SCO '{sco}' can reach {size} characters, over "
                f"the {limits['suspend_data']}-character suspend_data limit ({len(lay.pages)} pages, "
                f"{len(lay.slots)} questions, of which {texts} short-text answers take up to "
                f"{text_cost} characters each); use sco_layout = \"module\" in course.toml "
                f"[build.{target}], or fewer questions (short-text ones cost most)"))
        for page_id in lay.pages:
            if len(page_id) > limits["location"]:
                found.append(Diagnostic(file, 0, 0, "location-too-long",
                                        f"{target}: page id '{page_id}' is longer than the "
                                        f"{limits['location']}-character lesson location"))
        found += _interaction_limits(course, modules, target, file)
    return found


def _interaction_limits(course: Course, modules: list[Module], target: str,
                        file: str) -> list[Diagnostic]:
    limits = LIMITS[target]
    found: list[Diagnostic] = []
    seen: set[str] = set()
    for module in modules:
        for question in questions(module):
            where = f"{target}: question '{question.id}'"
            if question.id in seen:
                found.append(Diagnostic(file, 0, 0, "duplicate-interaction",
                                        f"{where} appears twice in one SCO: interaction ids "
                                        "must be unique per SCO"))
            seen.add(question.id)
            if len(question.id) > limits["interaction_id"]:
                found.append(Diagnostic(file, 0, 0, "interaction-id-too-long",
                                        f"{where}: its id is longer than the "
                                        f"{limits['interaction_id']}-character interaction id"))
            _, size = slot_kind(question)
            if size > MAX_OPTIONS:
                found.append(Diagnostic(file, 0, 0, "too-many-options",
                                        f"{where} has {size} options/pairs/items; an LMS "
                                        f"interaction holds at most {MAX_OPTIONS}"))
            if question.type == "short-text":
                for lang in course.languages:
                    for answer in question.accepted.get(lang):
                        if len(_utf16_units(answer.strip())) > SHORT_TEXT_MAX:
                            found.append(Diagnostic(
                                file, 0, 0, "answer-too-long",
                                f"{where}: accepted answer '{answer}' ({lang}) is longer than "
                                f"the {SHORT_TEXT_MAX} characters the answer box takes"))
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


__all__ = [
    "ALPHABET", "LIMITS", "SHORT_TEXT_MAX", "Layout", "QuestionState", "Slot", "State",
    "check_state_limits", "decode", "encode", "layout", "sco_modules", "worst_case_size",
    "worst_state",
]
