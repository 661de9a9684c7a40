"""`lms-build report` finds what is true in the statements: facts planted in a simulated stream
(a question 90 % wrong, a module after which half the learners stop, a wrong option chosen more
than the right one) are found exactly, from a file and from a real LRS, and the HTML report passes
axe-core."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from lms_build.report.lrs import PAGE_SIZE
from lms_build.resolve import questions
from tests.conftest import REPO, run_cli
from tests.support.courses import real_course
from tests.support.lrs import PASSWORD, USER, Ralph

LEARNERS, SEED = 300, 11


@dataclass(frozen=True)
class Planted:
    hard: str
    distractor: tuple[str, str]
    dropout: str

    def args(self) -> list[str]:
        return ["--plant-hard", self.hard, "--plant-distractor", ":".join(self.distractor),
                "--plant-dropout", self.dropout]


def planted() -> Planted:
    """Facts chosen from whatever the course holds now (its ids change between editions)."""
    course = real_course()
    lessons = [m for m in course.modules if m.kind == "lesson"]
    single = [(m, q) for m in lessons for q in questions(m) if q.type == "single-choice"]
    hard_module, hard = single[0]
    _, other = next((m, q) for m, q in single if m.id != hard_module.id)
    wrong = next(o.id for o in other.options if o.id != other.correct)
    return Planted(hard.id, (other.id, wrong), lessons[2].id)


@pytest.fixture(scope="module")
def facts() -> Planted:
    return planted()


@pytest.fixture(scope="module")
def stream(tmp_path_factory: pytest.TempPathFactory, facts: Planted) -> Path:
    path = tmp_path_factory.mktemp("stream") / "statements.jsonl"
    result = run_cli("xapi", "simulate", "-C", REPO, "--learners", LEARNERS, "--seed", SEED,
                     "--out", path, *facts.args())
    assert result.returncode == 0, result.output
    return path


@pytest.fixture(scope="module")
def from_file(tmp_path_factory: pytest.TempPathFactory, stream: Path) -> Path:
    out = tmp_path_factory.mktemp("report")
    result = run_cli("report", "-C", REPO, "--from", stream, "--out", out, "--lang", "fi", "--no-pdf")
    assert result.returncode == 0, result.output
    return out


def numbers(out: Path) -> dict:
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def section(out: Path, lang: str | None) -> dict:
    return next(s for s in numbers(out)["sections"] if s["lang"] == lang)


def test_the_planted_hard_question_is_the_only_one_almost_nobody_gets_right(from_file: Path, facts: Planted) -> None:
    flagged = [q["key"] for q in section(from_file, None)["questions"] if "almost-nobody-right" in q["flags"]]
    assert flagged == [facts.hard]


def test_the_planted_distractor_is_chosen_more_than_the_right_answer(from_file: Path, facts: Planted) -> None:
    question, option = facts.distractor
    row = next(q for q in section(from_file, None)["questions"] if q["key"] == question)
    assert "wrong-answer-beats-right" in row["flags"]
    assert row["top_wrong"][0][0] == option and row["top_wrong"][0][1] > row["correct_count"]
    beaten = {q["key"] for q in section(from_file, None)["questions"] if "wrong-answer-beats-right" in q["flags"]}
    assert beaten == {facts.hard, question}  # for the hard one, every wrong option beats the right one


def test_the_planted_drop_out_is_the_module_after_which_most_learners_stop(from_file: Path, facts: Planted) -> None:
    modules = section(from_file, None)["modules"]
    shares = {m["key"]: m["stopped"] / m["finished"] for m in modules if m["finished"]}
    assert max(shares, key=shares.get) == facts.dropout
    assert 0.4 < shares[facts.dropout] < 0.65  # half of them, give or take the natural drop-out


def test_languages_add_up_to_the_whole(from_file: Path) -> None:
    overall = section(from_file, None)
    fi, sv = section(from_file, "fi"), section(from_file, "sv")
    assert overall["started"] == LEARNERS == fi["started"] + sv["started"]
    assert fi["started"] > 0 and sv["started"] > 0
    assert overall["completed"] == fi["completed"] + sv["completed"]
    assert overall["passed"] <= overall["completed"]
    for row_all, row_fi, row_sv in zip(overall["questions"], fi["questions"], sv["questions"], strict=True):
        assert row_all["answered"] == row_fi["answered"] + row_sv["answered"]


def test_wrong_answers_are_shown_in_the_words_of_the_course(from_file: Path, facts: Planted) -> None:
    question, option = facts.distractor
    text = next(o.text.get("fi") for m in real_course().modules for q in questions(m) if q.id == question
                for o in q.options if o.id == option)
    html = (from_file / "report-fi.html").read_text(encoding="utf-8")
    assert text.split("*")[0][:40] in html


def test_csv_tables_carry_the_same_numbers(from_file: Path) -> None:
    rows = (from_file / "questions.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("lang,question,module,answered,correct_share")
    assert len(rows) == 1 + 3 * len(section(from_file, None)["questions"])


def test_a_second_report_stores_each_statement_once(from_file: Path, stream: Path) -> None:
    result = run_cli("report", "-C", REPO, "--from", stream, "--out", from_file, "--no-pdf")
    assert result.returncode == 0, result.output
    assert numbers(from_file)["source"]["count"] == sum(1 for _ in stream.open(encoding="utf-8"))


#: The LRS round trip uses fewer learners: Ralph's file backend reads its whole file for every
#: page it serves and every batch it stores, so its cost grows with the square of the stream
#: (300 learners, about 30,000 statements, took minutes). 60 learners still give about 4,000
#: statements with the planted facts: the report follows the LRS's `more` links page after page.
LRS_LEARNERS = 60


@pytest.fixture(scope="module")
def lrs_expected(tmp_path_factory: pytest.TempPathFactory, facts: Planted) -> tuple[Path, int]:
    """The report of the LRS round trip's learners read from a file: (its folder, statements)."""
    folder = tmp_path_factory.mktemp("lrs-expected")
    stream = folder / "statements.jsonl"
    simulated = run_cli("xapi", "simulate", "-C", REPO, "--learners", LRS_LEARNERS, "--seed", SEED,
                        "--out", stream, *facts.args())
    assert simulated.returncode == 0, simulated.output
    result = run_cli("report", "-C", REPO, "--from", stream, "--out", folder / "report", "--no-pdf")
    assert result.returncode == 0, result.output
    return folder / "report", sum(1 for _ in stream.open(encoding="utf-8"))


def test_the_report_reads_the_same_numbers_from_a_real_lrs(
        ralph: Ralph, lrs_expected: tuple[Path, int], tmp_path: Path, facts: Planted,
        monkeypatch: pytest.MonkeyPatch) -> None:
    expected, count = lrs_expected
    assert count > 5 * PAGE_SIZE, "the report must follow the LRS's `more` links page after page"
    posted = run_cli("xapi", "simulate", "-C", REPO, "--learners", LRS_LEARNERS, "--seed", SEED,
                     "--lrs", ralph.endpoint, "--user", USER, "--password", PASSWORD, *facts.args())
    assert posted.returncode == 0, posted.output
    monkeypatch.setenv("LMS_BUILD_LRS_USER", USER)
    monkeypatch.setenv("LMS_BUILD_LRS_PASSWORD", PASSWORD)
    # Ralph 5.1.0's GET filters never match (see tests/support/lrs.py): read everything and let
    # the report keep the course's statements.
    result = run_cli("report", "-C", REPO, "--lrs", ralph.endpoint, "--no-server-filter", "--out", tmp_path,
                     "--no-pdf")
    assert result.returncode == 0, result.output
    assert numbers(tmp_path)["source"]["count"] == count
    assert numbers(tmp_path)["sections"] == numbers(expected)["sections"]
    again = run_cli("report", "-C", REPO, "--lrs", ralph.endpoint, "--no-server-filter", "--out", tmp_path,
                    "--no-pdf")
    assert again.returncode == 0 and numbers(tmp_path)["sections"] == numbers(expected)["sections"]


def test_wrong_credentials_and_an_unreachable_lrs_are_clear_errors(ralph: Ralph, tmp_path: Path) -> None:
    env = {"LMS_BUILD_LRS_USER": USER, "LMS_BUILD_LRS_PASSWORD": "wrong"}
    os.environ.update(env)
    try:
        refused = run_cli("report", "-C", REPO, "--lrs", ralph.endpoint, "--out", tmp_path, "--no-pdf")
        unreachable = run_cli("report", "-C", REPO, "--lrs", "http://127.0.0.1:9/xAPI/", "--out", tmp_path,
                              "--no-pdf")
    finally:
        for name in env:
            os.environ.pop(name)
    assert refused.returncode == 1 and "refused the credentials" in refused.output
    assert unreachable.returncode == 1 and "cannot reach the LRS" in unreachable.output
    assert "Traceback" not in refused.output + unreachable.output


def test_the_html_report_passes_axe_with_zero_violations(from_file: Path, server, browser) -> None:
    # The report's own CSP allows no script at all: axe comes in as an init script, which the
    # browser runs before the page's policy applies.
    context = browser.new_context()
    try:
        context.add_init_script(path=str(REPO / "node_modules" / "axe-core" / "axe.min.js"))
        page = context.new_page()
        page.goto(server.mount("/report", from_file) + "/report-fi.html")
        result = page.evaluate("axe.run(document, {runOnly: {type: 'tag', values: "
                               "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})")
        assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]] == []
        assert page.locator("svg[role=img] title").count() == 12
    finally:
        context.close()


def test_the_pdf_report_is_tagged_and_has_the_numbers(stream: Path, tmp_path: Path) -> None:
    result = run_cli("report", "-C", REPO, "--from", stream, "--out", tmp_path, "--lang", "sv")
    assert result.returncode == 0, result.output
    import subprocess

    info = subprocess.run(["pdfinfo", str(tmp_path / "report-sv.pdf")], capture_output=True, text=True, check=True)
    assert "Tagged:          yes" in info.stdout
    text = subprocess.run(["pdftotext", str(tmp_path / "report-sv.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Inlärningsanalys" in text and str(section(tmp_path, None)["started"]) in text
