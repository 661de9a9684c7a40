"""The `lms-build` command."""

from __future__ import annotations

import json
import re
import sys
import tomllib
from pathlib import Path

import click

from . import __version__
from .build import UnknownLanguageError, build, validate_course
from .diagnostics import CourseError, Diagnostic, summary, to_json
from .inspect import format_json, format_text, inspect_zip
from .load import CONFIG_FILE, MODULES_DIR
from .model import SLUG_PATTERN, CourseConfig, ExtraPage, GlossaryFile, Module, PersonaFile
from .scaffold import module_yaml, next_order
from .stats import format_table
from .targets import EXPORTERS
from .xapi.cli import xapi

SCHEMAS = {"module": Module, "course": CourseConfig, "personas": PersonaFile,
           "glossary": GlossaryFile, "page": ExtraPage}

course_option = click.option(
    "-C", "--course", "course_dir", type=click.Path(file_okay=False, path_type=Path),
    default=Path("."), show_default=True, help="Course folder (the one holding course.toml).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
    course, diagnostics, files_checked = validate_course(course_dir)
    _print_diagnostics(diagnostics, files_checked, fmt)
    sys.exit(0 if course is not None else 1)


@cli.command("build")
@course_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder [default: COURSE/dist].")
@click.option("--target", "targets", multiple=True, type=click.Choice(sorted(EXPORTERS)),
              help="Target to build (repeatable) [default: course.toml build.targets].")
@click.option("--lang", "languages", multiple=True, help="Language to build (repeatable).")
def build_command(course_dir: Path, out: Path | None, targets: tuple[str, ...],
                  languages: tuple[str, ...]) -> None:
    """Validate, then build the packages into the output folder."""
    out = out or course_dir / "dist"
    try:
        artifacts, warnings = build(course_dir, out, list(targets) or None, list(languages) or None,
                                    progress=lambda step: click.echo(f"building {step}", err=True))
    except UnknownLanguageError as error:
        raise click.BadParameter(str(error), param_hint="--lang") from None
    except CourseError as error:
        _print_diagnostics(error.diagnostics, 0, "text")
        click.echo(f"build refused: the course has errors; nothing in {out} was changed", err=True)
        sys.exit(1)
    except OSError as error:
        click.echo(f"error: cannot write output: {error}", err=True)
        sys.exit(1)
    for warning in warnings:
        click.echo(warning.format(), err=True)
    total = sum(a.bytes for a in artifacts)
    click.echo(f"built {len(artifacts)} files ({total / 1024:.0f} KiB) into {out}; "
               f"see {out / 'build-report.json'}")


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
    if not re.match(SLUG_PATTERN, slug) or len(slug) > 64:
        raise click.BadParameter("use lowercase ASCII letters, digits and single hyphens, "
                                 "e.g. 'remote-support'", param_hint="SLUG")
    try:
        languages = tomllib.loads((course_dir / CONFIG_FILE).read_text("utf-8")).get("languages")
    except (OSError, tomllib.TOMLDecodeError):
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
@click.argument("kind", type=click.Choice(sorted(SCHEMAS)), default="module")
def schema(kind: str) -> None:
    """Print the JSON Schema of a source file kind (for editor completion and checks)."""
    document = SCHEMAS[kind].model_json_schema()
    document = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                "title": f"lms-build {kind}", **document}
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


cli.add_command(xapi)


def main() -> None:
    cli()
