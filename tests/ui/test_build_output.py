"""The build's progress and summary: per target and language, then artifact, language, size,
change since the last build and time, and the warnings at the end."""

from __future__ import annotations

import io
import json
from pathlib import Path

from lms_build.diagnostics import Diagnostic, Severity
from lms_build.i18n import set_language
from lms_build.ui.build_output import (
    ProgressEvent,
    build_progress,
    choose_mode,
    format_summary,
    print_summary,
    with_changes,
)
from tests.support.snapshots import assert_snapshot

ARTIFACTS = [
    {"target": "web", "lang": "fi", "path": "web/fi/index.html", "bytes": 48_213, "sha256": "a1",
     "seconds": 0.42},
    {"target": "scorm12", "lang": "sv", "path": "scorm12/kurssi-sv-scorm12-1.0.0.zip", "bytes": 1_304_211,
     "sha256": "b2", "seconds": 1.93},
    {"target": "scorm12", "lang": "fi", "path": "scorm12/kurssi-fi-scorm12-1.0.0.zip", "bytes": 1_298_004,
     "sha256": "c3", "seconds": 1.87},
]
WARNING = Diagnostic("modules/09-uusi.yaml", 0, 0, "draft-left-out",
                     "draft module left out of the build (use --drafts to include it)", Severity.WARNING)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _previous_report(tmp_path: Path) -> Path:
    report = tmp_path / "build-report.json"
    report.write_text(json.dumps({"artifacts": [
        {"path": "web/fi/index.html", "sha256": "a1"},
        {"path": "scorm12/kurssi-fi-scorm12-1.0.0.zip", "sha256": "old"},
    ]}))
    return report


def test_changes_are_new_changed_or_unchanged_against_the_last_report(tmp_path: Path) -> None:
    changes = {a["path"]: a["change"] for a in with_changes(ARTIFACTS, _previous_report(tmp_path))}
    assert changes == {"web/fi/index.html": "unchanged",
                       "scorm12/kurssi-sv-scorm12-1.0.0.zip": "new",
                       "scorm12/kurssi-fi-scorm12-1.0.0.zip": "changed"}


def test_without_a_previous_report_everything_is_new(tmp_path: Path) -> None:
    (tmp_path / "build-report.json").write_text("{not json")
    assert {a["change"] for a in with_changes(ARTIFACTS, tmp_path / "build-report.json")} == {"new"}
    assert {a["change"] for a in with_changes(ARTIFACTS, tmp_path / "missing.json")} == {"new"}


def test_summary_table_snapshot(tmp_path: Path) -> None:
    artifacts = with_changes(ARTIFACTS, _previous_report(tmp_path))
    assert_snapshot("build_summary.txt", format_summary(artifacts, [WARNING], "dist") + "\n")


def test_summary_in_finnish(tmp_path: Path) -> None:
    artifacts = with_changes(ARTIFACTS, _previous_report(tmp_path))
    try:
        set_language("fi")
        text = format_summary(artifacts, [WARNING], "dist")
    finally:
        set_language("en")
    assert text.splitlines()[0].split() == ["tiedosto", "kieli", "koko", "muutos", "aika"]
    assert "3 tiedostoa (2.5 MiB) kansiossa dist: uusia 1, muuttuneita 1, ennallaan 1" in text
    assert "1 varoitus:" in text
    assert "ennallaan" in text and "muuttunut" in text


def test_plain_progress_prints_one_line_per_step_and_quiet_prints_nothing() -> None:
    events = [ProgressEvent("start", "web", "fi", total=2), ProgressEvent("advance", "web", "fi"),
              ProgressEvent("advance", "web", "fi"), ProgressEvent("done", "web", "fi")]
    for mode, expected in (("plain", "building web [fi]\nbuilt web [fi]: 2 files\n"), ("quiet", "")):
        stream = io.StringIO()
        with build_progress(mode, stream) as progress:
            for event in events:
                progress(event)
        assert stream.getvalue() == expected


def test_rich_progress_draws_a_bar_per_target_and_language() -> None:
    stream = _Terminal()
    with build_progress("rich", stream) as progress:
        for lang in ("fi", "sv"):
            progress(ProgressEvent("start", "scorm12", lang, total=1))
            progress(ProgressEvent("advance", "scorm12", lang))
            progress(ProgressEvent("done", "scorm12", lang))
    assert "scorm12 [fi]" in stream.getvalue() and "scorm12 [sv]" in stream.getvalue()
    assert "1/1" in stream.getvalue()


def test_mode_is_rich_on_a_terminal_plain_in_a_pipe_and_quiet_on_request() -> None:
    assert choose_mode(_Terminal(), quiet=False) == "rich"
    assert choose_mode(io.StringIO(), quiet=False) == "plain"
    assert choose_mode(_Terminal(), quiet=True) == "quiet"


def test_rich_summary_lists_every_artifact_and_the_warning(tmp_path: Path) -> None:
    stream = io.StringIO()
    print_summary(with_changes(ARTIFACTS, _previous_report(tmp_path)), [WARNING], "dist", "rich", stream)
    text = stream.getvalue()
    for artifact in ARTIFACTS:
        assert artifact["path"] in text
    assert "draft module left out" in text


def test_a_real_build_reports_progress_per_target_and_language_and_then_what_changed(
        mini_course: Path, tmp_path: Path) -> None:
    from lms_build.build import build
    from lms_build.ui.build_output import BuildProgress, artifacts_from_result

    out = tmp_path / "out"
    summaries = []
    for _run in range(2):
        stream = io.StringIO()
        with build_progress("plain", stream) as show:
            tracker = BuildProgress(show)
            result = build(mini_course, out, ["web"], None, progress=tracker)
            tracker.finish()
        artifacts = artifacts_from_result(result)
        summaries.append((stream.getvalue(), artifacts, format_summary(artifacts, result.warnings, out)))
    (progress, first, text), (_, second, _) = summaries
    assert progress.splitlines()[0] == "building web [fi]"
    assert f"built web [fi]: {sum(a['lang'] == 'fi' for a in first)} files" in progress
    assert "building web [sv]" in progress
    assert {a["change"] for a in first} == {"new"}
    assert {a["change"] for a in second} == {"unchanged"}
    assert "web/fi/index.html" in text and f"{len(first)} files" in text
