"""Sources corpus: malformed, oversized and booby-trapped course files. Each gets a diagnostic
with its file, line and column and exit code 1: no traceback, no hang, no unbounded work."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import MINI_COURSE
from tests.hostile.conftest import ASSESSMENT, CONFIG, MODULE, Case, both, replace, write
from tests.support.cli import invoke

from .conftest import assert_outcome

#: The line of the mini assessment's short-text answers (found, so fixture edits don't break it).
ACCEPTED_LINE = next(number for number, line in enumerate(
    (MINI_COURSE / ASSESSMENT).read_text(encoding="utf-8").splitlines(), start=1)
    if '["kuntatutor", "kuntatutori"]' in line)

BOMB = "\n".join(['lol0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
                 + [f"lol{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 10)]) + "\n"

CASES = [
    # Limits: alias expansion, nesting, numbers, size.
    Case("alias bomb, 10 nested levels", write(MODULE, BOMB), f"{MODULE}:", "aliases (*name) expand this file past",
         "yaml-too-large"),
    Case("10,000-deep flow nesting", write(MODULE, "id: " + "[" * 10_000 + "]" * 10_000 + "\n"), f"{MODULE}:1:",
         "nested more than 64 levels", "yaml-too-deep"),
    Case("3,000-deep block nesting", replace(MODULE, "order: 1\n", "order: 1\ndeep:\n  " + "- " * 3000 + "x\n"),
         f"{MODULE}:4:", "nested more than 64 levels", "yaml-too-deep"),
    Case("5,000-digit integer in YAML", replace(MODULE, "estimated_minutes: 10", "estimated_minutes: " + "9" * 5000),
         f"{MODULE}:7:20:", "a number of 5,000 characters", "yaml-number-too-long"),
    Case("5,000-digit integer in TOML", replace(CONFIG, "mastery_score = 80", "mastery_score = " + "9" * 5000),
         f"{CONFIG}:8:17:", "a number of 5000 characters", "toml-number-too-long"),
    Case("10,000-deep TOML array", replace(CONFIG, 'licence = "CC BY 4.0"', 'licence = "x"\nx = ' + "[" * 10_000 + "]" * 10_000),
         f"{CONFIG}:1:1:", "nested more than 64 levels", "toml-too-deep"),
    Case("module file of 5 MB", write(MODULE, "# " + "x" * (5 << 20) + "\n"), MODULE, "the limit is 4,194,304",
         "file-too-large"),
    # Constructs a course never needs.
    Case("YAML merge key", replace(MODULE, "order: 1\n", "order: 1\nbase: &b {x: 1}\nmore:\n  <<: *b\n"), f"{MODULE}:5:3:",
         "merge keys ('<<') are not supported", "yaml-merge-key"),
    Case("python/object/apply tag", replace(MODULE, "estimated_minutes: 10", "estimated_minutes: !!python/object/apply:os.system [id]"),
         f"{MODULE}:7:20:", "tag '!!python/object/apply:os.system' is not allowed", "yaml-tag"),
    Case("python/name tag as a key value", replace(MODULE, "order: 1", "order: !!python/name:os.system ''"), f"{MODULE}:2:8:",
         "is not allowed", "yaml-tag"),
    Case("second YAML document", replace(MODULE, "order: 1\n", "order: 1\n---\nid: other\n"), f"{MODULE}:3:", "second YAML document",
         "yaml-multiple-documents"),
    Case("list used as a key", replace(MODULE, "order: 1\n", "order: 1\n? [a, b]\n: c\n"), f"{MODULE}:3:", "keys must be plain names",
         "yaml-complex-key"),
    # Bytes that are not text.
    Case("NUL byte in a module", replace(MODULE, "Mitä digituki on.", "Mitä \x00digituki on."), f"{MODULE}:5:12:",
         "NUL byte", "nul-byte"),
    Case("NUL byte in course.toml", replace(CONFIG, 'licence = "CC BY 4.0"', 'licence = "CC\x00 BY"'), f"{CONFIG}:7:14:",
         "NUL byte", "nul-byte"),
    Case("BOM in course.toml", lambda c: (c / CONFIG).write_bytes(b"\xef\xbb\xbf" + (c / CONFIG).read_bytes()),
         f"{CONFIG}:1:1:", "byte order mark (BOM, U+FEFF)", "toml-bom"),
    Case("raw control character in YAML", replace(MODULE, "Mitä digituki on.", "Mitä \x1b[2Jdigituki on."), f"{MODULE}:5:13:",
         "U+001B is not allowed", "yaml-character"),
    Case("escaped control character in a title", replace(MODULE, 'title: {fi: "Perusteet"', 'title: {fi: "Perus\\x07teet"'),
         f"{MODULE}:3:", "control character U+0007", "control-character"),
    Case("C1 control character in a TOML title", replace(CONFIG, 'fi = "Pieni testikurssi"', 'fi = "Pieni \\u009btesti"'),
         f"{CONFIG}:12:", "control character U+009B", "control-character"),
    Case("not UTF-8", lambda c: (c / MODULE).write_bytes((c / MODULE).read_bytes().replace("Mitä".encode(), b"Mit\xe4")),
         f"{MODULE}:5:1:", "not UTF-8", "encoding"),
    # Accepted, then could not be built (now refused at validation).
    Case("language without interface strings", both(replace(CONFIG, '["fi", "sv"]', '["fi", "sv", "de"]')), f"{CONFIG}:5:",
         "language 'de' has no interface strings", "no-interface-strings"),
    Case("duplicate language", replace(CONFIG, '["fi", "sv"]', '["fi", "sv", "fi"]'), f"{CONFIG}:5:",
         "language 'fi' is listed twice", "duplicate-language"),
    Case("page id lms-data", replace(MODULE, "id: perusteet-tapaus", "id: lms-data"), f"{MODULE}:36:",
         "'lms-data' is an element id of the learner player itself", "reserved-id"),
    Case("page id main", replace(MODULE, "id: perusteet-tapaus", "id: main"), f"{MODULE}:36:", "element id of the learner player",
         "reserved-id"),
    Case("page id that is another page's heading id", replace(MODULE, "id: perusteet-tapaus", "id: perusteet-johdanto-title"),
         f"{MODULE}:36:", "already used by the heading of page 'perusteet-johdanto'", "element-id-collision"),
    Case("page id that is a checklist item's id", replace(MODULE, "id: perusteet-kysely", "id: perusteet-lista-1"),
         f"{MODULE}:", "would get the HTML id 'perusteet-lista-1'", "element-id-collision"),
    Case("page id that is a question's form id", replace(MODULE, "id: perusteet-kysely", "id: q-perusteet-q1"),
         f"{MODULE}:", "would get the HTML id 'q-perusteet-q1'", "element-id-collision"),
    Case("asset path with ./", replace(MODULE, "src: assets/map.svg", "src: ./assets/map.svg"), f"{MODULE}:33:14:",
         "write './assets/map.svg' as 'assets/map.svg'", "asset-path"),
    Case("asset path through ..", replace(MODULE, "src: assets/map.svg", "src: assets/../assets/map.svg"), f"{MODULE}:33:14:",
         "as 'assets/map.svg'", "asset-path"),
    Case("asset given as a URL", replace(MODULE, "src: assets/map.svg", "src: https://evil.example/x.svg"), f"{MODULE}:33:14:",
         "is a URL", "asset-path"),
    Case("Markdown image on the LMS origin", replace(MODULE, "Digituki on **apua**.", "Digituki ![x](/lms/logout.php)"),
         f"{MODULE}:19:", "Markdown image '/lms/logout.php' is not allowed", "markdown-image"),
    Case("Markdown image of a course asset", replace(MODULE, "Viranomaisen on", "![kartta](assets/map.svg) Viranomaisen on"),
         f"{MODULE}:31:20:", "Markdown image 'assets/map.svg'", "markdown-image"),
    Case("module with upper-case .YAML", write("modules/03-lisa.YAML", "id: lisa\n"), "modules/03-lisa.YAML:",
         "rename it to '03-lisa.yaml'", "file-extension"),
    Case("blank accepted short-text answer", replace(ASSESSMENT, '["kuntatutor", "kuntatutori"]', '["kuntatutor", "  "]'),
         f"{ASSESSMENT}:{ACCEPTED_LINE}:", "an accepted answer is blank", "blank-answer"),
    Case("markup in an accepted answer", replace(ASSESSMENT, '["kuntatutor", "kuntatutori"]', '["kuntatutor", "<b>x</b>"]'),
         f"{ASSESSMENT}:{ACCEPTED_LINE}:", "contains '<'", "answer-syntax"),
    Case("SCORM delimiter in an accepted answer", replace(ASSESSMENT, '["kuntatutor", "kuntatutori"]', '["kuntatutor", "a[,]b"]'),
         f"{ASSESSMENT}:{ACCEPTED_LINE}:", "contains '[,]'", "answer-syntax"),
    Case("raw HTML script in a title", replace(MODULE, 'fi: "Johdanto"', 'fi: "<script>alert(1)</script>"'), f"{MODULE}:14:",
         "raw HTML '<script>alert(1)</script>' is not allowed", "raw-html"),
    Case("raw HTML img onerror in an option", replace(MODULE, 'fi: "Vain IT-tuki"', 'fi: "<img src=x onerror=alert(1)>"'),
         f"{MODULE}:", "raw HTML '<img src=x onerror=alert(1)>'", "raw-html"),
    Case("keys that are not text", replace(MODULE, "order: 1\n", "order: 1\n1: x\n"), f"{MODULE}:3:1:", "key 1 is not a name",
         "invalid-key"),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_hostile_source_gets_a_diagnostic(case: Case, mini_course: Path) -> None:
    case.change(mini_course)
    assert_outcome(case, invoke("validate", "-C", mini_course, *case.args))


def test_the_corpus_covers_every_kind_of_source_problem_in_the_issue() -> None:
    assert len(CASES) >= 35
    assert len({case.name for case in CASES}) == len(CASES)


def test_a_bom_in_a_yaml_module_is_harmless(mini_course: Path) -> None:
    path = mini_course / MODULE
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result = invoke("validate", "-C", mini_course)
    assert result.returncode == 0, result.output
