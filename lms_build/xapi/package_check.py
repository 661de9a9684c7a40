"""`inspect` for xAPI packages: cmi5 (cmi5.xml) and Tin Can (tincan.xml) zips.

The XSDs let through what an LMS must reject, so beyond schema validity this checks the rules of
the cmi5 specification on course structures (each finding names its requirement id from
@cmi5/requirements) and the Rustici launch convention for tincan.xml:

- every id is a fully qualified IRI (3.0.0.0-1), unique in the structure (13.1.2.0-1,
  13.1.3.0-1, 13.1.4.0-1), without surrounding whitespace (13.1.0.0-1);
- an AU url is an RFC 1738 URL (13.1.4.0-2), relative to a file in the zip or fully qualified
  (14.1.0.0-3, 14.1.0.0-4; a lone cmi5.xml needs absolute URLs, 14.2.0.0-1), and its query
  does not use cmi5's launch parameter names (8.1.0.0-6);
- objectives referenced by AUs and blocks exist; not every AU is moveOn NotApplicable (the
  course could never be satisfied);
- nothing that looks like LRS credentials is in the package (tincan.xml `provider/secret`,
  launch URLs with `auth=` or `endpoint=`)."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import rfc3987
from lxml import etree

from ..i18n import _
from ..schemas import SchemaSet, SchemasNotFoundError, find_schemas_dir, safe_parser, validate
from .vocabulary import CMI5_LAUNCH_PARAMETERS, TINCAN_LAUNCH_PARAMETERS

CMI5_NS = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
TINCAN_NS = "http://projecttincan.com/tincan.xsd"
CMI5_SCHEMA = SchemaSet("cmi5", "cmi5", ((CMI5_NS, "CourseStructure.xsd"),))
TINCAN_SCHEMA = SchemaSet("tincan", "tincan", ((TINCAN_NS, "tincan.xsd"),))
CMI5_XML, TINCAN_XML = "cmi5.xml", "tincan.xml"
#: RFC 1738: printable ASCII without spaces, quotes, angle brackets and the like.
_RFC1738 = re.compile(r"^[A-Za-z0-9$\-_.+!*'(),;/?:@=&%~#\[\]]+$")


@dataclass(frozen=True)
class Problem:
    severity: str  # "error" or "warning"
    code: str
    message: str


@dataclass
class Cmi5Au:
    id: str
    title: str
    url: str
    move_on: str
    mastery_score: str | None
    launch_method: str


def _q(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


def is_absolute_iri(value: str) -> bool:
    return value == value.strip() and rfc3987.match(value, "absolute_IRI") is not None


class _Checker:
    def __init__(self, members: set[str] | None):
        self.members = members  # None: a lone XML file, not a zip
        self.problems: list[Problem] = []

    def error(self, code: str, message: str) -> None:
        self.problems.append(Problem("error", code, message))

    def warning(self, code: str, message: str) -> None:
        self.problems.append(Problem("warning", code, message))

    def schema(self, content: bytes, schema: SchemaSet, name: str,
               schemas_dir: Path | None) -> etree._Element | None:
        try:
            root = etree.fromstring(content, safe_parser())
        except etree.XMLSyntaxError as error:
            self.error(f"{schema.key}-not-well-formed", _("{name} is not well-formed XML: {problem}").format(
                name=name, problem=error))
            return None
        try:
            folder = schemas_dir or find_schemas_dir()
        except SchemasNotFoundError as error:
            self.warning("schemas-not-found", _("{name} not validated: {problem}").format(name=name, problem=error))
            return root
        for message in validate(root, schema, folder)[:20]:
            self.error(f"{schema.key}-schema", _("{name} is not valid against {schema}: {problem}").format(
                name=name, schema=schema.imports[0][1], problem=message))
        return root

    def iri(self, value: str | None, what: str, requirement: str = "3.0.0.0-1") -> None:
        if value is None:
            return
        if value != value.strip():
            self.warning("whitespace-id", _("{what} '{value}' has surrounding whitespace, which an LMS "
                                            "removes (cmi5 13.1.0.0-1): the id it stores differs").format(
                                              what=what, value=value))
        if not is_absolute_iri(value.strip()):
            self.error("not-an-iri", _("{what} '{value}' is not a fully qualified IRI (cmi5 {requirement})").format(
                what=what, value=value, requirement=requirement))

    def launch_url(self, url: str, what: str, reserved: tuple[str, ...], requirement: str) -> None:
        if not url:
            self.error("missing-url", _("{what} has no launch URL").format(what=what))
            return
        if not _RFC1738.match(url):
            self.error("bad-url", _("{what} url '{url}' is not an RFC 1738 URL (spaces or non-ASCII "
                                    "characters must be percent-encoded; cmi5 13.1.4.0-2)").format(what=what, url=url))
        parts = urlsplit(url)
        clashes = sorted({name for name, _ in parse_qsl(parts.query, keep_blank_values=True)}
                         & set(reserved))
        if clashes:
            self.error("launch-parameter-clash", _("{what} url '{url}' has query parameters {names}: the LMS "
                                                   "adds those at launch (cmi5 {requirement})").format(
                                                     what=what, url=url, names=", ".join(clashes),
                                                     requirement=requirement))
        if parts.scheme:
            if parts.scheme not in ("http", "https") or not parts.netloc:
                self.error("bad-url", _("{what} url '{url}' must be relative or an http(s) URL").format(
                    what=what, url=url))
            return
        if self.members is None:
            self.error("relative-url", f"{what} url '{url}' is relative, but a cmi5.xml outside a zip "
                                       "needs fully qualified URLs (cmi5 14.2.0.0-1)")
            return
        path = posixpath.normpath(unquote(parts.path))
        if path.startswith("../") or parts.path.startswith("/"):
            self.error("url-outside-package", _("{what} url '{url}' points outside the package").format(
                what=what, url=url))
        elif path not in self.members:
            self.error("missing-file", _("{what} url '{url}' is not in the package (media in the zip "
                                         "use relative URLs, cmi5 14.1.0.0-3)").format(what=what, url=url))


def _text(element: etree._Element | None, ns: str) -> str:
    if element is None:
        return ""
    strings = element.findall(_q(ns, "langstring"))
    return (strings[0].text or "").strip() if strings else (element.text or "").strip()


def check_cmi5(content: bytes, members: set[str] | None = None,
               schemas_dir: Path | None = None) -> tuple[list[Problem], list[Cmi5Au], str]:
    """Problems of a cmi5.xml, its AUs and the course title. `members`: files in the zip."""
    checker = _Checker(members)
    root = checker.schema(content, CMI5_SCHEMA, CMI5_XML, schemas_dir)
    if root is None:
        return checker.problems, [], ""
    if root.tag != _q(CMI5_NS, "courseStructure"):
        checker.error("cmi5-root", _("cmi5.xml root is <{element}> in {namespace}: expected courseStructure "
                                     "in {expected}").format(element=etree.QName(root).localname,
                                                            namespace=etree.QName(root).namespace, expected=CMI5_NS))
        return checker.problems, [], ""
    course = root.find(_q(CMI5_NS, "course"))
    seen: dict[str, str] = {}

    def unique(value: str | None, kind: str, requirement: str) -> None:
        if value is None:
            return
        key = value.strip()
        if key in seen:
            checker.error("duplicate-id", _("{kind} id '{id}' is also used by a {other} (cmi5 {requirement})").format(
                kind=kind, id=key, other=seen[key], requirement=requirement))
        seen.setdefault(key, kind)

    if course is not None:
        checker.iri(course.get("id"), _("course id"))
        unique(course.get("id"), "course", "13.1.4.0-1")
    declared: set[str] = set()
    objectives = root.find(_q(CMI5_NS, "objectives"))
    for objective in [] if objectives is None else objectives.findall(_q(CMI5_NS, "objective")):
        checker.iri(objective.get("id"), _("objective id"))
        unique(objective.get("id"), "objective", "13.1.3.0-1")
        declared.add((objective.get("id") or "").strip())
    aus: list[Cmi5Au] = []
    for element in root.iter(_q(CMI5_NS, "block"), _q(CMI5_NS, "au")):
        kind = etree.QName(element).localname
        ident = element.get("id")
        checker.iri(ident, _("{kind} id").format(kind=kind))
        unique(ident, kind, "13.1.2.0-1" if kind == "block" else "13.1.4.0-1")
        refs = element.find(_q(CMI5_NS, "objectives"))
        for ref in [] if refs is None else refs.findall(_q(CMI5_NS, "objective")):
            if (ref.get("idref") or "").strip() not in declared:
                checker.error("unknown-objective", _("{kind} '{id}' refers to objective '{objective}', which the "
                                                     "course does not declare").format(
                                                       kind=kind, id=ident, objective=ref.get("idref")))
        if kind == "au":
            url = (element.findtext(_q(CMI5_NS, "url")) or "").strip()
            checker.launch_url(url, _("AU '{id}'").format(id=ident), CMI5_LAUNCH_PARAMETERS, "8.1.0.0-6")
            aus.append(Cmi5Au(ident or "", _text(element.find(_q(CMI5_NS, "title")), CMI5_NS), url,
                              element.get("moveOn", "NotApplicable"), element.get("masteryScore"),
                              element.get("launchMethod", "AnyWindow")))
    if aus and all(au.move_on == "NotApplicable" for au in aus):
        checker.warning("moveon-not-applicable", _("every AU has moveOn NotApplicable: the course is "
                                                   "satisfied without the learner doing anything"))
    title = _text(course.find(_q(CMI5_NS, "title")) if course is not None else None, CMI5_NS)
    return checker.problems, aus, title


def check_tincan(content: bytes, members: set[str] | None = None,
                 schemas_dir: Path | None = None) -> tuple[list[Problem], list[tuple[str, str, str]]]:
    """Problems of a tincan.xml and its launchable activities as (id, name, launch)."""
    checker = _Checker(members)
    root = checker.schema(content, TINCAN_SCHEMA, TINCAN_XML, schemas_dir)
    if root is None:
        return checker.problems, []
    launchable: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for activity in root.iter(_q(TINCAN_NS, "activity")):
        ident = activity.get("id")
        if ident is None:
            checker.error("missing-id", _("a tincan.xml activity has no id"))
            continue
        checker.iri(ident, _("activity id"), requirement=_("3.0.0.0-1; xAPI activity ids are IRIs"))
        if ident in seen:
            checker.error("duplicate-id", _("activity id '{id}' appears twice in tincan.xml").format(id=ident))
        seen.add(ident)
        for launch in activity.findall(_q(TINCAN_NS, "launch")):
            url = (launch.text or "").strip()
            checker.launch_url(url, _("activity '{id}'").format(id=ident), TINCAN_LAUNCH_PARAMETERS,
                               _("8.1.0.0-6 by analogy: mod_tincanlaunch adds these"))
            launchable.append((ident, _text(activity.find(_q(TINCAN_NS, "name")), TINCAN_NS), url))
    if not launchable:
        checker.error("no-launch", _("no tincan.xml activity has a <launch>: nothing can be started"))
    if root.find(f".//{_q(TINCAN_NS, 'secret')}") is not None:
        checker.error("credentials-in-package", _("tincan.xml has a provider <secret>: packages never "
                                                  "carry LRS credentials"))
    return checker.problems, launchable


def inspect_xapi(names: set[str], kept: dict[str, bytes], report: Any, schemas_dir: Path | None) -> bool:
    """Fill an `inspect` report for a cmi5 or Tin Can zip; False when the zip is neither (a
    SCORM manifest at the root wins, as an LMS would import it as SCORM)."""
    from ..inspect import Item, Organization  # late: inspect imports this module lazily too

    if "imsmanifest.xml" in names or not ({CMI5_XML, TINCAN_XML} & names):
        return False
    if CMI5_XML in names:
        problems, aus, title = check_cmi5(kept.get(CMI5_XML, b""), names, schemas_dir)
        report.version = "cmi5"
        items = [Item(au.id, au.title, 0, resource=au.url, scorm_type="au", launch=au.url,
                      mastery={"moveOn": au.move_on, "masteryScore": au.mastery_score,
                               "launchMethod": au.launch_method}) for au in aus]
        report.organizations.append(Organization("cmi5.xml", title, True, items))
        if not aus and not any(p.severity == "error" for p in problems):
            report.error("no-au", _("cmi5.xml has no AU: there is nothing to launch"))
    else:
        problems, launchable = check_tincan(kept.get(TINCAN_XML, b""), names, schemas_dir)
        report.version = "Tin Can (xAPI)"
        items = [Item(ident, name, 0, resource=url, scorm_type="activity", launch=url)
                 for ident, name, url in launchable]
        report.organizations.append(Organization("tincan.xml", items[0].title if items else "", True, items))
    report.schema_valid = not any(p.code.endswith("-schema") or p.code.endswith("-not-well-formed")
                                  for p in problems)
    for problem in problems:
        (report.error if problem.severity == "error" else report.warning)(problem.code, problem.message)
    return True
