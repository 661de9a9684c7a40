"""What `lms-build build` shows: progress per target and language while it works, then a summary
table (artifact, language, size, change since the last build, time) and the warnings at the end.

On a terminal the progress is drawn with rich; when the output is not a terminal (CI logs, pipes)
it is one plain line per step; `quiet` shows nothing. The build calls the progress callback with
`ProgressEvent`s and hands the summary a list of artifacts:

    {target, lang, path, bytes, sha256, change, seconds}

where `change` is "new", "changed" or "unchanged" compared with the previous build-report.json
(`with_changes()` fills it in) and `seconds` is the time spent producing it."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal

from ..diagnostics import Diagnostic
from ..i18n import _, ngettext

if TYPE_CHECKING:  # rich is imported only to draw on a terminal: logs and -q never pay for it
    from rich.progress import Progress

Change = Literal["new", "changed", "unchanged"]
Mode = Literal["rich", "plain", "quiet"]


@dataclass(frozen=True)
class ProgressEvent:
    """One step of a build: `start` when a target/language begins (with the number of files it
    will produce, 0 if unknown), `advance` after each file, `done` when it is finished."""

    stage: Literal["start", "advance", "done"]
    target: str
    lang: str
    total: int = 0
    path: str = ""  # the file just produced (advance)


ProgressCallback = Callable[[ProgressEvent], None]


def previous_hashes(report_path: Path) -> dict[str, str]:
    """path -> sha256 of every artifact of the last build (empty if there was none)."""
    try:
        report = json.loads(report_path.read_text(encoding="utf-8"))
        return {a["path"]: a["sha256"] for a in report.get("artifacts", [])}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def change_of(path: str, sha256: str, previous: Mapping[str, str]) -> Change:
    if path not in previous:
        return "new"
    return "unchanged" if previous[path] == sha256 else "changed"


def with_changes(artifacts: Iterable[Mapping[str, Any]], report_path: Path) -> list[dict[str, Any]]:
    """The artifacts with `change` filled in from the report of the last build. Call it before
    the new build-report.json replaces the old one."""
    previous = previous_hashes(report_path)
    return [{**a, "change": change_of(a["path"], a["sha256"], previous)} for a in artifacts]


def choose_mode(stream: IO[str], quiet: bool) -> Mode:
    if quiet:
        return "quiet"
    return "rich" if stream.isatty() else "plain"


@contextmanager
def build_progress(mode: Mode, stream: IO[str] | None = None) -> Iterator[ProgressCallback]:
    """A progress callback for the duration of a build."""
    stream = stream or sys.stderr
    if mode == "quiet":
        yield lambda _event: None
    elif mode == "plain":
        yield _plain_progress(stream)
    else:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=Console(file=stream), transient=False) as progress:
            yield _rich_progress(progress)


def _label(event: ProgressEvent) -> str:
    return f"{event.target} [{event.lang}]"


def _plain_progress(stream: IO[str]) -> ProgressCallback:
    counts: dict[str, int] = {}

    def report(event: ProgressEvent) -> None:
        label = _label(event)
        if event.stage == "start":
            counts[label] = 0
            print(_("building {what}").format(what=label), file=stream, flush=True)
        elif event.stage == "advance":
            counts[label] = counts.get(label, 0) + 1
        else:
            files = counts.get(label, 0)
            print(ngettext("built {what}: {count} file", "built {what}: {count} files", files)
                  .format(what=label, count=files), file=stream, flush=True)

    return report


def _rich_progress(progress: Progress) -> ProgressCallback:
    from rich.markup import escape

    tasks: dict[str, Any] = {}

    def report(event: ProgressEvent) -> None:
        label = _label(event)
        if event.stage == "start":
            tasks[label] = progress.add_task(escape(label), total=event.total or None)
        elif event.stage == "advance" and label in tasks:
            progress.advance(tasks[label])
        elif event.stage == "done" and label in tasks:
            task = progress.tasks[tasks[label]]
            progress.update(tasks[label], total=task.completed, completed=task.completed)

    return report


class BuildProgress:
    """Adapts the build's per-file progress callback (`lms_build.runner.Produced`, one per file
    made or taken from the cache) to events per target and language: `start` at a pair's first
    file, `advance` for each file; call `finish()` when the build returns (`done` for each pair).

        with build_progress(mode) as show:
            tracker = BuildProgress(show)
            result = build(..., progress=tracker)
            tracker.finish()
    """

    def __init__(self, callback: ProgressCallback):
        self.callback = callback
        self.started: list[tuple[str, str]] = []

    def __call__(self, made: Any) -> None:
        target, lang = made.job.path.split("/", 1)[0], made.job.lang
        if (target, lang) not in self.started:
            self.started.append((target, lang))
            self.callback(ProgressEvent("start", target, lang))
        self.callback(ProgressEvent("advance", target, lang, path=made.job.path))

    def finish(self) -> None:
        for target, lang in self.started:
            self.callback(ProgressEvent("done", target, lang))


def artifacts_from_result(result: Any) -> list[dict[str, Any]]:
    """This build's files from a `lms_build.build.BuildResult`, as the summary takes them."""
    target_of = {a.path: a.target for a in result.artifacts}
    return [{"target": target_of.get(p.job.path, p.job.path.split("/", 1)[0]), "lang": p.job.lang,
             "path": p.job.path, "bytes": p.size, "sha256": p.sha256,
             "change": result.changes.get(p.job.path, "new"), "seconds": p.seconds} for p in result.made]


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KiB"
    return f"{size / 1024 / 1024:.1f} MiB"


def _change_label(change: str) -> str:
    return {"new": _("new"), "changed": _("changed"), "unchanged": _("unchanged")}.get(change, change)


def summary_rows(artifacts: Iterable[Mapping[str, Any]]) -> list[list[str]]:
    rows = sorted(artifacts, key=lambda a: (a["target"], a["lang"], a["path"]))
    return [[a["path"], a["lang"], human_size(a["bytes"]), _change_label(a.get("change", "new")),
             f"{a.get('seconds', 0.0):.1f} s"] for a in rows]


def summary_header() -> list[str]:
    return [_("artifact"), _("language"), _("size"), _("change"), _("time")]


def totals_line(artifacts: list[Mapping[str, Any]], out: Path | str) -> str:
    counts = {change: sum(a.get("change") == change for a in artifacts) for change in ("new", "changed", "unchanged")}
    total = sum(a["bytes"] for a in artifacts)
    return _("{files} files ({size}) in {out}: {new} new, {changed} changed, {unchanged} unchanged").format(
        files=len(artifacts), size=human_size(total), out=out, **counts)


def format_summary(artifacts: list[Mapping[str, Any]], warnings: list[Diagnostic], out: Path | str) -> str:
    """The summary as plain text (for logs and files): a table, a totals line, then warnings."""
    header, rows = summary_header(), summary_rows(artifacts)
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    right = {2, 4}  # sizes and times line up on the right

    def line(cells: list[str]) -> str:
        return "  ".join(c.rjust(w) if i in right else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    lines = [line(header), "  ".join("-" * w for w in widths), *(line(r) for r in rows), "",
             totals_line(artifacts, out)]
    lines += _warning_lines(warnings)
    return "\n".join(lines)


def _warning_lines(warnings: list[Diagnostic]) -> list[str]:
    if not warnings:
        return []
    heading = ngettext("{count} warning:", "{count} warnings:", len(warnings)).format(count=len(warnings))
    return ["", heading, *(w.format() for w in warnings)]


def print_summary(artifacts: list[Mapping[str, Any]], warnings: list[Diagnostic], out: Path | str,
                  mode: Mode, stream: IO[str] | None = None) -> None:
    """Show the summary: a rich table on a terminal, plain text otherwise, nothing when quiet
    (warnings are still shown when quiet: they need the author's attention)."""
    stream = stream or sys.stdout
    if mode == "quiet":
        for line in _warning_lines(warnings)[1:]:
            print(line, file=sys.stderr)
        return
    if mode == "plain":
        print(format_summary(artifacts, warnings, out), file=stream)
        return
    from rich.console import Console
    from rich.table import Table

    console = Console(file=stream)
    table = Table(*summary_header(), show_edge=False)
    for column in (2, 4):
        table.columns[column].justify = "right"
    styles = {"new": "green", "changed": "yellow", "unchanged": "dim"}
    for artifact, row in zip(sorted(artifacts, key=lambda a: (a["target"], a["lang"], a["path"])),
                             summary_rows(artifacts), strict=True):
        table.add_row(*row, style=styles.get(artifact.get("change", ""), ""))
    console.print(table)
    console.print(totals_line(artifacts, out), markup=False, highlight=False)
    for line in _warning_lines(warnings):
        console.print(line, style="yellow" if line else "", markup=False, highlight=False)
