"""The `lms-build` command.

Each command imports only what it uses (the build pipeline, lxml, WeasyPrint…), so asking for
help or validating a course does not pay for every target."""

from __future__ import annotations

import json
import os
import re
import signal
import sys
import threading
import traceback
from pathlib import Path

import click

from . import __version__
from .course_root import find_course_root
from .diagnostics import CourseError, Diagnostic, summary, to_json
from .i18n import UI_LANGUAGES, _, set_language
from .interrupts import INTERRUPTED
from .report.cli import report
from .xapi.cli import xapi

SCHEMA_KINDS = ("course", "glossary", "module", "page", "personas", "sources")
#: `preview --as` choices (lms_build.preview.PREVIEW_KINDS, not imported here: it pulls in the player).
PREVIEW_KINDS = ("cmi5", "scorm12", "scorm2004", "web")


class QuestionTypeChoice(click.Choice):
    """The question types of lms_build.questions, read from its registry only when a command
    needs them (the registry imports the course model, which `lms-build --help` should not)."""

    def __init__(self) -> None:
        super().__init__(())

    @property
    def choices(self) -> tuple[str, ...]:  # type: ignore[override]
        from .questions import QUESTION_TYPES

        return tuple(QUESTION_TYPES)

    @choices.setter
    def choices(self, _value: object) -> None:
        """click.Choice sets its choices on creation; these come from the registry instead."""


def _course_dir(_ctx: click.Context, _param: click.Parameter, value: Path | None) -> Path:
    """-C wins; otherwise the nearest folder holding course.toml, from here upwards (like git).
    With none found, the current folder: validation then says that course.toml is missing."""
    if value is not None:
        return value
    return find_course_root(Path.cwd()) or Path(".")


course_option = click.option(
    "-C", "--course", "course_dir", type=click.Path(file_okay=False, path_type=Path),
    default=None, callback=_course_dir,
    help="Course folder (the one holding course.toml) [default: found from here upwards].")


def _ui_language(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str:
    return set_language(value)


#: Exit codes: 0 fine, 1 the course (or package) has errors, 2 usage error, 3 a bug in lms-build.
EXIT_BUG = 3
EXIT_INTERRUPTED = 130


class GuardedGroup(click.Group):
    """Turns an unexpected exception into a short message and exit code 3, never a traceback.

    Exit 1 means "your course has errors", so a crash must not use it: an author would look for a
    mistake in the course that is not there. LMS_BUILD_DEBUG=1 shows the traceback instead."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo(_("interrupted"), err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except Exception as error:  # the one place that catches everything
            if os.environ.get("LMS_BUILD_DEBUG"):
                raise
            click.echo(bug_message(error, ctx), err=True)
            ctx.exit(EXIT_BUG)
        return None


def bug_message(error: BaseException, ctx: click.Context) -> str:
    where = traceback.extract_tb(error.__traceback__)[-1] if error.__traceback__ else None
    detail = " ".join(str(error).split())[:200]
    command = f"lms-build {ctx.invoked_subcommand or ''}"
    place = f"{Path(where.filename).name}:{where.lineno}" if where else "?"
    return (_("internal error in lms-build {version}: {error} at {place}: {detail}").format(
                version=__version__, error=type(error).__name__, place=place, detail=detail) + "\n"
            + _("This is a bug in lms-build, not a problem in your course. Please report it to the "
                "lms-build maintainers with the command you ran ({command}), this message "
                "and, if you can, the course files; LMS_BUILD_DEBUG=1 prints the full traceback.").format(
                    command=command.strip()))


@click.group(cls=GuardedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lms-build")
@click.option("--ui-lang", type=click.Choice(UI_LANGUAGES), default=None, callback=_ui_language,
              is_eager=True, expose_value=False,
              help="Language of messages [default: from LC_ALL / LC_MESSAGES / LANG, else en].")
def cli() -> None:
    """Compile a YAML course into SCORM, xAPI, PDF and web packages."""


def _print_diagnostics(diagnostics: list[Diagnostic], files_checked: int, fmt: str) -> None:
    if fmt == "json":
        click.echo(to_json(diagnostics))
        return
    for diagnostic in diagnostics:
        click.echo(diagnostic.format())
    click.echo(summary(diagnostics, files_checked), err=True)


@cli.command()
@course_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="json: a list of {file, line, column, code, message}.")
def validate(course_dir: Path, fmt: str) -> None:
    """Check course.toml, course_src/ and modules/*.yaml; print every problem."""
    from .build import validate_course

    course, diagnostics, files_checked = validate_course(course_dir)
    _print_diagnostics(diagnostics, files_checked, fmt)
    sys.exit(0 if course is not None else 1)


def _known_targets(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    """Targets are plugins: the list of names is read when --target is used, not at import."""
    from .targets import target_names

    names = target_names()
    for value in values:
        if value not in names:
            raise click.BadParameter(_("'{value}' is not an installed target; choose from {names}").format(
                value=value, names=", ".join(names)), ctx=ctx, param=param)
    return values


@cli.command("build")
@course_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder [default: COURSE/dist].")
@click.option("--target", "targets", multiple=True, callback=_known_targets,
              help="Target to build (repeatable) [default: course.toml build.targets]; "
                   "built in: web, scorm12, scorm2004, pdf.")
@click.option("--lang", "languages", multiple=True, help="Language to build (repeatable).")
@click.option("--drafts", is_flag=True, help="Also build modules marked draft: true (left out by default).")
@click.option("-q", "--quiet", is_flag=True, help="No progress and no summary; errors and warnings only.")
def build_command(course_dir: Path, out: Path | None, targets: tuple[str, ...],
                  languages: tuple[str, ...], drafts: bool, quiet: bool) -> None:
    """Validate, then build the packages into the output folder."""
    from .build import UnknownLanguageError, build
    from .output import OutFolderNotAllowed, OutputError
    from .ui.build_output import BuildProgress, artifacts_from_result, build_progress, choose_mode, print_summary

    out = out or course_dir / "dist"
    mode = choose_mode(sys.stderr, quiet)
    try:
        with build_progress(mode) as show:
            tracker = BuildProgress(show)
            result = build(course_dir, out, list(targets) or None, list(languages) or None,
                           progress=tracker, include_drafts=drafts)
            tracker.finish()
    except UnknownLanguageError as error:
        raise click.BadParameter(str(error), param_hint="--lang") from None
    except OutFolderNotAllowed as error:
        raise click.BadParameter(str(error).removeprefix(f"--out {out}: "), param_hint="--out") from None
    except CourseError as error:
        _print_diagnostics(error.diagnostics, 0, "text")
        click.echo(_("build refused: the course has errors; nothing in {out} was changed").format(out=out),
                   err=True)
        sys.exit(1)
    except OutputError as error:
        click.echo(_("error: {problem}; nothing in {out} was changed").format(problem=error, out=out), err=True)
        sys.exit(1)
    except OSError as error:
        click.echo(_("error: cannot write output: {problem}; nothing in {out} was changed").format(
            problem=error, out=out), err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo(_("build interrupted; nothing in {out} was changed").format(out=out), err=True)
        sys.exit(130)
    print_summary(artifacts_from_result(result), result.warnings, out, mode)


@cli.command("inspect")
@click.argument("packages", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help='json: {"ok": ..., "packages": [report, ...]}.')
@click.option("--schemas", "schemas_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Folder of the official XSDs [default: $LMS_BUILD_SCHEMAS or "
                                 "../shared/schemas].")
def inspect_command(packages: tuple[Path, ...], fmt: str, schemas_dir: Path | None) -> None:
    """Check SCORM zips as an LMS would, without extracting them: exit 1 if any has errors."""
    from .inspect import format_json, format_text, inspect_zip

    reports = [inspect_zip(package, schemas_dir) for package in packages]
    if fmt == "json":
        click.echo(format_json(reports))
    else:
        click.echo("\n\n".join(format_text(report) for report in reports))
    sys.exit(1 if any(report.errors for report in reports) else 0)


@cli.command()
@course_option
def stats(course_dir: Path) -> None:
    """Print a table of modules: pages, questions by type, minutes, words per language."""
    from .build import validate_course
    from .stats import format_table

    course, diagnostics, files_checked = validate_course(course_dir)
    if course is None:
        _print_diagnostics(diagnostics, files_checked, "text")
        sys.exit(1)
    click.echo(format_table(course))


@cli.command()
@course_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="json: {course, languages, modules: [...], totals, unreadable}.")
def status(course_dir: Path, fmt: str) -> None:
    """Per module and language: pages, questions, words, reading time, missing translations, drafts."""
    from .load import load_course
    from .stats import course_status, format_status

    sources, _problems = load_course(course_dir)
    if sources.config is None and not sources.modules:
        click.echo(_("error: no course here: course.toml not found in {folder} or above").format(
            folder=Path.cwd()), err=True)
        sys.exit(1)
    report = course_status(sources)
    if fmt == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        click.echo(format_status(report))


@cli.group()
def new() -> None:
    """Create source files from templates."""


@new.command("module")
@course_option
@click.argument("slug")
def new_module(course_dir: Path, slug: str) -> None:
    """Scaffold modules/NN-SLUG.yaml with every field present and commented."""
    from .load import CONFIG_FILE, MODULES_DIR
    from .model import SLUG_PATTERN
    from .scaffold import module_yaml, next_order

    if not re.match(SLUG_PATTERN, slug) or len(slug) > 64:
        raise click.BadParameter(_("use lowercase ASCII letters, digits and single hyphens, "
                                   "e.g. 'remote-support'"), param_hint="SLUG")
    import tomllib

    from .load.files import UnsafeFile, read_bounded

    try:  # bounded and never from a FIFO or a link out of the course (it would block or leak)
        config = read_bounded(course_dir / CONFIG_FILE, course_dir).decode("utf-8")
        languages = tomllib.loads(config).get("languages")
    except (UnsafeFile, UnicodeDecodeError, ValueError, RecursionError):
        languages = None
    modules_dir = course_dir / MODULES_DIR
    modules_dir.mkdir(parents=True, exist_ok=True)
    if existing := sorted(modules_dir.glob(f"*-{slug}.yaml")):
        raise click.UsageError(_("{path} already exists").format(path=existing[0]))
    order = next_order(modules_dir)
    path = modules_dir / f"{order:02d}-{slug}.yaml"
    path.write_text(module_yaml(slug, order, languages or ["fi", "sv"]), encoding="utf-8")
    click.echo(_("created {path}").format(path=path))
    _warn_if_after_assessment(course_dir, order)


def _warn_if_after_assessment(course_dir: Path, order: int) -> None:
    """A new module takes the next free order, which is after the final exam in most courses."""
    from .load import load_course

    sources, _problems = load_course(course_dir)
    exams = [m for m in sources.modules if m.model.kind == "assessment" and m.model.order < order]
    if exams:
        click.echo(_("warning: the new module comes after the assessment {file}: learners would meet it "
                     "after the final exam; give it a smaller order (and rename the file) or renumber "
                     "the assessment").format(file=exams[0].doc.rel_path), err=True)


@new.command("question")
@course_option
@click.option("--type", "question_type", required=True,
              type=QuestionTypeChoice(), help="Question type.")
@click.option("--id", "question_id", default=None, help="Question id [default: new-TYPE].")
def new_question(course_dir: Path, question_type: str, question_id: str | None) -> None:
    """Print a commented question skeleton to paste under a quiz's `questions:`."""
    from .model import SLUG_PATTERN
    from .scaffold import question_yaml

    question_id = question_id or f"new-{question_type}"
    if not re.match(SLUG_PATTERN, question_id):
        raise click.BadParameter(_("use lowercase ASCII letters, digits and single hyphens"),
                                 param_hint="--id")
    click.echo(question_yaml(question_type, question_id, _course_languages(course_dir)), nl=False)


def _course_languages(course_dir: Path) -> list[str]:
    import tomllib

    try:
        languages = tomllib.loads((course_dir / "course.toml").read_text("utf-8")).get("languages")
    except (OSError, tomllib.TOMLDecodeError):
        languages = None
    return languages if isinstance(languages, list) and languages else ["fi", "sv"]


@cli.command()
@click.argument("kind", type=click.Choice(SCHEMA_KINDS), required=False)
@course_option
@click.option("--write", is_flag=True,
              help="Write every kind into COURSE/.schemas/KIND.schema.json instead of printing one.")
def schema(kind: str | None, course_dir: Path, write: bool) -> None:
    """Print the JSON Schema of a source file kind (for editor completion and checks)."""
    from .editor_schemas import SCHEMA_DIR, schema_text, write_schemas

    if write:
        for path in write_schemas(course_dir / SCHEMA_DIR):
            click.echo(_("wrote {path}").format(path=_shown(path)))
        return
    click.echo(schema_text(kind or "module"), nl=False)


def _shown(path: Path) -> Path:
    """A path as the author would type it: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


@cli.command()
@course_option
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
@click.option("--lang", default=None, help="Course language to show [default: the course's first].")
@click.option("--as", "kind", type=click.Choice(PREVIEW_KINDS), default="scorm12", show_default=True,
              help="Which LMS to simulate (web: none, progress kept in the browser; cmi5: the project's "
                   "cmi5 launcher with an LRS in memory).")
def preview(course_dir: Path, port: int, lang: str | None, kind: str) -> None:
    """Serve the course under a simulated LMS; every save updates the open page."""
    from .preview import PreviewServer

    try:
        server = PreviewServer(course_dir, port=port, lang=lang, kind=kind)
    except OSError as error:
        click.echo(_("error: cannot listen on 127.0.0.1:{port} ({reason}); is another preview running? "
                     "Choose another port with --port, or --port 0 for any free one").format(
                         port=port, reason=error.strerror or error), err=True)
        sys.exit(2)
    with server:
        try:  # Ctrl+C right after the first line stops the preview as well as any later one
            click.echo(_("Preview of {course} at {url} (Ctrl+C stops it)").format(
                course=server.root, url=server.url))
            for line in server.snapshot.errors:
                click.echo(line, err=True)
            idle = threading.Event()
            # Short waits: Ctrl+C may reach another thread (the file watcher's), and the main
            # thread notices it only when it wakes; an endless wait() would never stop.
            while not idle.wait(0.25):
                pass
        except KeyboardInterrupt:
            click.echo(_("preview stopped"), err=True)


def _interrupt(signum: int, frame: object) -> None:
    """Ctrl-C and SIGTERM: the build cleans up (staging removed, output untouched)."""
    INTERRUPTED.set()  # in case C code swallows the exception below (see interrupts.py)
    raise KeyboardInterrupt


cli.add_command(xapi)
cli.add_command(report)


def main() -> None:
    """The console entry: the guarded command group, plus what happens around it (usage errors,
    interrupts outside a command, running out of memory)."""
    signal.signal(signal.SIGTERM, _interrupt)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not when started ignoring it
        signal.signal(signal.SIGINT, _interrupt)
    try:
        code = cli.main(prog_name="lms-build", standalone_mode=False)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except (KeyboardInterrupt, click.Abort):
        click.echo(_("interrupted"), err=True)
        sys.exit(EXIT_INTERRUPTED)
    except MemoryError:  # raised where the group's own guard could not print
        # In English: looking a translation up needs memory, which has just run out.
        sys.stderr.write(f"internal error in lms-build {__version__}: out of memory. "
                         "Please report it to the lms-build maintainers.\n")
        sys.exit(EXIT_BUG)
    # Without standalone mode click returns the code of ctx.exit() (the guard's 3 or 130).
    sys.exit(code if isinstance(code, int) else 0)
