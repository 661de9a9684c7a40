"""`lms-build inspect`: check any SCORM zip the way an LMS will see it, without extracting it.

Members are read straight from the zip with a byte budget, so nothing is ever written to disk
(no zip slip possible) and a zip bomb is stopped by counting what is actually decompressed, not
by trusting the sizes its headers declare. The checks are those that make Moodle (and other LMSs)
reject a package or lose its results: the manifest's place and schema, the SCORM version string,
the adlcp prefix and scormType values, hrefs that resolve, safe ASCII paths, titles that fit the
database, no imsss:mapInfo."""

from __future__ import annotations

import json
import math
import os
import posixpath
import re
import stat
import unicodedata
import zipfile
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from lxml import etree

from .diagnostics import printable
from .i18n import _
from .schemas import (
    ADLCP12_NS,
    ADLCP_NS,
    IMSCP12_NS,
    IMSCP_NS,
    IMSSS_NS,
    SETS_BY_ROOT,
    SchemasNotFoundError,
    checked_schemas_dir,
    find_schemas_dir,
    safe_parser,
    schema_references,
    validate,
)

MANIFEST = "imsmanifest.xml"
MAX_TITLE = 254  # Moodle's title columns hold 255 characters
#: <schemaversion> values Moodle recognises; anything else makes it run the SCORM 1.2 API.
MOODLE_SCHEMAVERSIONS = {"1.2": "SCORM 1.2", "1.3": "SCORM 2004 (1.3)",
                         "CAM 1.3": "SCORM 2004 (CAM 1.3)",
                         "2004 3rd Edition": "SCORM 2004 3rd Edition",
                         "2004 4th Edition": "SCORM 2004 4th Edition"}
XSI_SCHEMA_LOCATION = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
_SAFE_PATH = re.compile(r"^[A-Za-z0-9._~/-]*$")
_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class Limits:
    """Bounds on what is decompressed; generous for courses, tiny for bombs."""

    max_total: int = 1 << 30  # bytes decompressed over the whole zip
    max_member: int = 512 << 20
    max_ratio: int = 200  # uncompressed / compressed
    ratio_floor: int = 1 << 20  # smaller members cannot hurt, whatever their ratio
    max_members: int = 50_000
    max_kept: int = 32 << 20  # XML/XSD members kept in memory for parsing


@dataclass(frozen=True)
class Finding:
    severity: str  # "error" or "warning"
    code: str
    message: str

    def format(self) -> str:
        label = _("error") if self.severity == "error" else _("warning")
        return f"{label}: {self.message} [{self.code}]"


@dataclass
class Item:
    identifier: str
    title: str
    depth: int
    resource: str | None = None
    scorm_type: str | None = None  # "sco", "asset", or None for a folder item
    launch: str | None = None
    mastery: dict[str, Any] = field(default_factory=dict)


@dataclass
class Organization:
    identifier: str
    title: str
    default: bool
    items: list[Item] = field(default_factory=list)


@dataclass
class Report:
    path: str
    version: str | None = None
    schema_valid: bool | None = None  # None: not checked
    files: int = 0
    uncompressed_bytes: int = 0
    organizations: list[Organization] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def error(self, code: str, message: str) -> None:
        self.findings.append(Finding("error", code, message))

    def warning(self, code: str, message: str) -> None:
        self.findings.append(Finding("warning", code, message))

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def scos(self) -> list[Item]:
        return [i for o in self.organizations for i in o.items if i.scorm_type == "sco"]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ok"] = not self.errors
        data["scos"] = [asdict(item) for item in self.scos]
        return data


# --- paths -------------------------------------------------------------------------------------

def path_problems(name: str, what: str = "entry") -> list[Finding]:
    """Why a path inside a package is unsafe for extraction or for LMS servers."""
    found: list[Finding] = []
    if "\\" in name:
        found.append(Finding("error", "backslash-path",
                             _("{what} '{name}' contains a backslash: use '/' between folders").format(
                                 what=what, name=name)))
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        found.append(Finding("error", "absolute-path",
                             _("{what} '{name}' is an absolute path: it must be relative to the "
                               "package root").format(what=what, name=name)))
    if ".." in parts:
        found.append(Finding("error", "zip-slip",
                             _("{what} '{name}' contains '..': it would be written outside the "
                               "extraction folder (zip slip)").format(what=what, name=name)))
    if any(not ch.isascii() for ch in name):
        found.append(Finding("error", "non-ascii-path",
                             _("{what} '{name}' has non-ASCII characters: LMS servers mangle or "
                               "reject them; use a-z, 0-9, '.', '-', '_'").format(what=what, name=name)))
    elif any(unicodedata.category(ch) == "Cc" for ch in name):
        found.append(Finding("error", "control-char-path",
                             _("{what} {name} contains control characters").format(what=what, name=repr(name))))
    elif not _SAFE_PATH.match(name):
        found.append(Finding("warning", "unsafe-path",
                             _("{what} '{name}' has characters (spaces, %, #, ...) that need "
                               "URL encoding and break on some servers").format(what=what, name=name)))
    return found


# --- reading the zip -----------------------------------------------------------------------------

@dataclass
class _Members:
    names: set[str] = field(default_factory=set)  # files (not folders) in the zip
    kept: dict[str, bytes] = field(default_factory=dict)  # XML, XSD and DTD contents


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16)


def _read_limited(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int,
                  limits: Limits) -> tuple[bytes | None, int, str | None]:
    """Decompress one member counting real bytes. Returns (content if kept, bytes read, problem)."""
    keep = info.filename.lower().endswith((".xml", ".xsd", ".dtd"))
    cap = min(budget, limits.max_member)
    ratio_cap = max(limits.ratio_floor, info.compress_size * limits.max_ratio)
    chunks: list[bytes] = []
    count = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(1 << 16):
                count += len(chunk)
                if count > cap:
                    return None, count, "size"
                if count > ratio_cap:
                    return None, count, "ratio"
                if keep and count <= limits.max_kept:
                    chunks.append(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        return None, count, f"corrupt: {error}"
    return (b"".join(chunks) if keep and count <= limits.max_kept else None), count, None


def _check_entry(info: zipfile.ZipInfo, seen: set[str], report: Report, limits: Limits) -> bool:
    """Header-level checks of one member; False when it must not be decompressed."""
    name = info.filename
    report.findings.extend(path_problems(name, _("entry")))
    if name in seen:
        report.error("duplicate-entry", _("'{name}' appears twice in the zip").format(name=name))
    seen.add(name)
    if _is_symlink(info):
        report.error("symlink", _("'{name}' is a symbolic link: packages must hold plain files").format(name=name))
        return False
    if info.flag_bits & 0x1:
        report.error("encrypted", _("'{name}' is encrypted: an LMS cannot read it").format(name=name))
        return False
    declared_ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > limits.ratio_floor and declared_ratio > limits.max_ratio:
        report.error("compression-ratio",
                     _("'{name}' claims to expand {ratio} times ({compressed} -> {size} bytes): a zip bomb; "
                       "not decompressed").format(name=name, ratio=f"{declared_ratio:.0f}",
                                                  compressed=info.compress_size, size=info.file_size))
        return False
    return True


def _scan(archive: zipfile.ZipFile, report: Report, limits: Limits) -> _Members:
    members = _Members()
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        report.error("too-many-entries", _("{count} entries (limit {limit})").format(
            count=len(infos), limit=limits.max_members))
        return members
    seen: set[str] = set()
    total = 0
    for info in infos:
        readable = _check_entry(info, seen, report, limits)
        if info.is_dir():
            continue
        members.names.add(info.filename)
        if not readable:
            continue
        content, count, problem = _read_limited(archive, info, limits.max_total - total, limits)
        total += count
        if problem is not None:
            _report_read_problem(report, info, count, problem, limits)
            if problem in ("ratio", "size"):
                break  # a bomb: decompress nothing more
            continue
        if content is not None:
            members.kept[info.filename] = content
    report.files = len(members.names)
    report.uncompressed_bytes = total
    return members


def _report_read_problem(report: Report, info: zipfile.ZipInfo, count: int, problem: str,
                         limits: Limits) -> None:
    name = info.filename
    if problem == "ratio":
        report.error("compression-ratio",
                     # A guard: zipfile stops at the declared size, which _check_entry bounds.
                     f"'{name}' expanded past {limits.max_ratio} times its compressed size "
                     f"({info.compress_size} bytes -> more than {count}): a zip bomb; "
                     "reading stopped")
    elif problem == "size":
        report.error("too-large",
                     _("'{name}' decompresses to more than the limit (stopped after {count} "
                       "bytes; at most {per_file} per file, {total} in all)").format(
                         name=name, count=count, per_file=limits.max_member, total=limits.max_total))
    else:
        report.error("corrupt-entry", _("'{name}' cannot be read: {problem}").format(
            name=name, problem=problem.removeprefix("corrupt: ")))


# --- the manifest --------------------------------------------------------------------------------

def _text(element: etree._Element | None) -> str:
    return "" if element is None else "".join(element.itertext())


def _children(element: etree._Element, local: str) -> list[etree._Element]:
    return [child for child in element if isinstance(child.tag, str)
            and etree.QName(child).localname == local]


def _child(element: etree._Element, local: str) -> etree._Element | None:
    found = _children(element, local)
    return found[0] if found else None


def _find_manifest(members: _Members, report: Report) -> bytes | None:
    if MANIFEST in members.names:
        content = members.kept.get(MANIFEST)
        if content is None:
            report.error("manifest-unreadable", _("imsmanifest.xml could not be read"))
        return content
    wrong_case = [n for n in members.names if n.lower() == MANIFEST]
    nested = sorted(n for n in members.names if posixpath.basename(n).lower() == MANIFEST)
    if wrong_case:
        report.error("manifest-name", _("the manifest is named '{name}': it must be "
                                        "exactly 'imsmanifest.xml' (lower case)").format(name=wrong_case[0]))
    elif nested:
        report.error("manifest-not-at-root",
                     _("imsmanifest.xml is at '{path}', not at the zip root: zip the "
                       "contents of the course folder, not the folder itself").format(path=nested[0]))
    else:
        report.error("missing-manifest",
                     _("no imsmanifest.xml in the zip: this is not a SCORM package"))
    return None


def _detect_version(root: etree._Element, report: Report) -> None:
    metadata = _child(root, "metadata")
    element = _child(metadata, "schemaversion") if metadata is not None else None
    namespace = etree.QName(root).namespace
    if element is None:
        report.version = "SCORM 1.2" if namespace == IMSCP12_NS else None
        report.warning("no-schemaversion", _("the manifest has no <metadata><schemaversion>: "
                                             "LMSs assume SCORM 1.2"))
        return
    value = element.text or ""
    if value in MOODLE_SCHEMAVERSIONS:
        report.version = MOODLE_SCHEMAVERSIONS[value]
        return
    report.error("schemaversion",
                 _("<schemaversion> is '{value}': it must be exactly one of {allowed}; Moodle runs "
                   "anything else with the SCORM 1.2 API").format(
                     value=value, allowed=", ".join(repr(v) for v in MOODLE_SCHEMAVERSIONS)))


def _validate_schema(tree: etree._Element, report: Report, schemas_dir: Path | None) -> None:
    schema_set = SETS_BY_ROOT.get(etree.QName(tree).namespace or "")
    if etree.QName(tree).localname != "manifest" or schema_set is None:
        report.error("manifest-namespace",
                     _("the root element is {tag}: expected <manifest> in the IMS CP "
                       "namespace ({scorm12} for SCORM 1.2, {scorm2004} for SCORM 2004)").format(
                         tag=tree.tag, scorm12=IMSCP12_NS, scorm2004=IMSCP_NS))
        return
    if ADLCP12_NS in _namespaces(tree) and schema_set.key == "scorm2004":
        report.warning("schema-not-checked", _("SCORM 1.2 adlcp with the IMS CP 1.1.4 namespace: "
                                               "no official schema set covers this mix"))
        return
    try:
        folder = (checked_schemas_dir(schemas_dir, "--schemas") if schemas_dir
                  else find_schemas_dir())
    except SchemasNotFoundError as error:
        report.error("schemas-not-found", str(error))
        return
    try:
        problems = validate(tree, schema_set, folder)
    except etree.Error as error:  # e.g. an entity reference left unexpanded by the safe parser
        report.schema_valid = False
        report.error("schema", _("imsmanifest.xml cannot be validated: {problem}").format(problem=error))
        return
    report.schema_valid = not problems
    for problem in problems:
        report.error("schema", f"imsmanifest.xml {problem}")


def _namespaces(root: etree._Element) -> set[str]:
    return {ns for element in root.iter() if isinstance(element.tag, str)
            for ns in element.nsmap.values()}


def _check_scorm_type(resource: etree._Element, report: Report) -> str | None:
    """The resource's scormType; Moodle matches the literal prefix 'adlcp:' and value 'sco'."""
    ident = resource.get("identifier", "?")
    for name, value in resource.attrib.items():
        qname = etree.QName(name)
        if qname.localname.lower() != "scormtype":
            continue
        if qname.namespace not in (ADLCP12_NS, ADLCP_NS):
            report.error("scormtype-namespace",
                         _("resource '{id}': {attribute} is not in the adlcp namespace, "
                           "so LMSs treat the resource as an asset").format(id=ident, attribute=qname.localname))
            return None
        prefixes = {p for p, ns in resource.nsmap.items() if ns == qname.namespace}
        if "adlcp" not in prefixes:
            report.error("adlcp-prefix",
                         _("resource '{id}': the adlcp namespace is bound to '{prefix}:'; Moodle only "
                           "reads the literal prefix 'adlcp:' and would treat the SCO as an asset").format(
                             id=ident, prefix=sorted(p or "" for p in prefixes)[0]))
        if value not in ("sco", "asset"):
            report.error("scormtype-value",
                         _("resource '{id}': adlcp:{attribute} is '{value}'; it must be "
                           "'sco' or 'asset' in lower case (Moodle treats anything but 'sco' as an "
                           "asset, so nothing would be tracked)").format(id=ident, attribute=qname.localname,
                                                                          value=value))
        return value
    return None


@dataclass
class _Resource:
    identifier: str
    href: str | None
    scorm_type: str | None


class _ManifestCheck:
    """Walks one parsed manifest, filling the report; `referenced` collects package paths."""

    def __init__(self, root: etree._Element, members: _Members, report: Report):
        self.root, self.members, self.report = root, members, report
        self.referenced: set[str] = {MANIFEST}
        self.resources: dict[str, _Resource] = {}

    def run(self) -> None:
        self._metadata_locations()
        self._resources()
        self._organizations()
        self._map_info()
        self._control_files()
        self._unlisted()

    def _href(self, href: str, base: str, what: str) -> str | None:
        """The package path an href points to, checking that it exists; None if external."""
        href = href.strip()
        if _URL_SCHEME.match(href) and not re.match(r"^[A-Za-z]:[\\/]", href):
            return None
        path = unquote(href.split("#", 1)[0].split("?", 1)[0])
        self.report.findings.extend(path_problems(path, what))
        path = path.replace("\\", "/")
        joined = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
        if joined.startswith("../") or joined == "..":
            return None
        self.referenced.add(joined)
        if joined not in self.members.names:
            self.report.error("missing-file", _("{what} '{href}' is not in the package").format(what=what, href=href))
        return joined

    def _metadata_locations(self) -> None:
        for element in self.root.iter(f"{{{ADLCP12_NS}}}location", f"{{{ADLCP_NS}}}location"):
            self._href(_text(element), "", _("metadata file"))

    def _base(self, *elements: etree._Element | None) -> str:
        parts = [e.get(XML_BASE, "") for e in elements if e is not None]
        return posixpath.join("", *parts) if parts else ""

    def _resources(self) -> None:
        container = _child(self.root, "resources")
        if container is None:
            return
        for resource in _children(container, "resource"):
            ident = resource.get("identifier", "")
            base = self._base(self.root, container, resource)
            scorm_type = _check_scorm_type(resource, self.report)
            href = resource.get("href")
            path = self._href(href, base, _("resource '{id}' href").format(id=ident)) if href else None
            for file in _children(resource, "file"):
                self._href(file.get("href", ""), base, _("resource '{id}' file").format(id=ident))
            self.resources[ident] = _Resource(ident, path if path else href, scorm_type)
            if scorm_type == "sco" and not href:
                self.report.error("sco-without-href", _("SCO resource '{id}' has no href: "
                                                        "there is nothing to launch").format(id=ident))
        for resource in _children(container, "resource"):
            for dependency in _children(resource, "dependency"):
                if dependency.get("identifierref") not in self.resources:
                    self.report.error("missing-dependency",
                                      _("resource '{id}' depends on '{dependency}', which is not a resource").format(
                                          id=resource.get("identifier"), dependency=dependency.get("identifierref")))

    def _organizations(self) -> None:
        container = _child(self.root, "organizations")
        organizations = _children(container, "organization") if container is not None else []
        default = container.get("default") if container is not None else None
        if default and default not in {o.get("identifier") for o in organizations}:
            self.report.error("missing-default-organization",
                              _("organizations default='{default}' names no organization").format(default=default))
        for element in organizations:
            ident = element.get("identifier", "")
            organization = Organization(ident, _text(_child(element, "title")).strip(),
                                        ident == default or (not default and not self.report.organizations))
            self._check_title(organization.title, _("organization '{id}'").format(id=ident))
            self._items(element, organization, 0)
            if not organization.items:
                self.report.error("empty-organization", _("organization '{id}' has no items").format(id=ident))
            self.report.organizations.append(organization)
        if not self.report.scos:
            self.report.error("no-sco", _("no item launches a SCO: the LMS can track nothing"))

    def _check_title(self, title: str, what: str) -> None:
        if not title:
            self.report.error("missing-title", _("{what} has no title").format(what=what))
        elif len(title) > MAX_TITLE:
            self.report.error("title-too-long",
                              _("{what} title has {count} characters: Moodle keeps at most 255").format(
                                  what=what, count=len(title)))

    def _items(self, parent: etree._Element, organization: Organization, depth: int) -> None:
        for element in _children(parent, "item"):
            item = Item(element.get("identifier", ""), _text(_child(element, "title")).strip(), depth)
            self._check_title(item.title, _("item '{id}'").format(id=item.identifier))
            ref = element.get("identifierref")
            if ref is not None:
                self._link(item, ref, element.get("parameters", ""))
            item.mastery = self._mastery(element)
            organization.items.append(item)
            self._items(element, organization, depth + 1)

    def _link(self, item: Item, ref: str, parameters: str) -> None:
        resource = self.resources.get(ref)
        if resource is None:
            self.report.error("missing-resource",
                              _("item '{id}' refers to resource '{resource}', which does not exist").format(
                                  id=item.identifier, resource=ref))
            return
        item.resource, item.scorm_type = ref, resource.scorm_type or "asset"
        item.launch = (resource.href or "") + parameters if resource.href else None

    def _mastery(self, element: etree._Element) -> dict[str, Any]:
        score = element.find(f"{{{ADLCP12_NS}}}masteryscore")
        if score is not None:
            return self._mastery_score(_text(score).strip(), element.get("identifier", ""))
        sequencing = element.find(f"{{{IMSSS_NS}}}sequencing")
        primary = None if sequencing is None else sequencing.find(
            f"{{{IMSSS_NS}}}objectives/{{{IMSSS_NS}}}primaryObjective")
        if primary is None:
            return {}
        measure = primary.find(f"{{{IMSSS_NS}}}minNormalizedMeasure")
        return {"objective": primary.get("objectiveID"),
                "satisfied_by_measure": primary.get("satisfiedByMeasure") == "true",
                "min_normalized_measure": None if measure is None else self._measure(
                    _text(measure).strip(), element.get("identifier", ""))}

    def _measure(self, value: str, ident: str) -> float | str:
        """minNormalizedMeasure is a decimal from -1 to 1; anything else is a finding, kept as text."""
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not -1 <= number <= 1:  # also false for NaN and infinities
            self.report.error("min-normalized-measure",
                              _("item '{id}': minNormalizedMeasure '{value}' is not a number "
                                "from -1 to 1").format(id=ident, value=value))
            return value
        return number

    def _mastery_score(self, value: str, ident: str) -> dict[str, Any]:
        try:
            number = float(value)
        except ValueError:
            number = -1.0
        if not 0 <= number <= 100:  # also false for NaN and infinities
            self.report.error("masteryscore", _("item '{id}': adlcp:masteryscore '{value}' is not "
                                                "a number from 0 to 100").format(id=ident, value=value))
            return {"masteryscore": value}
        return {"masteryscore": number}

    def _map_info(self) -> None:
        found = list(self.root.iter(f"{{{IMSSS_NS}}}mapInfo"))
        if found:
            self.report.error("moodle-mapinfo",
                              _("{count} imsss:mapInfo element(s) (first on line {line}): Moodle 4.5 fails "
                                "to import packages with imsss:mapInfo; use local objectives or "
                                "adlseq:mapInfo").format(count=len(found), line=found[0].sourceline))

    def _control_files(self) -> None:
        """Schema files named by xsi:schemaLocation (and what they include) need no resource."""
        hints = (self.root.get(XSI_SCHEMA_LOCATION) or "").split()
        pending = [location for location in hints[1::2] if "://" not in location]
        while pending:
            name = posixpath.normpath(pending.pop())
            if name in self.referenced or name not in self.members.names:
                continue
            self.referenced.add(name)
            text = self.members.kept.get(name, b"").decode("utf-8", "replace")
            base = posixpath.dirname(name)
            pending += [posixpath.join(base, ref)
                        for ref in schema_references(text, name.endswith(".dtd"))]

    def _unlisted(self) -> None:
        for name in sorted(self.members.names - self.referenced):
            self.report.warning("unlisted-file",
                                _("'{name}' is in the zip but listed in no resource").format(name=name))


def check_moodle_sequencing_hazards(root: etree._Element, report: Report) -> None:
    """SCORM 2004 sequencing that Moodle 4.5 cannot store: organisation-level rollupRules (its
    parser leaves the NOT NULL column `action` empty, so adding the package fails on PostgreSQL
    or strict MySQL). imsss:mapInfo is flagged by _ManifestCheck (moodle-mapinfo)."""
    for organization in root.iter("{*}organization"):
        for sequencing in organization.findall("{*}sequencing"):
            rules = sequencing.findall("{*}rollupRules")
            if any(len(r) for r in rules):
                report.warning("moodle-rollup-rules",
                               _("organization '{id}' has rollupRules: Moodle 4.5 cannot store them and "
                                 "refuses the package on PostgreSQL or strict MySQL; leave rollup to the "
                                 "default").format(id=organization.get("identifier")))


def _check_manifest(members: _Members, report: Report, schemas_dir: Path | None) -> None:
    content = _find_manifest(members, report)
    if content is None:
        return
    try:
        root = etree.fromstring(content, safe_parser())
    except etree.XMLSyntaxError as error:
        report.error("manifest-not-well-formed", _("imsmanifest.xml is not well-formed XML: {problem}").format(
            problem=error))
        return
    doctype = root.getroottree().docinfo
    if doctype.internalDTD is not None or doctype.externalDTD is not None or doctype.doctype:
        report.error("manifest-doctype",
                     _("imsmanifest.xml has a DOCTYPE: a manifest needs none, and its entities are "
                       "never expanded here (an LMS parser might fetch or expand them)"))
    _detect_version(root, report)
    _validate_schema(root, report, schemas_dir)
    _ManifestCheck(root, members, report).run()
    check_moodle_sequencing_hazards(root, report)


def inspect_zip(path: Path, schemas_dir: Path | None = None, limits: Limits = Limits()) -> Report:
    """Check one SCORM zip. Never extracts; every finding is in the returned report."""
    report = Report(str(path))
    try:
        kind = os.stat(path).st_mode
    except OSError as error:
        report.error("not-a-zip", _("{path} cannot be read: {reason}").format(path=path, reason=error.strerror))
        return report
    if not stat.S_ISREG(kind):  # a FIFO would block for ever, a device read without end
        report.error("not-a-file", _("{path} is not a regular file (a pipe, device or folder): "
                                     "only zip files are inspected").format(path=path))
        return report
    try:
        with open(path, "rb") as handle, zipfile.ZipFile(handle) as archive:
            members = _scan(archive, report, limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        # ValueError covers UnicodeDecodeError: an entry name flagged UTF-8 that is not UTF-8.
        report.error("not-a-zip", _("{path} cannot be opened as a zip: {problem}").format(path=path, problem=error))
        return report
    from .xapi.package_check import inspect_xapi  # cmi5.xml / tincan.xml packages

    if not inspect_xapi(members.names, members.kept, report, schemas_dir):
        _check_manifest(members, report, schemas_dir)
    return report


# --- output --------------------------------------------------------------------------------------

def _mastery_text(mastery: dict[str, Any]) -> str:
    if "masteryscore" in mastery:
        score = mastery["masteryscore"]
        return _("mastery score {score}").format(score=f"{score:g}" if isinstance(score, float) else repr(score))
    measure = mastery.get("min_normalized_measure")
    if mastery.get("satisfied_by_measure") and measure is not None:
        shown = f"{measure:g}" if isinstance(measure, float) else repr(measure)  # text when invalid
        return _("passed at scaled score >= {score}").format(score=shown)
    return ""


def format_text(report: Report) -> str:
    schema = {None: _("not checked"), True: _("valid"), False: _("INVALID")}[report.schema_valid]
    lines = [f"{report.path}",
             "  " + _("version: {version}; manifest schema: {schema}; {files} files, {size} KiB uncompressed").format(
                 version=report.version or _("unknown"), schema=schema, files=report.files,
                 size=f"{report.uncompressed_bytes / 1024:.0f}")]
    for organization in report.organizations:
        marker = _(" (default)") if organization.default else ""
        lines.append("  " + _("organization {id}{default}: {title}").format(
            id=organization.identifier, default=marker, title=organization.title))
        for item in organization.items:
            indent = "    " + "  " * item.depth
            kind = f"{item.scorm_type} {item.resource} -> {item.launch}" if item.resource else _("folder")
            extra = _mastery_text(item.mastery)
            lines.append(f"{indent}{item.identifier}: {item.title} [{kind}]"
                         + (f" ({extra})" if extra else ""))
    lines += [f"  {finding.format()}" for finding in report.findings]
    verdict = _("FAILED") if report.errors else _("OK")
    lines.append(_("{verdict}: {scos} SCOs, {errors} errors, {warnings} warnings").format(
        verdict=verdict, scos=len(report.scos), errors=len(report.errors), warnings=len(report.warnings)))
    return "\n".join(printable(line) for line in lines)


def _finite(value: Any) -> Any:
    """JSON has no NaN or Infinity: a non-finite number is reported as its text."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_finite(item) for item in value]
    return value


def format_json(reports: list[Report]) -> str:
    document = {"ok": not any(r.errors for r in reports), "packages": [r.to_dict() for r in reports]}
    # ensure_ascii: control characters and bidi overrides in names arrive escaped (\\u001b).
    return json.dumps(_finite(document), ensure_ascii=True, allow_nan=False, indent=2)
