"""Real runs that make lms-build say every message of its Finnish catalogue, in Finnish.

Each scenario breaks a course (or an output folder, an LRS address, a package…) the way an
author or an administrator could, and runs the real command or pipeline with Finnish messages.
`run_all` returns what was printed and which catalogue messages were looked up on the way
(through a recording wrapper around the catalogue: nothing is answered for the code). Runs that
must happen in another process (a signal, a missing library, another user) check their own
output and name the messages they proved."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import threading
import urllib.error
import urllib.request
import warnings
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml
from click.testing import CliRunner

import lms_build.i18n as i18n
from lms_build.cli import cli
from lms_build.load import _parse_and_validate, yaml_source
from tests.conftest import MINI_COURSE, REPO

Message = str | tuple[str, ...]
CATALOGUE_ENV = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


class _Recording:
    """The Finnish catalogue, noting every message asked of it."""

    def __init__(self, inner, used: set[Message]):
        self.inner, self.used = inner, used

    def gettext(self, message: str) -> str:
        self.used.add(message)
        return self.inner.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        self.used.add((singular, plural))
        return self.inner.ngettext(singular, plural, count)


def fragments(translation: str) -> list[str]:
    """The fixed parts of a translation (between its {placeholders}) that must show in output."""
    return [part.strip() for part in re.split(r"\{\w+\}", translation) if len(part.strip()) >= 2]


@dataclasses.dataclass
class Runs:
    used: set[Message] = dataclasses.field(default_factory=set)
    proved: set[Message] = dataclasses.field(default_factory=set)  # checked in another process
    outputs: list[str] = dataclasses.field(default_factory=list)

    @property
    def output(self) -> str:
        return "\n".join(self.outputs)


class Scenarios:
    def __init__(self, tmp: Path, catalogue: dict[Message, Message]):
        self.tmp, self.catalogue, self.runs = tmp, catalogue, Runs()

    # --- helpers ---------------------------------------------------------------------------------

    def course(self, name: str) -> Path:
        target = self.tmp / name
        shutil.copytree(MINI_COURSE, target)
        return target

    def cli(self, *args: str | Path, input: str | None = None) -> str:
        result = CliRunner().invoke(cli, ["--ui-lang", "fi", *map(str, args)], input=input)
        i18n.set_language("en")
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        self.runs.outputs.append(result.output)
        return result.output

    def finnish(self, call: Callable[[], object]) -> object:
        """Run `call` with Finnish messages and keep its result's text."""
        i18n.set_language("fi")
        try:
            value = call()
        finally:
            i18n.set_language("en")
        self.runs.outputs.append(str(value))
        return value

    def process(self, args: list[str], proves: list[Message], env: dict[str, str] | None = None,
                cwd: Path = REPO) -> str:
        """Another process (python -m lms_build …, Finnish by its locale) whose output must hold
        the Finnish text of every message in `proves`."""
        completed = subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True,
                                   env={**_finnish_environment(), **(env or {})}, timeout=300, check=False)
        output = completed.stdout + completed.stderr
        self.prove(output, proves)
        return output

    def prove(self, output: str, proves: list[Message]) -> None:
        for message in proves:
            translation = self.catalogue[message]
            forms = [translation] if isinstance(translation, str) else list(translation)
            assert any(all(part in output for part in fragments(form)) for form in forms), (
                f"{message!r} not in Finnish in:\n{output}")
            self.runs.proved.add(message)

    # --- scenarios -------------------------------------------------------------------------------

    def run_all(self) -> Runs:
        original = i18n.translations
        _parse_and_validate.cache_clear()  # a cached parse would not ask for its messages again
        i18n.translations = lambda lang: _Recording(original(lang), self.runs.used)  # type: ignore[assignment]
        try:
            for scenario in (self.broken_files, self.broken_references, self.broken_settings,
                             self.unsafe_files, self.course_src_outside, self.toml_problems,
                             self.no_course, self.commands, self.build_refusals, self.targets,
                             self.state_limits, self.drafts_and_order, self.preview, self.xapi_and_report,
                             self.inspect_packages):
                scenario()
        finally:
            i18n.translations = original  # type: ignore[assignment]
        self.in_other_processes()
        return self.runs

    def broken_files(self) -> None:
        """One file for each way a YAML file can fail to load, all in one course."""
        course = self.course("broken-files")
        modules = course / "modules"
        files = {
            "10-sarkain.yaml": "id: sarkain\n\torder: 10\n",
            "11-kaksi.yaml": "id: kaksi\n---\nid: kolme\n",
            "12-viittaus.yaml": "id: viittaus\ntitle: *puuttuva\n",
            "13-yhdista.yaml": "base: &b {order: 13}\nkopio:\n  <<: *b\n",
            "14-avain.yaml": "? [a, b]\n: arvo\n",
            "15-syva.yaml": "id: " + "[" * 70 + "]" * 70 + "\n",
            "16-paisuu.yaml": "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
                f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join([f'*{chr(97 + n)}'] * 10)}]\n" for n in range(7)),
            "17-kahdesti.yaml": "id: kahdesti\nid: taas\n",
            "18-tagi.yaml": "id: !!python/object:os.system x\n",
            "19-luku.yaml": "order: " + "9" * 70 + "\n",
            "20-arvo.yaml": "order: !!int kymmenen\n",
            "21-merkki.yaml": "id: a\x01b\n",
            "22-lainaus.yaml": 'id: "avoin\norder: 1\n',
            "23-sulku.yaml": 'title: {fi: "a", sv: "b"\norder: 1\n',
            "24-kaksoispiste.yaml": "id: a: b\n",
            "25-sisennys.yaml": "id: a\n  order: 1\n title: x\n",
            "26-luettelo.yaml": "objectives:\n  - id: a\n - id: b\n",
            "27-puuttuu.yaml": "id: a\norder 1\ntitle: x\n",
            "28-alias.yaml": "id: [*x]\n",
            "29-loppu.yaml": "id: 'auki",
            "30-tyhja.yaml": "",
            "31-luettelo.yaml": "- a\n- b\n",
            "32-nul.yaml": "id: a\x00\n",
            "34-kentat.yaml": ("id: kentat\norder: x34\ndraft: kylla\nestimated_minutes: 1.5\n"
                               "title: [a]\nsummary: 5\nsumary: x\nbogus: 1\n1: x\nnull: y\nobjectives: {a: 1}\n"
                               "pages: []\nkind: koe\n"),
            "35-tyypit.yaml": ("id: Tyypit\norder: 35\ntitle: {fi: a, sv: b}\nsummary: {fi: a, sv: b}\n"
                               "estimated_minutes: 1\nobjectives: []\npages:\n  - id: p35\n"
                               "    title: {fi: a, sv: b}\n    blocks:\n      - type: txt\n"
                               "      - body: {fi: a, sv: b}\n      - type: text\n        body: ~\n"
                               "      - type: quiz\n        id: q35\n        questions:\n"
                               "          - {id: q35a, type: true-false, weight: paljon, correct: true,\n"
                               "             prompt: {fi: a, sv: b}}\n"),
            "36-todo.yaml": None,
            "39-merkki.yaml": "id: @x\n",
            "39-puute.yaml": "id: 5\n",
        }
        for name, text in files.items():
            if text is not None:
                (modules / name).write_text(text, encoding="utf-8")
        (modules / "33-koodaus.yaml").write_bytes(b"id: \xff\xfe\n")
        (modules / "37-vanha.yml").write_text("id: vanha\n")
        (modules / "38-iso.YAML").write_text("id: iso\n")
        lesson = (modules / "01-perusteet.yaml").read_text()
        (modules / "36-todo.yaml").write_text(
            lesson.replace("id: perusteet", "id: todo").replace("order: 1", "order: 36")
            .replace('sv: "Grunderna"', 'sv: "TODO"').replace("perusteet-", "todo-")
            .replace("title: {fi: \"Perusteet\"", "title: {fi: \"\""), encoding="utf-8")
        self.cli("validate", "-C", course)
        for path in modules.glob("[1-3]*.yaml"):
            path.unlink()
        (modules / "10-sisennys.yaml").write_text("id: a\ntitle:\n    fi: a\n  sv: b\n")
        pure_python = yaml_source._Parser
        yaml_source._Parser = yaml.SafeLoader  # PyYAML without libyaml: its own parser's messages
        try:
            self.cli("validate", "-C", course)
        finally:
            yaml_source._Parser = pure_python

    def broken_references(self) -> None:
        """A course whose files load but do not fit together."""
        course = self.course("broken-references")
        src = course / "course_src"
        (src / "assets" / "Iso.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
        (src / "assets" / "kansio.svg").mkdir()
        (self.tmp / "ulkona.svg").write_text("<svg/>")
        (src / "assets" / "ulos.svg").symlink_to(self.tmp / "ulkona.svg")
        with open(src / "assets" / "iso.svg", "wb") as handle:
            handle.truncate(33 << 20)  # sparse: past the 32 MiB limit without writing it
        personas = (src / "personas.yaml").read_text()
        (src / "personas.yaml").write_text(
            personas + "  - id: lotta\n    name: Lotta\n    role: {fi: a, sv: b}\n    description: {fi: a, sv: b}\n"
            "  - id: pekka\n    name: Pekka\n    image: assets/map.svg\n    source: gullman-2023\n"
            "    role: {fi: a, sv: b}\n    description: {fi: a, sv: b}\n")
        sources = (src / "sources.yaml").read_text()
        (src / "sources.yaml").write_text(sources + sources.split("\n", 1)[1])
        (src / "pages" / "kopio.yaml").write_text(
            "id: perusteet-johdanto\ntitle: {fi: a, sv: b}\nblocks:\n  - type: text\n"
            "    body: {fi: 'Ota yhteyttä {{accessibility.contact_email}}', sv: b}\n")
        (src / "pages" / "main.yaml").write_text("id: main\ntitle: {fi: a, sv: b}\n"
                                                  "blocks: [{type: text, body: {fi: a, sv: b}}]\n")
        config = course / "course.toml"
        config.write_text(config.read_text().replace('targets = ["web"]', 'targets = ["web", "tinkan"]')
                          .replace('fi = "Pieni testikurssi"', 'fi = "Pieni testikurssi"\nxx = "x"')
                          + "\n[assessment]\ndraw = 99\n")
        q = ("            feedback: {correct: {fi: k, sv: k}, incorrect: {fi: e, sv: e}}\n")
        (course / "modules" / "03-rikki.yaml").write_text(
            "id: rikki\norder: 3\ntitle: {fi: 'Rikki', sv: 'Trasig'}\nsummary: {fi: a, sv: b}\n"
            "estimated_minutes: 1\nsources: [gullman-2023]\nassessment: {draw: 1}\n"
            "objectives:\n  - id: rikki-tavoite\n    taught_in: [perusteetx]\n    text: {fi: a, sv: b}\n"
            "pages:\n"
            "  - id: rikki-a\n    title: {fi: a, sv: b}\n    blocks:\n"
            "      - type: text\n        body: {fi: 'Tämä on <b>lihava</b> ja ![kuva](https://x.fi/k.png)', "
            "sv: \"kello\\a\"}\n"
            "      - type: persona\n        persona: lotu\n        situation: {fi: a, sv: b}\n"
            "        question: {fi: a, sv: b}\n"
            "      - type: glossary\n        terms: [zzz]\n"
            "      - type: image\n        src: /kuva.png\n"
            "      - type: image\n        src: https://x.fi/k.png\n        decorative: true\n"
            "        alt: {fi: a, sv: b}\n"
            + "".join(f"      - type: image\n        src: {src_}\n        decorative: true\n" for src_ in (
                "../k.png", "./assets/map.svg", "assets/k.txt", "assets/k", "assets/puuttuu.png",
                "assets/ulos.svg", "assets/kansio.svg", "assets/iso.svg", "assets/Iso.svg"))
            + "      - type: checklist\n        id: rikki-lista\n        title: {fi: a, sv: b}\n"
            "        items: [{fi: a, sv: b}]\n"
            "  - id: rikki-a-title\n    title: {fi: a, sv: b}\n    blocks: [{type: text, body: {fi: a, sv: b}}]\n"
            "  - id: rikki-lista-title\n    title: {fi: a, sv: b}\n    blocks: [{type: text, body: {fi: a, sv: b}}]\n"
            "  - id: rikki-lista-1\n    title: {fi: a, sv: b}\n    blocks: [{type: text, body: {fi: a, sv: b}}]\n"
            "  - id: q-rikki-q1\n    title: {fi: a, sv: b}\n    blocks: [{type: text, body: {fi: a, sv: b}}]\n"
            "  - id: rikki-quiz\n    title: {fi: a, sv: b}\n    blocks:\n"
            "      - type: quiz\n        id: rikki-quiz\n        questions:\n"
            "          - id: rikki-q1\n            type: multiple-choice\n            objective: eiole\n"
            "            prompt: {fi: a, sv: b}\n            options:\n"
            "              - {id: a, text: {fi: a, sv: b}}\n              - {id: a, text: {fi: a, sv: b}}\n"
            "            correct: [a, a, c]\n" + q +
            "          - id: rikki-q2\n            type: scenario\n            persona: lotta\n"
            "            situation: {fi: a, sv: b}\n"
            "            prompt: {fi: a, sv: b}\n            choices:\n"
            "              - {id: a, text: {fi: a, sv: b}}\n              - {id: b, text: {fi: a, sv: b}}\n"
            "            correct: [a, b]\n" + q +
            "          - id: rikki-q3\n            type: matching\n            prompt: {fi: a, sv: b}\n"
            "            pairs:\n              - {id: a, prompt: {fi: a, sv: b}, match: {fi: x, sv: y}}\n"
            "              - {id: b, prompt: {fi: c, sv: d}, match: {fi: x, sv: y}}\n" + q +
            "          - id: rikki-q4\n            type: short-text\n            prompt: {fi: a, sv: b}\n"
            "            accepted: {fi: [' ', 'a<b'], sv: [x]}\n" + q, encoding="utf-8")
        (course / "modules" / "04-toinen.yaml").write_text(
            "id: toinen\norder: 3\nkind: assessment\ntitle: {fi: a, sv: b}\nsummary: {fi: a}\n"
            "estimated_minutes: 1\nobjectives: [{id: toinen-o, text: {fi: a, sv: b}}]\npages:\n"
            "  - id: toinen-p\n    title: {fi: a, sv: b}\n    blocks: [{type: text, body: {fi: a, sv: b}}]\n")
        self.cli("validate", "-C", course)
        self.cli("build", "-C", course, "--out", self.tmp / "refused")

    def broken_settings(self) -> None:
        """course.toml settings that contradict the modules."""
        course = self.course("broken-settings")
        (course / "modules" / "02-loppukoe.yaml").unlink()
        config = course / "course.toml"
        config.write_text(config.read_text().replace('languages = ["fi", "sv"]', 'languages = ["fi", "sv", "de", "fi"]')
                          + "\n[build.kummitus]\nx = 1\n")
        self.cli("validate", "-C", course)
        self.cli("build", "-C", course, "--out", self.tmp / "refused-2")
        config.write_text(config.read_text().replace("[build.kummitus]\nx = 1", "")
                          .replace('targets = ["web"]', 'targets = ["web"]\nweb = 3'))
        self.cli("build", "-C", course, "--out", self.tmp / "refused-3")

    def unsafe_files(self) -> None:
        """Source files that are not plain files: never read, always named."""
        course = self.course("unsafe-files")
        modules = course / "modules"
        os.mkfifo(modules / "40-putki.yaml")
        (modules / "41-silmukka.yaml").symlink_to(modules / "41-silmukka.yaml")
        (modules / "42-rikki.yaml").symlink_to(modules / "ei-ole.yaml")
        (self.tmp / "ulkona.yaml").write_text("id: ulkona\n")
        (modules / "43-ulos.yaml").symlink_to(self.tmp / "ulkona.yaml")
        (modules / "44-kansio.yaml").mkdir()
        with open(modules / "45-iso.yaml", "wb") as handle:
            handle.truncate(5 << 20)
        with socket.socket(socket.AF_UNIX) as sock:
            sock.bind(str(modules / "46-pistoke.yaml"))
            os.mknod(modules / "47-laite.yaml", stat.S_IFCHR | 0o600, os.makedev(1, 3))
            self.cli("validate", "-C", course)
        many = self.course("many-pages")
        pages = many / "course_src" / "pages"
        for n in range(5001):
            (pages / f"s{n}.txt").touch()
        shutil.rmtree(many / "modules")
        (many / "modules").symlink_to(self.tmp)
        self.cli("validate", "-C", many)

    def course_src_outside(self) -> None:
        course = self.course("course-src-outside")
        shutil.move(course / "course_src", self.tmp / "muualla")
        (course / "course_src").symlink_to(self.tmp / "muualla")
        self.cli("validate", "-C", course)

    def toml_problems(self) -> None:
        for name, text in {"bom": "\ufeffid = 'x'\n", "syva": "a = " + "[" * 70 + "]" * 70 + "\n",
                           "luku": "version = " + "1" * 70 + "\n", "syntaksi": "id = \n"}.items():
            course = self.course(f"toml-{name}")
            (course / "course.toml").write_text(text, encoding="utf-8")
            self.cli("validate", "-C", course)

    def no_course(self) -> None:
        empty = self.tmp / "ei-kurssia"
        empty.mkdir()
        self.cli("validate", "-C", empty)
        self.cli("status", "-C", empty)

    def commands(self) -> None:
        course = self.course("commands")
        self.cli("validate", "-C", course)
        self.cli("stats", "-C", course)
        self.cli("status", "-C", course)
        self.cli("schema", "--write", "-C", course)
        self.cli("new", "module", "Väärä", "-C", course)
        self.cli("new", "module", "uusi", "-C", course)
        self.cli("new", "module", "uusi", "-C", course)
        self.cli("new", "question", "--type", "ordering", "--id", "Väärä", "-C", course)
        exam = course / "modules" / "02-loppukoe.yaml"
        exam.write_text(exam.read_text().replace('title: {fi: "Loppukoe", sv: "Slutprov"}', 'title: {fi: "Loppukoe"}'))
        (course / "modules" / "01-perusteet.yaml").write_text("id: [\n")
        self.cli("status", "-C", course)

    def build_refusals(self) -> None:
        course = self.course("build-refusals")
        self.cli("build", "-C", course, "--lang", "de", "--out", self.tmp / "dist-de")
        self.cli("build", "-C", course, "--target", "tinkan")
        for out in ("/", Path.home(), course, course / "course_src" / "out"):
            self.cli("build", "-C", course, "--out", out)
        (self.tmp / "linkki").symlink_to(self.tmp / "ei-ole")
        self.cli("build", "-C", course, "--out", self.tmp / "linkki")
        (self.tmp / "tiedosto").write_text("x")
        self.cli("build", "-C", course, "--out", self.tmp / "tiedosto" / "alla")
        foreign = self.tmp / "vieras"
        (foreign / "web" / "fi").mkdir(parents=True)
        (foreign / "web" / "fi" / "index.html").write_text("ei lms-buildin")
        self.cli("build", "-C", course, "--out", foreign)
        blocked = self.tmp / "tukossa"
        blocked.mkdir()
        (blocked / "web").write_text("tiedosto kansion paikalla")
        self.cli("build", "-C", course, "--out", blocked)
        linked = self.tmp / "linkitetty"
        linked.mkdir()
        (linked / "web").symlink_to(self.tmp)
        self.cli("build", "-C", course, "--out", linked)
        for name, make in (("lukko-kansio", Path.mkdir), ("lukko-putki", os.mkfifo)):
            out = self.tmp / name
            out.mkdir()
            make(out / ".lms-build.lock")
            self.cli("build", "-C", course, "--out", out)
        busy = self.tmp / "varattu"
        self.cli("build", "-C", course, "--out", busy)  # also the summary of a first build
        import fcntl

        with open(busy / ".lms-build.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            self.cli("build", "-C", course, "--out", busy)
        self.cli("build", "-C", course, "--out", busy)  # unchanged files this time
        lesson = course / "modules" / "01-perusteet.yaml"
        lesson.write_text(lesson.read_text().replace("Digituki on **apua**", "Digituki on **tukea**"))
        self.cli("build", "-C", course, "--out", busy)  # changed files
        (busy / "web" / "fi" / "index.html").unlink()
        (busy / "web" / "fi" / "index.html").mkdir()  # where the last build wrote a file
        self.cli("build", "-C", course, "--out", busy)

    def targets(self) -> None:
        course = self.course("targets")
        config = course / "course.toml"
        long = " ".join(["Pitkä"] * 60)
        config.write_text(config.read_text().replace('fi = "Pieni testikurssi"', f'fi = "{long}"')
                          + '\n[build.scorm12]\nsco_layout = "course"\nprerequisites = true\n')
        self.cli("build", "-C", course, "--target", "scorm12", "--lang", "fi", "--out", self.tmp / "scorm")
        saved = os.environ.get("LMS_BUILD_SCHEMAS")
        try:
            os.environ["LMS_BUILD_SCHEMAS"] = str(self.tmp / "ei-skeemoja")
            self.cli("build", "-C", course, "--target", "scorm12", "--out", self.tmp / "scorm-2")
            del os.environ["LMS_BUILD_SCHEMAS"]
            cwd = Path.cwd()
            os.chdir(self.tmp)
            try:
                self.cli("build", "-C", course, "--target", "scorm12", "--out", self.tmp / "scorm-3")
            finally:
                os.chdir(cwd)
        finally:
            if saved is not None:
                os.environ["LMS_BUILD_SCHEMAS"] = saved

    def state_limits(self) -> None:
        from lms_build.build import validate_course
        from lms_build.model import Module
        from lms_build.render.state import (
            MAX_ATTEMPTS_STORED,
            MAX_OPTIONS,
            NUMBER2_MAX,
            SHORT_TEXT_MAX,
            check_close_post,
            check_state_limits,
        )

        course = validate_course(MINI_COURSE)[0]
        text = {"fi": "T", "sv": "T"}
        feedback = {"correct": text, "incorrect": text}

        def module(ident: str, pages: list[dict]) -> Module:
            return Module.model_validate({"id": ident, "order": 9, "title": text, "summary": text,
                                          "estimated_minutes": 5, "pages": pages,
                                          "objectives": [{"id": f"{ident}-o", "text": text}]})

        def quiz(ident: str, questions: list[dict]) -> dict:
            return {"id": f"{ident}-p", "title": text, "blocks": [{"type": "quiz", "id": f"{ident}-quiz",
                                                                    "questions": questions}]}

        short = [{"id": f"t{n}", "type": "short-text", "prompt": text, "feedback": feedback,
                  "accepted": {"fi": ["vastaus"], "sv": ["svar"]}} for n in range(30)]
        short[0]["accepted"] = {"fi": ["x" * (SHORT_TEXT_MAX + 1)], "sv": ["y"]}
        options = [{"id": f"o{n}", "text": text} for n in range(MAX_OPTIONS + 1)]
        wide = {"id": "levea", "type": "multiple-choice", "prompt": text, "feedback": feedback,
                "options": options, "correct": ["o0"]}
        checklist = {"id": "lista-p", "title": text, "blocks": [{
            "type": "checklist", "id": "pitka-lista", "title": text, "items": [text] * (MAX_ATTEMPTS_STORED + 1)}]}
        many = [{"id": f"s{n}", "title": text, "blocks": [{"type": "text", "body": text}]}
                for n in range(NUMBER2_MAX + 1)]
        for pages in ([quiz("tekstit", [*short, wide])], [checklist], many):
            big = dataclasses.replace(course, modules=(*course.modules, module("tekstit", pages)))
            self.finnish(lambda big=big: "\n".join(d.format() for d in check_state_limits(big, "scorm12")))
        whole = list(course.modules) * 15  # a SCO whose close-time post passes 64 KiB
        self.finnish(lambda: "\n".join(d.format() for d in check_close_post(course, [whole])))

    def drafts_and_order(self) -> None:
        course = self.course("drafts")
        lesson = course / "modules" / "01-perusteet.yaml"
        lesson.write_text(lesson.read_text().replace("order: 1", "order: 3\ndraft: true")
                          .replace('sv: "Grunderna"', 'sv: "TODO"'))
        lesson.rename(course / "modules" / "03-perusteet.yaml")
        self.cli("validate", "-C", course)
        self.cli("build", "-C", course, "--out", self.tmp / "drafts-dist")
        exam = course / "modules" / "02-loppukoe.yaml"
        exam.write_text(exam.read_text().replace("kind: assessment", "draft: true\nkind: assessment"))
        self.cli("build", "-C", course, "--out", self.tmp / "drafts-dist-2")

    def preview(self) -> None:
        from lms_build.preview import PreviewServer

        course = self.course("preview")

        def shell_and_missing() -> str:
            with PreviewServer(course, port=0) as server:
                try:
                    urllib.request.urlopen(server.url + "ei-ole/../../course.toml", timeout=10)
                except urllib.error.HTTPError as error:
                    missing = error.read().decode()
                return server.shell_page().decode() + missing

        self.finnish(shell_and_missing)
        for options in ({"lang": "de"}, {"kind": "cmi5"}):
            def errors(options: dict[str, str] = options) -> str:
                with PreviewServer(course, port=0, **options) as server:
                    return "\n".join(server.snapshot.errors)

            self.finnish(errors)
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            self.cli("preview", "-C", course, "--port", str(taken.getsockname()[1]))

    def xapi_and_report(self) -> None:
        from tests.support.lrs import PASSWORD, USER, running_ralph

        course = self.course("xapi")
        statements = self.tmp / "lauseet.jsonl"
        self.cli("xapi", "simulate", "-C", course, "--learners", "2", "--out", statements)
        self.cli("report", "-C", course, "--from", statements, "--no-pdf", "--out", self.tmp / "raportti")
        self.cli("xapi", "simulate", "-C", course, "--learners", "2")
        self.cli("xapi", "simulate", "-C", course, "--learners", "2", "--lrs", "http://127.0.0.1:9/xAPI/")
        self.cli("xapi", "simulate", "-C", course, "--learners", "1", "--out", "-", "--plant-hard", "ei-ole",
                 "--plant-distractor", "x:y", "--plant-dropout", "ei-ole")
        self.cli("xapi", "simulate", "-C", course, "--learners", "1", "--out", "-", "--plant-distractor", "x:y")
        self.cli("xapi", "simulate", "-C", course, "--learners", "1", "--out", "-", "--plant-dropout", "ei-ole")
        auth = ("--user", USER, "--password", PASSWORD)
        with running_ralph(self.tmp / "ralph") as ralph:
            self.cli("xapi", "simulate", "-C", course, "--learners", "2", "--lrs", ralph.endpoint, *auth)
            self.cli("xapi", "simulate", "-C", course, "--learners", "1", "--lrs", ralph.endpoint,
                     "--user", USER, "--password", "väärä")
            self.cli("xapi", "simulate", "-C", course, "--learners", "1", "--lrs", ralph.endpoint + "ei-ole/", *auth)
            report = ("report", "-C", course, "--no-pdf", "--out", self.tmp / "raportti-lrs", "--lrs")
            self.cli(*report, ralph.endpoint, input=f"{USER}\n{PASSWORD}\n")
            self.cli(*report, ralph.endpoint, input=f"{USER}\nväärä\n")
            self.cli(*report, ralph.endpoint + "ei-ole/", input=f"{USER}\n{PASSWORD}\n")
        self.cli(*report, "http://127.0.0.1:9/xAPI/", input="a\nb\n")
        answers = {"teksti/statements": "ei JSONia", "tyhja/statements": "{}"}
        with _static_server(self.tmp / "staattinen", answers) as url:
            self.cli(*report, url + "teksti/", input="a\nb\n")
            self.cli(*report, url + "tyhja/", input="a\nb\n")
        (course / "modules" / "01-perusteet.yaml").write_text("id: [\n")
        self.cli("xapi", "simulate", "-C", course, "--learners", "1", "--out", statements)
        self.cli("report", "-C", course, "--from", statements, "--no-pdf")

    def inspect_packages(self) -> None:
        """SCORM zips broken in every way `lms-build inspect` knows (built as tests/test_inspect.py does)."""
        from lms_build.inspect import Limits, format_text, inspect_zip
        from tests.test_inspect import ROLLUP_RULES, _rewrite_sizes, make_zip, manifest_12, manifest_2004, valid_files

        folder = self.tmp / "paketit"
        folder.mkdir()
        good = valid_files()

        def package(name: str, files: dict[str, bytes]) -> Path:
            return make_zip(folder / f"{name}.zip", files)

        def manifest(old: bytes, new: bytes, base: bytes | None = None) -> dict[str, bytes]:
            text = base or manifest_12()
            assert old in text, old
            return {**good, "imsmanifest.xml": text.replace(old, new)}

        nested = manifest(b'<item identifier="ITEM-1" identifierref="RES-1">',
                          b'<item identifier="KANSIO"><title>Kansio</title>'
                          b'<item identifier="ITEM-1" identifierref="RES-1">')["imsmanifest.xml"].replace(
                              b"</item>", b"</item></item>", 1)
        zips = [package("kunnossa", {**good, "imsmanifest.xml": nested}),
                package("kunnossa-2004", {"imsmanifest.xml": manifest_2004(), "index.html": b"x"})]
        hostile = {**good, "/abs.html": b"x", "a\\b.html": b"x", "../ulos.html": b"x", "ä.html": b"x",
                   "a\x01.html": b"x", "a b.html": b"x", "muistiinpanot.txt": b"x", "pommi.bin": bytes(4 << 20)}
        path = package("vihamielinen", hostile)
        with zipfile.ZipFile(path, "a") as archive, warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # the duplicate name is the point
            archive.writestr("style.css", b"kahdesti")
            link = zipfile.ZipInfo("linkki.html")
            link.external_attr = 0o120777 << 16
            archive.writestr(link, "index.html")
            archive.writestr("salattu.html", b"x")
        _set_flag_bits(path, "salattu.html", 0x1)  # zipfile writes no encrypted member: mark one
        zips.append(path)
        lying = package("valehtelee", {**good, "data.bin": bytes(5 << 20)})
        _rewrite_sizes(lying, "data.bin", 1024)
        broken = package("rikki", {**good, "data.bin": b"tavallista tekstia " * 200})
        data = bytearray(broken.read_bytes())
        start = data.find(b"data.bin") + len(b"data.bin") + 10
        data[start:start + 20] = bytes(20)
        broken.write_bytes(bytes(data))
        zips += [lying, broken]
        unreadable = package("manifesti-linkki", {"index.html": b"x"})
        with zipfile.ZipFile(unreadable, "a") as archive:
            link = zipfile.ZipInfo("imsmanifest.xml")
            link.external_attr = 0o120777 << 16
            archive.writestr(link, "muualla.xml")
        zips.append(unreadable)
        zips += [package("ei-manifestia", {"index.html": b"x"}),
                 package("iso-nimi", {"IMSMANIFEST.XML": manifest_12(), "index.html": b"x"}),
                 package("sisakkain", {"kurssi/imsmanifest.xml": manifest_12(), "kurssi/index.html": b"x"}),
                 package("ei-versiota", manifest(b"<schemaversion>1.2</schemaversion>", b"")),
                 package("ei-versiota-2004", {"imsmanifest.xml": manifest_2004().replace(
                     b"<schemaversion>2004 4th Edition</schemaversion>", b""), "index.html": b"x"}),
                 package("versio", manifest(b"<schemaversion>1.2</schemaversion>",
                                            b"<schemaversion>SCORM 1.2</schemaversion>")),
                 package("juuri", manifest(b"http://www.imsproject.org/xsd/imscp_rootv1p1p2\"",
                                           b"urn:x:muu\"")),
                 package("sekoitus", manifest(b"http://www.imsproject.org/xsd/imscp_rootv1p1p2\"",
                                              b"http://www.imsglobal.org/xsd/imscp_v1p1\"")),
                 package("skeema", manifest(b"<title>Test course</title>", b"<title>Test course</title><outo/>")),
                 package("entiteetti", manifest(b'<?xml version="1.0" encoding="UTF-8"?>',
                                                b'<?xml version="1.0" encoding="UTF-8"?>'
                                                b'<!DOCTYPE manifest [<!ENTITY nimi "Test">]>').copy()
                         | {"imsmanifest.xml": manifest(b'<?xml version="1.0" encoding="UTF-8"?>',
                                                        b'<?xml version="1.0" encoding="UTF-8"?>'
                                                        b'<!DOCTYPE manifest [<!ENTITY nimi "Test">]>'
                                                        )["imsmanifest.xml"].replace(b"Lesson 1", b"&nimi;")}),
                 package("nimiavaruus", manifest(b'adlcp:scormtype="sco"', b'scormtype="sco"')),
                 package("etuliite", {"imsmanifest.xml": manifest_2004(prefix="adl"), "index.html": b"x"}),
                 package("tyyppi", manifest(b'adlcp:scormtype="sco"', b'adlcp:scormtype="SCO"')),
                 package("puuttuu", manifest(b'href="index.html">', b'href="puuttuu.html">')),
                 package("puuttuu-2", manifest(b'<file href="style.css"/>', b'<file href="puuttuu.css"/>')),
                 package("ei-hrefia", manifest(b' href="index.html">', b'>')),
                 package("riippuvuus", manifest(b'<file href="style.css"/>',
                                                b'<file href="style.css"/><dependency identifierref="RES-9"/>')),
                 package("oletus", manifest(b'default="ORG-1"', b'default="ORG-9"')),
                 package("tyhja", manifest(b"</organizations>",
                                           b'<organization identifier="ORG-2"><title>Tyhja</title></organization>'
                                           b"</organizations>")),
                 package("ei-sco", manifest(b'identifierref="RES-1"', b'identifierref="RES-2"')),
                 package("otsikot", manifest(b"<title>Lesson 1</title>", b"<title></title>", manifest(
                     b"<title>Test course</title>", b"<title>" + b"x" * 300 + b"</title>")["imsmanifest.xml"])),
                 package("pisteet", manifest(b"<adlcp:masteryscore>80</adlcp:masteryscore>",
                                             b"<adlcp:masteryscore>paljon</adlcp:masteryscore>")),
                 package("mittari", {"imsmanifest.xml": manifest_2004().replace(b">0.75<", b">paljon<"),
                                     "index.html": b"x"}),
                 package("moodle", {"imsmanifest.xml": manifest_2004(
                     mapinfo='<imsss:mapInfo targetObjectiveID="g1" readSatisfiedStatus="true"/>').decode()
                     .replace("    </organization>", ROLLUP_RULES, 1).encode(), "index.html": b"x"}),
                 package("metatiedot", manifest(b"<schemaversion>1.2</schemaversion>",
                                                b"<schemaversion>1.2</schemaversion>"
                                                b"<adlcp:location>meta.xml</adlcp:location>")),
                 package("muoto", {**good, "imsmanifest.xml": b"<manifest><avoin></manifest>"})]
        not_zip = folder / "ei-zip.zip"
        not_zip.write_text("tämä ei ole zip")
        pipe = folder / "putki.zip"
        os.mkfifo(pipe)
        zips += self._xapi_packages(folder)
        self.cli("inspect", *zips, not_zip, pipe)
        self.cli("inspect", "--schemas", self.tmp / "ei-skeemoja", zips[0])
        self.finnish(lambda: format_text(inspect_zip(folder / "ei-ole.zip")))
        for limits in (Limits(max_members=2), Limits(max_total=400_000)):
            self.finnish(lambda limits=limits: format_text(inspect_zip(
                package("rajat", {**good, "a.bin": bytes(300_000), "b.bin": bytes(300_000)}), limits=limits)))

    def _xapi_packages(self, folder: Path) -> list[Path]:
        """cmi5 and Tin Can zips with every problem package_check knows."""
        from lms_build.schemas import find_schemas_dir
        from tests.test_inspect import make_zip
        from tests.xapi.test_packages import TEXT, au, structure

        iri = "https://example.org/c"
        objectives = (f'<objectives><objective id="ei iri"><title>{TEXT}</title><description>{TEXT}</description>'
                      f'</objective></objectives>')
        unknown = '<objectives><objective idref="https://example.org/c/o/9"/></objectives><url>'
        body = "".join([
            au(ident=iri),  # the course's id again
            au(ident=" https://example.org/c/au/2 ", url="oma sivu.html"),
            au(ident="https://example.org/c/au/3", url="au1.html?endpoint=x"),
            au(ident="https://example.org/c/au/4", url="ftp://example.org/au.html"),
            au(ident="https://example.org/c/au/5", url="../ulos.html"),
            au(ident="https://example.org/c/au/6", url="puuttuu.html").replace("<url>", unknown),
            au(ident="https://example.org/c/au/7", url=""),
            f'<block id="ei iri"><title>{TEXT}</title><description>{TEXT}</description>{au(ident="urn:x:8")}</block>'])
        lonely = au().replace('moveOn="Completed"', 'moveOn="NotApplicable"')
        broken = (Path(find_schemas_dir()) / "samples" / "broken" / "cmi5.xml").read_bytes()
        activity = ('<activity id="{id}" type="http://adlnet.gov/expapi/activities/course"><name>Kurssi</name>'
                    '<description lang="fi">x</description>{launch}</activity>')
        tincan = ('<?xml version="1.0"?><tincan xmlns="http://projecttincan.com/tincan.xsd"><activities>{}'
                  '</activities></tincan>')
        good_launch = '<launch lang="fi">index.html</launch>'
        activities = "".join([activity.format(id="ei iri", launch=good_launch.replace(
                                  "index.html", "index.html?endpoint=x")),
                              activity.format(id="https://example.org/a", launch=good_launch),
                              activity.format(id="https://example.org/a", launch=""),
                              '<activity type="x"><name>Nimetön</name></activity>'])
        secret = "<provider><name>x</name><id>x</id><secret>s3cret</secret></provider>"
        return [make_zip(folder / f"{name}.zip", files) for name, files in {
            "cmi5": {"cmi5.xml": structure(body, course_id=iri, objectives=objectives), "au1.html": b"x"},
            "cmi5-yksi": {"cmi5.xml": structure(lonely, course_id="kurssi ilman iri"), "au1.html": b"x"},
            "cmi5-skeema": {"cmi5.xml": broken, "au1.html": b"x"},
            "cmi5-muoto": {"cmi5.xml": b"<courseStructure", "au1.html": b"x"},
            "cmi5-juuri": {"cmi5.xml": b'<kurssi xmlns="urn:x:muu"/>', "au1.html": b"x"},
            "cmi5-tyhja": {"cmi5.xml": structure(""), "au1.html": b"x"},
            "tincan": {"tincan.xml": tincan.format(activities).encode(), "index.html": b"x"},
            "tincan-ei-launch": {"tincan.xml": tincan.format(
                activity.format(id="https://example.org/b", launch="") + secret).encode()},
            "tincan-muoto": {"tincan.xml": b"<tincan"},
        }.items()]

    def in_other_processes(self) -> None:
        """Signals, a missing library and an unexpected failure: each in a process of its own."""
        course = self.course("processes")
        catalogue = list(self.catalogue)

        def find(start: str) -> Message:
            return next(m for m in catalogue if isinstance(m, str) and m.startswith(start))

        # A library that is not installed: its import fails as it would without the package.
        blocked = ("import sys; sys.modules[{name!r}] = None; "
                   "from lms_build.cli import main; sys.argv[0] = 'lms-build'; main()")
        self.process(["-c", blocked.format(name="weasyprint"), "build", "-C", str(course), "--target", "pdf",
                      "--out", str(self.tmp / "pdf-1")],
                     [find("the pdf target needs WeasyPrint")])
        empty_fonts = self.tmp / "fonts.conf"
        empty_fonts.write_text("<?xml version='1.0'?><fontconfig></fontconfig>")
        self.process(["-c", blocked.format(name="libvoikko"), "build", "-C", str(course), "--target", "pdf",
                      "--out", str(self.tmp / "pdf-2")],
                     [find("Finnish handouts will not be hyphenated"), find("font '{font}' is not installed")],
                     env={"FONTCONFIG_FILE": str(empty_fonts)})
        # Installed on its own (no checkout around it) and without LMS_BUILD_SCHEMAS: no XSDs to find.
        installed = self.tmp / "site-packages"
        shutil.copytree(REPO / "lms_build", installed / "lms_build",
                        ignore=shutil.ignore_patterns("__pycache__", "vendor"))
        run_installed = ("import sys; sys.path.insert(0, " + repr(str(installed)) + "); "
                         "from lms_build.cli import main; sys.argv[0] = 'lms-build'; main()")
        self.process(["-c", run_installed, "build", "-C", str(course), "--target", "scorm12",
                      "--out", str(self.tmp / "scorm-x")],
                     [find("the official SCORM XSDs were not found")], cwd=self.tmp, env={"LMS_BUILD_SCHEMAS": ""})
        # Unvalidated, a cmi5.xml without any AU is also caught by the check of its own.
        self.process(["-c", run_installed, "inspect", str(self.tmp / "paketit" / "cmi5-tyhja.zip")],
                     [find("{name} not validated"), find("cmi5.xml has no AU")], cwd=self.tmp,
                     env={"LMS_BUILD_SCHEMAS": ""})
        crash = ("import sys; import lms_build.stats as s; s.format_table = None; "
                 "from lms_build.cli import main; sys.argv[0] = 'lms-build'; main()")
        self.process(["-c", crash, "stats", "-C", str(course)],
                     [find("internal error in lms-build {version}: {error} at"), find("This is a bug")])
        self._interrupted(["-m", "lms_build", "build", "-C", str(course), "--target", "pdf",
                           "--out", str(self.tmp / "pdf-3")], "rakennetaan", signal.SIGTERM,
                          [find("build interrupted")])
        self._interrupted(["-m", "lms_build", "report", "-C", str(course), "--lrs", "http://127.0.0.1:9/xAPI/"],
                          "lrs-käyttäjä", signal.SIGTERM, [find("interrupted")])
        self._interrupted(["-m", "lms_build", "preview", "-C", str(course), "--port", "0"], "esikatselu",
                          signal.SIGINT, [find("Preview of {course}"), find("preview stopped")])
        locked = self.course("locked")
        (locked / "modules" / "01-perusteet.yaml").chmod(0)
        (locked / "course_src" / "pages").chmod(0)
        # root reads every file: without the capabilities that let it, it meets the permissions
        without_override = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search",
                            "--inh-caps", "-dac_override,-dac_read_search"] if os.geteuid() == 0 else []
        try:
            output = subprocess.run([*without_override, sys.executable, "-m", "lms_build", "validate", "-C",
                                     str(locked)], cwd=REPO, capture_output=True, text=True, timeout=120,
                                    env=_finnish_environment(), check=False)
            self.prove(output.stdout + output.stderr,
                       [find("cannot read file: {reason}"), find("cannot read folder: {reason}")])
        finally:
            (locked / "course_src" / "pages").chmod(0o755)

    def _interrupted(self, args: list[str], wait_for: str, signum: int, proves: list[Message]) -> None:
        """Start a command, signal it once it has printed `wait_for`, and read what it says then."""
        process = subprocess.Popen([sys.executable, *args], cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, env=_finnish_environment())
        assert process.stdout is not None
        seen = b""
        while wait_for not in seen.decode("utf-8", "replace").lower():
            chunk = os.read(process.stdout.fileno(), 4096)
            assert chunk, f"ended before {wait_for!r}: {seen.decode()}"
            seen += chunk
        process.send_signal(signum)
        try:
            rest, _ = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            rest, _ = process.communicate()
            raise AssertionError(f"still running 60 s after the signal: {(seen + rest).decode()}") from None
        self.prove((seen + rest).decode("utf-8", "replace"), proves)


def _set_flag_bits(path: Path, name: str, bits: int) -> None:
    """Set general-purpose flag bits of `name` in its local header and central directory entry."""
    data = bytearray(path.read_bytes())
    encoded = name.encode()
    for signature, name_at, flags_at in ((b"PK\x03\x04", 30, 6), (b"PK\x01\x02", 46, 8)):
        at = data.find(signature)
        while at != -1:
            if data[at + name_at: at + name_at + len(encoded)] == encoded:
                data[at + flags_at] |= bits
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))


def _finnish_environment() -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if k not in CATALOGUE_ENV}
    return {**clean, "LANG": "fi_FI.UTF-8", "PYTHONUNBUFFERED": "1"}


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def _static_server(folder: Path, files: dict[str, str]) -> Iterator[str]:
    """A plain web server for answers no LRS gives (a text page, JSON without statements)."""
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    handler = partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
