"""The `lms-build` command.

Each command imports only what it uses (the build pipeline, lxml, WeasyPrint…), so asking for
help or validating a course does not pay for every target."""

from __future__ import annotations

import json
import os
import re
import signal
import sys
import tomllib
import traceback
from pathlib import Path

import click

from . import __version__
from .diagnostics import CourseError, Diagnostic, summary, to_json

SCHEMA_KINDS = ("course", "glossary", "module", "page", "personas", "sources")

course_option = click.option(
    "-C", "--course", "course_dir", type=click.Path(file_okay=False, path_type=Path),
    default=Path("."), show_default=True, help="Course folder (the one holding course.toml).")


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
            click.echo("interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except Exception as error:  # the one place that catches everything
            if os.environ.get("LMS_BUILD_DEBUG"):
                raise
            click.echo(bug_message(error, ctx), err=True)
            ctx.exit(EXIT_BUG)
        return None


def bug_message(error: BaseException, ctx: click.Context) -> str:
    where = traceback.extract_tb(error.__traceback__)[-1] if error.__traceback__ else None
    origin = f" at {Path(where.filename).name}:{where.lineno}" if where else ""
    detail = " ".join(str(error).split())[:200]
    command = f"lms-build {ctx.invoked_subcommand or ''}"
    return (f"internal error in lms-build {__version__}: {type(error).__name__}{origin}: {detail}\n"
            "This is a bug in lms-build, not a problem in your course. Please report it to the "
            f"lms-build maintainers with the command you ran ({command.strip()}), this message "
            "and, if you can, the course files; LMS_BUILD_DEBUG=1 prints the full traceback.")


@click.group(cls=GuardedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lms-build")
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
            raise click.BadParameter(f"'{value}' is not an installed target; choose from "
                                     f"{', '.join(names)}", ctx=ctx, param=param)
    return values


@cli.command("build")
@course_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder [default: COURSE/dist].")
@click.option("--target", "targets", multiple=True, callback=_known_targets,
              help="Target to build (repeatable) [default: course.toml build.targets]; "
                   "built in: web, scorm12, scorm2004, pdf.")
@click.option("--lang", "languages", multiple=True, help="Language to build (repeatable).")
def build_command(course_dir: Path, out: Path | None, targets: tuple[str, ...],
                  languages: tuple[str, ...]) -> None:
    """Validate, then build the packages into the output folder."""
    from .build import UnknownLanguageError, build
    from .output import OutFolderNotAllowed, OutputError

    out = out or course_dir / "dist"
    try:
        result = build(course_dir, out, list(targets) or None, list(languages) or None,
                       progress=lambda made: click.echo(f"{'cached' if made.cached else 'built '} "
                                                        f"{made.job.path}", err=True))
    except UnknownLanguageError as error:
        raise click.BadParameter(str(error), param_hint="--lang") from None
    except OutFolderNotAllowed as error:
        raise click.BadParameter(str(error).removeprefix(f"--out {out}: "), param_hint="--out") from None
    except CourseError as error:
        _print_diagnostics(error.diagnostics, 0, "text")
        click.echo(f"build refused: the course has errors; nothing in {out} was changed", err=True)
        sys.exit(1)
    except OutputError as error:
        click.echo(f"error: {error}; nothing in {out} was changed", err=True)
        sys.exit(1)
    except OSError as error:
        click.echo(f"error: cannot write output: {error}; nothing in {out} was changed", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo(f"build interrupted; nothing in {out} was changed", err=True)
        sys.exit(130)
    for warning in result.warnings:
        click.echo(warning.format(), err=True)
    total = sum(p.size for p in result.made)
    changed = sum(change != "unchanged" for change in result.changes.values())
    click.echo(f"built {len(result.made)} files ({total / 1024:.0f} KiB, {changed} new or changed) "
               f"into {out} in {result.seconds:.1f} s; see {out / 'build-report.json'}")


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
        raise click.BadParameter("use lowercase ASCII letters, digits and single hyphens, "
                                 "e.g. 'remote-support'", param_hint="SLUG")
    from .load.files import UnsafeFile, read_bounded

    try:  # bounded and never from a FIFO or a link out of the course (it would block or leak)
        config = read_bounded(course_dir / CONFIG_FILE, course_dir).decode("utf-8")
        languages = tomllib.loads(config).get("languages")
    except (UnsafeFile, UnicodeDecodeError, ValueError, RecursionError):
        languages = None
    modules_dir = course_dir / MODULES_DIR
    modules_dir.mkdir(parents=True, exist_ok=True)
    if existing := sorted(modules_dir.glob(f"*-{slug}.yaml")):
        raise click.UsageError(f"{existing[0]} already exists")
    order = next_order(modules_dir)
    path = modules_dir / f"{order:02d}-{slug}.yaml"
    path.write_text(module_yaml(slug, order, languages or ["fi", "sv"]), encoding="utf-8")
    click.echo(f"created {path}")


@cli.command()
@click.argument("kind", type=click.Choice(SCHEMA_KINDS), default="module")
def schema(kind: str) -> None:
    """Print the JSON Schema of a source file kind (for editor completion and checks)."""
    from .model import CourseConfig, ExtraPage, GlossaryFile, Module, PersonaFile, SourceFile

    models = {"module": Module, "course": CourseConfig, "personas": PersonaFile,
              "glossary": GlossaryFile, "page": ExtraPage, "sources": SourceFile}
    document = models[kind].model_json_schema()
    document = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                "title": f"lms-build {kind}", **document}
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM cleans up like Ctrl-C: staging removed, output untouched


def main() -> None:
    """The console entry: the guarded command group, plus what happens around it (usage errors,
    interrupts outside a command, running out of memory)."""
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        code = cli.main(prog_name="lms-build", standalone_mode=False)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except (KeyboardInterrupt, click.Abort):
        click.echo("interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except MemoryError:  # raised where the group's own guard could not print
        sys.stderr.write(f"internal error in lms-build {__version__}: out of memory. "
                         "Please report it to the lms-build maintainers.\n")
        sys.exit(EXIT_BUG)
    # Without standalone mode click returns the code of ctx.exit() (the guard's 3 or 130).
    sys.exit(code if isinstance(code, int) else 0)
