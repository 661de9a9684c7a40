"""The official SCORM XML Schemas: finding them, validating manifests, listing control files.

The XSDs are data files kept outside the repository (their licences differ from ours): they are
read from the folder named by LMS_BUILD_SCHEMAS, or from ../shared/schemas beside the working
directory or the course. Validation builds one driver schema importing every namespace of a
SCORM version from the local files, so a manifest's own xsi:schemaLocation hints are never
followed and nothing is fetched from the network."""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

from .i18n import _

SCHEMAS_ENV = "LMS_BUILD_SCHEMAS"
XML_XSD_URL = "http://www.w3.org/2001/xml.xsd"


class SchemasNotFoundError(RuntimeError):
    """The XSD folder could not be found; the message says where we looked."""


@dataclass(frozen=True)
class SchemaSet:
    """The schema files of one SCORM version: `imports` are (namespace, root file) pairs."""

    key: str
    folder: str
    imports: tuple[tuple[str, str], ...]
    #: Files a package needs beside its manifest for the xsi:schemaLocation hints to resolve,
    #: besides the ones validated (SCORM 1.2 metadata schema does not compile in libxml2).
    extra_hints: tuple[tuple[str, str], ...] = ()

    @property
    def schema_location(self) -> str:
        pairs = [*self.imports[:1], *self.extra_hints, *self.imports[1:]]
        return " ".join(f"{namespace} {file}" for namespace, file in pairs)


IMSCP12_NS = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP12_NS = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
IMSMD12_NS = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
IMSCP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
ADLCP_NS = "http://www.adlnet.org/xsd/adlcp_v1p3"
ADLSEQ_NS = "http://www.adlnet.org/xsd/adlseq_v1p3"
ADLNAV_NS = "http://www.adlnet.org/xsd/adlnav_v1p3"
IMSSS_NS = "http://www.imsglobal.org/xsd/imsss"
LOM_NS = "http://ltsc.ieee.org/xsd/LOM"

SCORM12 = SchemaSet(
    "scorm12", "scorm12",
    ((IMSCP12_NS, "imscp_rootv1p1p2.xsd"), (ADLCP12_NS, "adlcp_rootv1p2.xsd")),
    extra_hints=((IMSMD12_NS, "imsmd_rootv1p2p1.xsd"),),
)
SCORM2004 = SchemaSet(
    "scorm2004", "scorm2004_4th",
    ((IMSCP_NS, "imscp_v1p1.xsd"), (ADLCP_NS, "adlcp_v1p3.xsd"), (ADLSEQ_NS, "adlseq_v1p3.xsd"),
     (ADLNAV_NS, "adlnav_v1p3.xsd"), (IMSSS_NS, "imsss_v1p0.xsd"), (LOM_NS, "lom.xsd")),
)
#: Root element namespace of a manifest -> the schema set that validates it.
SETS_BY_ROOT = {IMSCP12_NS: SCORM12, IMSCP_NS: SCORM2004}


def _candidates(course_root: Path | None) -> list[Path]:
    here = Path(__file__).resolve().parent
    found = [Path.cwd() / ".." / "shared" / "schemas"]
    if course_root is not None:
        found.append(course_root.resolve().parent / "shared" / "schemas")
    found.append(here.parent.parent / "shared" / "schemas")  # an editable install's checkout
    return found


def _is_schemas_dir(path: Path) -> bool:
    return all((path / s.folder / s.imports[0][1]).is_file() for s in (SCORM12, SCORM2004))


def checked_schemas_dir(path: Path, source: str) -> Path:
    """`path` if it holds the schema sets; `source` says where the path came from."""
    if _is_schemas_dir(path):
        return path.resolve()
    raise SchemasNotFoundError(_("{source} {path} does not hold scorm12/ and scorm2004_4th/ "
                                 "with the official XSDs").format(source=source, path=path))


def find_schemas_dir(course_root: Path | None = None) -> Path:
    """The folder holding scorm12/ and scorm2004_4th/. LMS_BUILD_SCHEMAS wins when set."""
    if configured := os.environ.get(SCHEMAS_ENV):
        return checked_schemas_dir(Path(configured), f"{SCHEMAS_ENV}:")
    tried = _candidates(course_root)
    for path in tried:
        if _is_schemas_dir(path):
            return path.resolve()
    raise SchemasNotFoundError(
        _("the official SCORM XSDs were not found (tried {tried}); set {variable} to the schemas folder").format(
            tried=", ".join(str(p) for p in tried), variable=SCHEMAS_ENV))


class _LocalResolver(etree.Resolver):
    """Serves the one absolute import (the W3C xml.xsd) from the local copy."""

    def __init__(self, xml_xsd: Path):
        super().__init__()
        self.xml_xsd = xml_xsd

    def resolve(self, system_url, public_id, context):  # type: ignore[no-untyped-def]
        if system_url == XML_XSD_URL:
            return self.resolve_filename(str(self.xml_xsd), context)
        return None


def safe_parser(schemas_dir: Path | None = None) -> etree.XMLParser:
    """No network, no DTD loading, no entity expansion: safe for untrusted XML."""
    parser = etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False,
                             huge_tree=False, remove_blank_text=False)
    if schemas_dir is not None:
        parser.resolvers.add(_LocalResolver(schemas_dir / SCORM2004.folder / "xml.xsd"))
    return parser


@cache
def load_schema(schema_set: SchemaSet, schemas_dir: Path) -> etree.XMLSchema:
    base = f"{schemas_dir / schema_set.folder}{os.sep}"
    imports = "".join(f'<xs:import namespace="{namespace}" schemaLocation="{file}"/>'
                      for namespace, file in schema_set.imports)
    driver = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'
    return etree.XMLSchema(etree.fromstring(driver, safe_parser(schemas_dir), base_url=base))


def validate(document: etree._ElementTree | etree._Element, schema_set: SchemaSet,
             schemas_dir: Path) -> list[str]:
    """Schema errors as 'line N: message' (empty when valid)."""
    schema = load_schema(schema_set, schemas_dir)
    if schema.validate(document):
        return []
    return [f"line {error.line}: {error.message}" for error in schema.error_log]


def validate_bytes(content: bytes, schema_set: SchemaSet, schemas_dir: Path) -> list[str]:
    try:
        document = etree.fromstring(content, safe_parser(schemas_dir))
    except etree.XMLSyntaxError as error:
        return [f"not well-formed XML: {error}"]
    return validate(document, schema_set, schemas_dir)


def schema_references(text: str, is_dtd: bool = False) -> list[str]:
    """Relative files a schema or DTD refers to (imports, includes, DOCTYPE, DTD entities).

    Read as text, not parsed: ims_xml.xsd binds the XML namespace as the default namespace,
    which a strict XML parser refuses, yet the file is part of the official set. The text may
    come from an untrusted package (`inspect`), so every step is linear in its length: comments
    are cut with str.find (a lazy `<!--.*?-->` regex is quadratic on many unclosed comments)
    and only the first DOCTYPE is read, within a bounded window."""
    text = _without_comments(text)
    found = re.findall(r'schemaLocation\s*=\s*["\']([^"\']+)["\']', text)
    if (doctype := text.find("<!DOCTYPE")) >= 0:  # a document has at most one
        found += re.findall(r'^<!DOCTYPE[^>\[]*?"([^"<>]+\.dtd)"', text[doctype:doctype + 2048])
    if is_dtd:
        found += re.findall(r'["\']([\w.-]{1,1024}\.dtd)["\']', text)
    found = ["xml.xsd" if location == XML_XSD_URL else location for location in found]
    return [location for location in found if "://" not in location]


def _without_comments(text: str) -> str:
    kept: list[str] = []
    position = 0
    while (start := text.find("<!--", position)) >= 0:
        kept.append(text[position:start])
        end = text.find("-->", start + 4)
        if end < 0:
            return "".join(kept)  # an unclosed comment runs to the end of the text
        position = end + 3
    kept.append(text[position:])
    return "".join(kept)


def control_files(schema_set: SchemaSet, schemas_dir: Path, roots: list[str]) -> dict[str, bytes]:
    """`roots` and every file they import or include, keyed by path relative to the set's folder
    (the package root): what a package ships so its schemaLocation hints resolve offline."""
    folder = schemas_dir / schema_set.folder
    pending, seen = list(roots), {}
    while pending:
        name = posixpath.normpath(pending.pop())
        if name in seen or not (folder / name).is_file():
            continue
        seen[name] = (folder / name).read_bytes()
        base = posixpath.dirname(name)
        text = seen[name].decode("utf-8", "replace")
        pending += [posixpath.join(base, ref)
                    for ref in schema_references(text, name.endswith(".dtd"))]
    return dict(sorted(seen.items()))
