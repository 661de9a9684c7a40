"""The `lms-build` command as a course author meets it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import REPO, run_cli


def test_validate_accepts_a_valid_course_and_prints_a_summary(mini_course: Path) -> None:
    result = run_cli("validate", "-C", mini_course)
    assert result.returncode == 0, result.output
    assert "course is valid: 0 errors, 0 warnings in 7 files checked" in result.output


def test_validate_json_lists_every_problem_with_position(mini_course: Path) -> None:
    module = mini_course / "modules" / "01-perusteet.yaml"
    module.write_text(module.read_text().replace("sumary", "x").replace("summary:", "sumary:", 1))
    result = run_cli("validate", "-C", mini_course, "--format", "json")
    assert result.returncode == 1
    problems = json.loads(result.stdout)
    assert {"file", "line", "column", "code", "message"} <= set(problems[0])
    # The misspelt key is reported once, as a misspelling, not also as a missing field.
    assert [p["code"] for p in problems] == ["unknown-field"]
    assert "did you mean 'summary'?" in problems[0]["message"]
    assert all(p["file"] == "modules/01-perusteet.yaml" for p in problems)


def test_validate_reports_all_problems_at_once_across_files(mini_course: Path) -> None:
    (mini_course / "course.toml").write_text(
        (mini_course / "course.toml").read_text().replace("mastery_score = 80", "mastery_score = 800"))
    glossary = mini_course / "course_src" / "glossary.yaml"
    glossary.write_text(glossary.read_text().replace("definition:", "definiton:"))
    result = run_cli("validate", "-C", mini_course)
    assert result.returncode == 1
    assert "course.toml:8:17:" in result.output
    assert "course_src/glossary.yaml:4:5: unknown field 'definiton': did you mean 'definition'?" in result.output


def test_usage_errors_exit_with_2(mini_course: Path) -> None:
    assert run_cli("validate", "--format", "xml", "-C", mini_course).returncode == 2
    assert run_cli("build", "-C", mini_course, "--target", "nope").returncode == 2
    result = run_cli("build", "-C", mini_course, "--lang", "en", "--out", mini_course.parent / "out")
    assert result.returncode == 2
    assert "the course languages are fi, sv" in result.output


def test_build_writes_html_per_language_and_a_report(mini_course: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    result = run_cli("build", "-C", mini_course, "--out", out)
    assert result.returncode == 0, result.output
    report = json.loads((out / "build-report.json").read_text())
    assert report["course"] == "mini-course"
    paths = {a["path"] for a in report["artifacts"]}
    assert {"web/fi/index.html", "web/sv/index.html", "web/fi/assets/map.svg"} <= paths
    for artifact in report["artifacts"]:
        file = out / artifact["path"]
        assert file.stat().st_size == artifact["bytes"]
        assert artifact["lang"] in ("fi", "sv") and artifact["target"] == "web"
        assert len(artifact["sha256"]) == 64
    assert '<html lang="sv">' in (out / "web/sv/index.html").read_text()


def test_build_of_a_single_language_keeps_the_other_languages_and_reports_them(
        mini_course: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    assert run_cli("build", "-C", mini_course, "--out", out).returncode == 0
    swedish = (out / "web/sv/index.html").read_bytes()
    assert run_cli("build", "-C", mini_course, "--out", out, "--lang", "fi").returncode == 0
    report = json.loads((out / "build-report.json").read_text())
    assert {a["lang"] for a in report["artifacts"]} == {"fi", "sv"}
    assert (out / "web/sv/index.html").read_bytes() == swedish
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()
               and not p.relative_to(out).as_posix().startswith(".")}
    assert {a["path"] for a in report["artifacts"]} == on_disk - {"build-report.json"}


def test_build_refuses_an_invalid_course_and_leaves_earlier_output_untouched(
    mini_course: Path, tmp_path: Path
) -> None:
    out = tmp_path / "dist"
    assert run_cli("build", "-C", mini_course, "--out", out).returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    module = mini_course / "modules" / "01-perusteet.yaml"
    module.write_text(module.read_text().replace("correct: a", "correct: z"))
    result = run_cli("build", "-C", mini_course, "--out", out)
    assert result.returncode == 1
    assert "build refused" in result.output
    assert "correct answer 'z' is not among the options" in result.output
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before


def test_build_is_deterministic(mini_course: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    assert run_cli("build", "-C", mini_course, "--out", first).returncode == 0
    assert run_cli("build", "-C", mini_course, "--out", second).returncode == 0
    assert (first / "build-report.json").read_bytes() == (second / "build-report.json").read_bytes()


def test_new_module_scaffolds_a_valid_commented_module(mini_course: Path) -> None:
    result = run_cli("new", "module", "remote-support", "-C", mini_course)
    assert result.returncode == 0, result.output
    created = mini_course / "modules" / "03-remote-support.yaml"
    text = created.read_text()
    assert text.count("#") > 10, "every field is commented"
    for field in ("id:", "order:", "kind:", "draft:", "title:", "summary:", "estimated_minutes:",
                  "sources:", "objectives:", "pages:", "blocks:", "questions:", "feedback:"):
        assert field in text
    validation = run_cli("validate", "-C", mini_course)
    assert validation.returncode == 0, validation.output


def test_new_module_refuses_a_bad_slug_and_an_existing_module(mini_course: Path) -> None:
    assert run_cli("new", "module", "Etätuki", "-C", mini_course).returncode == 2
    assert run_cli("new", "module", "perusteet", "-C", mini_course).returncode == 2


def test_schema_prints_json_schema_of_each_source_kind() -> None:
    for kind in ("module", "course", "personas", "glossary", "page"):
        result = run_cli("schema", kind)
        assert result.returncode == 0
        schema = json.loads(result.stdout)
        assert schema["$schema"].startswith("https://json-schema.org/")
    module_schema = json.loads(run_cli("schema", "module").stdout)
    assert set(module_schema["required"]) >= {"id", "order", "title", "pages"}


def test_the_real_course_validates_without_warnings() -> None:
    result = run_cli("validate", "-C", REPO)
    assert result.returncode == 0, result.output
    assert "0 errors, 0 warnings" in result.output


def test_a_broken_shared_file_does_not_cascade_into_dangling_reference_errors(mini_course: Path) -> None:
    (mini_course / "course_src" / "personas.yaml").write_text("personas: [\n")
    result = run_cli("validate", "-C", mini_course)
    assert result.returncode == 1
    assert "course_src/personas.yaml:2:1:" in result.output
    assert "unknown persona" not in result.output
