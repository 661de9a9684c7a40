"""`lms-build xapi ...`: commands about xAPI output."""

from __future__ import annotations

import contextlib
import itertools
import json
import sys
import time
from pathlib import Path

import click

from ..i18n import _


@click.group("xapi")
def xapi() -> None:
    """xAPI tools: synthetic statement streams for load tests and analytics."""


@xapi.command("simulate")
@click.option("-C", "--course", "course_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("."), show_default=True, help="Course folder (the one holding course.toml).")
@click.option("--learners", type=click.IntRange(1, 1_000_000), required=True, help="Number of synthetic learners.")
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same statements.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write JSON lines here ('-' for standard output).")
@click.option("--lrs", "endpoint", default=None, help="Post to this LRS endpoint, e.g. https://lrs.example.fi/xAPI/")
@click.option("--user", envvar="LMS_BUILD_LRS_USER", default=None, help="LRS user [env LMS_BUILD_LRS_USER].")
@click.option("--password", envvar="LMS_BUILD_LRS_PASSWORD", default=None,
              help="LRS password [env LMS_BUILD_LRS_PASSWORD].")
@click.option("--batch-size", type=click.IntRange(1, 5000), default=500, show_default=True,
              help="Statements per POST.")
@click.option("--plant-hard", "hard", default=None, metavar="QUESTION",
              help="Plant a fact: this question is answered right by about 10 % of learners.")
@click.option("--plant-distractor", "distractor", default=None, metavar="QUESTION:OPTION",
              help="Plant a fact: this wrong option is chosen more often than the right one.")
@click.option("--plant-dropout", "dropout", default=None, metavar="MODULE",
              help="Plant a fact: about half of the learners stop after this module.")
def simulate_command(course_dir: Path, learners: int, seed: int, out: Path | None, endpoint: str | None,
                     user: str | None, password: str | None, batch_size: int, hard: str | None,
                     distractor: str | None, dropout: str | None) -> None:
    """Statements of N synthetic learners taking the course (validated), as JSON lines or posted to an LRS."""
    from ..cli_support import valid_course_or_exit
    from .lrs_client import LRSError, basic_auth, post_statements  # here: urllib costs every command time
    from .simulate import simulate

    if (out is None) == (endpoint is None):
        raise click.UsageError(_("give exactly one of --out FILE and --lrs URL"))
    if endpoint and not (user and password):
        raise click.UsageError(_("--lrs needs --user and --password (or LMS_BUILD_LRS_USER/_PASSWORD)"))
    course = valid_course_or_exit(course_dir, _("nothing simulated"))
    plants = _plants(course, hard, distractor, dropout)
    stream = simulate(course, learners, seed, plants)
    if out is not None:
        to_stdout = str(out) == "-"
        count = 0
        with contextlib.nullcontext(sys.stdout) if to_stdout else out.open("w", encoding="utf-8",
                                                                           newline="\n") as handle:
            for statement in stream:
                handle.write(json.dumps(statement, ensure_ascii=False, separators=(",", ":")) + "\n")
                count += 1
        click.echo(_("wrote {count} statements of {learners} learners to {out}").format(
            count=count, learners=learners, out=out), err=True)
        return
    authorization = basic_auth(user, password)
    posted, started = 0, time.perf_counter()
    with click.progressbar(length=learners, label=_("posting"), file=sys.stderr,
                           show_pos=True) as bar:
        iterator = iter(stream)
        seen_learners: set[str] = set()
        while batch := list(itertools.islice(iterator, batch_size)):
            try:
                post_statements(endpoint, authorization, batch)
            except LRSError as error:
                click.echo("\n" + _("error: {problem} ({count} statements posted before)").format(
                    problem=error, count=posted), err=True)
                sys.exit(1)
            posted += len(batch)
            before = len(seen_learners)
            seen_learners.update(s["actor"]["account"]["name"] for s in batch)
            bar.update(len(seen_learners) - before)
    seconds = time.perf_counter() - started
    click.echo(_("posted {count} statements of {learners} learners in {seconds} s "
                 "({rate} statements/s)").format(count=posted, learners=learners, seconds=f"{seconds:.1f}",
                                                 rate=f"{posted / seconds:.0f}"), err=True)


def _plants(course, hard: str | None, distractor: str | None, dropout: str | None):
    """The planted facts, each checked against the course so a typo is a clear usage error."""
    from ..resolve import questions
    from .simulate import Plants

    known = {q.id: q for m in course.modules for q in questions(m)}
    if hard is not None and hard not in known:
        raise click.BadParameter(_("no question '{id}' in the course").format(id=hard), param_hint="--plant-hard")
    pair = None
    if distractor is not None:
        question, _colon, option = distractor.partition(":")
        choices = getattr(known.get(question), "options", None) or getattr(known.get(question), "choices", None)
        if not choices or option not in {o.id for o in choices}:
            raise click.BadParameter(_("'{value}' is not QUESTION:OPTION of a choice question").format(
                value=distractor),
                                     param_hint="--plant-distractor")
        pair = (question, option)
    if dropout is not None and dropout not in {m.id for m in course.modules}:
        raise click.BadParameter(_("no module '{id}' in the course").format(id=dropout), param_hint="--plant-dropout")
    return Plants(hard, pair, dropout)
