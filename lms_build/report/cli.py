"""`lms-build report`: learning analytics of the course from an LRS or a file of statements."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..i18n import _, ngettext


@click.command("report")
@click.option("-C", "--course", "course_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("."), show_default=True, help="Course folder (the one holding course.toml).")
@click.option("--from", "files", multiple=True, type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Read statements from JSON lines (repeatable), e.g. from `lms-build xapi simulate`.")
@click.option("--lrs", "endpoint", default=None, help="Read from this LRS endpoint, e.g. https://lrs.example.fi/xAPI/ "
              "(credentials from LMS_BUILD_LRS_USER / LMS_BUILD_LRS_PASSWORD, or asked for).")
@click.option("--server-filter/--no-server-filter", default=True, show_default=True,
              help="Ask the LRS for the course's activities only (turn off for an LRS whose filters are broken; "
                   "statements are filtered here anyway).")
@click.option("--lang", type=click.Choice(["fi", "sv"]), default="fi", show_default=True,
              help="Language of the report.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder [default: COURSE/dist/report]; the statement store is kept there.")
@click.option("--pdf/--no-pdf", default=True, show_default=True, help="Also write the report as PDF.")
def report(course_dir: Path, files: tuple[Path, ...], endpoint: str | None, server_filter: bool, lang: str,
           out: Path | None, pdf: bool) -> None:
    """Is the course working? Completion, drop-out, time, scores and every question, per language."""
    from ..cli_support import valid_course_or_exit
    from ..xapi.lrs_client import LRSError, basic_auth
    from .lrs import read_lrs
    from .metrics import figures, load_course_tables
    from .render import DASH, write_outputs
    from .store import STORE_NAME, Store

    course = valid_course_or_exit(course_dir, _("no report"))
    out = out or course_dir / "dist" / "report"
    out.mkdir(parents=True, exist_ok=True)
    iri_base = str(course.config.xapi_iri_base).rstrip("/")
    seen = {"n": 0}

    def progress(count: int) -> None:
        seen["n"] += count
        click.echo("\r" + ngettext("read {count} statement", "read {count} statements", seen["n"]).format(
            count=seen["n"]), err=True, nl=False)

    with Store(out / STORE_NAME) as store:
        for file in files:
            store.load_jsonl(file, iri_base, progress)
        if endpoint:
            user = os.environ.get("LMS_BUILD_LRS_USER") or click.prompt(_("LRS user"), err=True)
            password = os.environ.get("LMS_BUILD_LRS_PASSWORD") or click.prompt(_("LRS password"), hide_input=True,
                                                                                  err=True)
            try:
                read_lrs(store, endpoint, basic_auth(user, password), iri_base, server_filter=server_filter,
                         progress=progress)
            except LRSError as error:
                click.echo("\n" + _("error: {problem}; what was read so far is kept and the next run resumes").format(
                    problem=error), err=True)
                sys.exit(1)
        if seen["n"]:
            click.echo("", err=True)
        load_course_tables(store, course)
        sections = [figures(store, course, None), *(figures(store, course, code) for code in course.languages)]
        source = {"count": store.count(), "latest": store.latest_stored() or DASH}
    written = write_outputs(out, course, sections, lang, source, pdf=pdf)
    click.echo(ngettext("report of {count} statement: {files}", "report of {count} statements: {files}",
                        source["count"]).format(count=source["count"], files=", ".join(str(p) for p in written)))
