"""SCORM 1.2 and SCORM 2004 packages: what an LMS (Moodle above all) needs to import them cleanly.

Every package is built from the fixture course in each SCO layout and both languages, then read
back from the zip and checked against the official XSDs and the rules Moodle applies."""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from lms_build.build import build
from lms_build.diagnostics import CourseError
from lms_build.inspect import inspect_zip
from lms_build.packaging import sha256
from lms_build.schemas import (
    ADLCP12_NS,
    ADLCP_NS,
    ADLSEQ_NS,
    IMSMD12_NS,
    IMSSS_NS,
    LOM_NS,
    SCHEMAS_ENV,
    SCORM12,
    SCORM2004,
    find_schemas_dir,
    validate,
)
from tests.conftest import MINI_COURSE, REPO, run_cli

TARGETS = ("scorm12", "scorm2004")
LANGS = ("fi", "sv")
TITLES = {"fi": "Pieni testikurssi", "sv": "En liten testkurs"}
MODULE_TITLES = {"fi": ["Perusteet", "Loppukoe"], "sv": ["Grunderna", "Slutprov"]}
#: course.toml additions per variant: every layout for both targets, and prerequisites.
VARIANTS = {
    "defaults": "",  # 1.2: one SCO for the course; 2004: one SCO per module
    "swapped": '[build.scorm12]\nsco_layout = "module"\n[build.scorm2004]\nsco_layout = "course"\n',
    "prerequisites": '[build.scorm2004]\nsco_layout = "module"\nprerequisites = true\n',
}
SLUG_PATH = re.compile(r"^[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*$")
NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")

Packages = dict[tuple[str, str, str], Path]  # (variant, target, lang) -> zip


def make_course(root: Path, extra_toml: str, replace: dict[str, str] | None = None) -> Path:
    shutil.copytree(MINI_COURSE, root)
    config = root / "course.toml"
    text = config.read_text(encoding="utf-8")
    for old, new in (replace or {}).items():
        text = text.replace(old, new)
    config.write_text(text + "\n" + extra_toml, encoding="utf-8")
    return root


def build_packages(course: Path, out: Path) -> dict[tuple[str, str], Path]:
    artifacts = build(course, out, list(TARGETS), list(LANGS)).artifacts
    return {(a.target, a.lang): out / a.path for a in artifacts}


@pytest.fixture(scope="session")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Packages:
    built: Packages = {}
    for variant, extra in VARIANTS.items():
        base = tmp_path_factory.mktemp(variant)
        for (target, lang), path in build_packages(make_course(base / "course", extra),
                                                   base / "dist").items():
            built[(variant, target, lang)] = path
    return built


@pytest.fixture(scope="session")
def real_packages(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """The real course's packages; a course that does not validate fails here (CourseError)."""
    return build_packages(REPO, tmp_path_factory.mktemp("real") / "dist")


def every_package() -> Iterator[tuple[str, str, str]]:
    for variant in VARIANTS:
        for target in TARGETS:
            for lang in LANGS:
                yield variant, target, lang


ALL = pytest.mark.parametrize(("variant", "target", "lang"), list(every_package()))


def read_manifest(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("imsmanifest.xml"))


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def ns(target: str) -> dict[str, str]:
    if target == "scorm12":
        return {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "adlcp": ADLCP12_NS}
    return {"cp": "http://www.imsglobal.org/xsd/imscp_v1p1", "adlcp": ADLCP_NS,
            "imsss": IMSSS_NS, "adlseq": ADLSEQ_NS, "lom": LOM_NS}


def item_titles(manifest: etree._Element, target: str) -> list[str]:
    return manifest.xpath("//cp:item/cp:title/text()", namespaces=ns(target))


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("lang", LANGS)
def test_the_real_course_packages_pass_inspect_without_findings(
        real_packages: dict[tuple[str, str], Path], target: str, lang: str) -> None:
    report = inspect_zip(real_packages[(target, lang)])
    assert report.findings == []
    assert report.schema_valid is True
    assert len(report.scos) == (1 if target == "scorm12" else len(list(REPO.glob("modules/*.yaml"))))


# --- files and names ---------------------------------------------------------------------------

@ALL
def test_one_zip_per_language_named_by_course_language_target_and_version(
        packages: Packages, variant: str, target: str, lang: str) -> None:
    path = packages[(variant, target, lang)]
    assert path.name == f"mini-course-{lang}-{target}-0.1.0.zip"
    assert path.parent.name == target


@ALL
def test_every_manifest_is_valid_against_the_official_xsds(
        packages: Packages, variant: str, target: str, lang: str) -> None:
    schema_set = SCORM12 if target == "scorm12" else SCORM2004
    assert validate(read_manifest(packages[(variant, target, lang)]), schema_set,
                    find_schemas_dir()) == []


@ALL
def test_inspect_finds_no_error_and_no_warning(
        packages: Packages, variant: str, target: str, lang: str) -> None:
    """inspect checks every href resolves and every file is listed (unlisted = warning)."""
    report = inspect_zip(packages[(variant, target, lang)])
    assert report.findings == []
    assert report.schema_valid is True


@ALL
def test_manifest_at_the_root_and_the_player_in_the_package(
        packages: Packages, variant: str, target: str, lang: str) -> None:
    files = members(packages[(variant, target, lang)])
    assert "imsmanifest.xml" in files
    assert "player/player.css" in files
    assert "assets/map.svg" in files
    launch_pages = [n for n in files if n.endswith(".html")]
    assert all(b'<html lang="' + lang.encode() + b'"' in files[n] for n in launch_pages)
    assert all(f'data-runtime="{target}"'.encode() in files[n] for n in launch_pages)


@ALL
def test_every_path_is_a_relative_ascii_slug_except_the_official_schema_files(
        packages: Packages, variant: str, target: str, lang: str) -> None:
    schema_set = SCORM12 if target == "scorm12" else SCORM2004
    official = find_schemas_dir() / schema_set.folder
    for name in members(packages[(variant, target, lang)]):
        assert not name.startswith("/") and ".." not in name.split("/") and "\\" not in name
        assert name.isascii()
        if name.endswith((".xsd", ".dtd")):
            assert (official / name).is_file(), f"{name} is not an official schema file"
        else:
            assert SLUG_PATH.match(name), name


@ALL
def test_every_resource_file_is_in_the_zip_and_every_content_file_in_a_resource(
        packages: Packages, variant: str, target: str, lang: str) -> None:
    path = packages[(variant, target, lang)]
    manifest, files = read_manifest(path), members(path)
    listed = set(manifest.xpath("//cp:file/@href", namespaces=ns(target)))
    hrefs = set(manifest.xpath("//cp:resource/@href", namespaces=ns(target)))
    assert hrefs <= listed <= set(files)
    control = {n for n in files if n.endswith((".xsd", ".dtd"))} | {"imsmanifest.xml",
                                                                    "metadata.xml"}
    assert set(files) - control == listed


@ALL
def test_identifiers_are_unique_xml_ids(
        packages: Packages, variant: str, target: str, lang: str) -> None:
    manifest = read_manifest(packages[(variant, target, lang)])
    identifiers = manifest.xpath("//@identifier")
    assert len(identifiers) == len(set(identifiers))
    assert all(NCNAME.match(i) for i in identifiers)
    refs = manifest.xpath("//@identifierref")
    assert set(refs) <= set(identifiers)


@ALL
def test_schema_location_and_scorm_version_strings_are_exact(
        packages: Packages, variant: str, target: str, lang: str) -> None:
    manifest = read_manifest(packages[(variant, target, lang)])
    location = manifest.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation")
    schema = manifest.xpath("cp:metadata/cp:schema/text()", namespaces=ns(target))
    version = manifest.xpath("cp:metadata/cp:schemaversion/text()", namespaces=ns(target))
    assert schema == ["ADL SCORM"]
    if target == "scorm12":
        assert version == ["1.2"]
        assert location.split() == [
            "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "imscp_rootv1p1p2.xsd",
            "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1", "imsmd_rootv1p2p1.xsd",
            "http://www.adlnet.org/xsd/adlcp_rootv1p2", "adlcp_rootv1p2.xsd"]
    else:
        assert version == ["2004 4th Edition"]
        pairs = dict(zip(location.split()[::2], location.split()[1::2], strict=True))
        assert pairs == {"http://www.imsglobal.org/xsd/imscp_v1p1": "imscp_v1p1.xsd",
                         ADLCP_NS: "adlcp_v1p3.xsd", ADLSEQ_NS: "adlseq_v1p3.xsd",
                         "http://www.adlnet.org/xsd/adlnav_v1p3": "adlnav_v1p3.xsd",
                         IMSSS_NS: "imsss_v1p0.xsd", LOM_NS: "lom.xsd"}


@ALL
def test_scorm_type_attribute_has_the_literal_adlcp_prefix_and_lower_case_values(
        packages: Packages, variant: str, target: str, lang: str) -> None:
    with zipfile.ZipFile(packages[(variant, target, lang)]) as archive:
        text = archive.read("imsmanifest.xml").decode("utf-8")
    attribute = "adlcp:scormtype" if target == "scorm12" else "adlcp:scormType"
    values = re.findall(rf'{attribute}="([^"]*)"', text)
    assert values.count("asset") == 1
    assert set(values) == {"sco", "asset"}


# --- titles and metadata -----------------------------------------------------------------------

@ALL
def test_titles_are_in_the_package_language(
        packages: Packages, variant: str, target: str, lang: str) -> None:
    manifest = read_manifest(packages[(variant, target, lang)])
    org_title = manifest.xpath("//cp:organization/cp:title/text()", namespaces=ns(target))
    assert org_title == [TITLES[lang]]
    layout = _layout(variant, target)
    expected = [TITLES[lang]] if layout == "course" else MODULE_TITLES[lang]
    assert item_titles(manifest, target) == expected


def _layout(variant: str, target: str) -> str:
    swapped = variant == "swapped"
    return ("course" if target == "scorm12" else "module") if not swapped else (
        "module" if target == "scorm12" else "course")


@pytest.mark.parametrize("lang", LANGS)
def test_scorm12_metadata_is_a_separate_ims_md_file_in_the_package_language(
        packages: Packages, lang: str) -> None:
    path = packages[("defaults", "scorm12", lang)]
    manifest = read_manifest(path)
    location = manifest.xpath("cp:metadata/adlcp:location/text()", namespaces=ns("scorm12"))
    assert location == ["metadata.xml"]
    lom = etree.fromstring(members(path)["metadata.xml"])
    md = {"md": IMSMD12_NS}
    assert lom.tag == f"{{{IMSMD12_NS}}}lom"
    general = lom.find("md:general", md)
    # Order matters in imsmd_rootv1p2p1.xsd (the one schema libxml2 cannot compile).
    assert [etree.QName(c).localname for c in general] == (
        ["title", "catalogentry", "language", "description"] + ["keyword"] * 2)
    assert [etree.QName(c).localname for c in lom] == [
        "general", "lifecycle", "metametadata", "technical", "rights"]
    assert general.xpath("md:title/md:langstring/text()", namespaces=md) == [TITLES[lang]]
    assert general.xpath("md:title/md:langstring/@xml:lang", namespaces=md) == [lang]
    assert general.xpath("md:language/text()", namespaces=md) == [lang]
    assert general.xpath("md:keyword/md:langstring/text()", namespaces=md) == (
        ["testi", "digituki"] if lang == "fi" else ["test", "digitalt stöd"])
    assert lom.xpath("md:lifecycle/md:version/md:langstring/text()", namespaces=md) == ["0.1.0"]
    description = general.xpath("md:description/md:langstring/text()", namespaces=md)[0]
    assert description.startswith("Kurssi, jossa" if lang == "fi" else "En kurs med")


@pytest.mark.parametrize("lang", LANGS)
def test_scorm2004_metadata_is_inline_lom_in_the_package_language(
        packages: Packages, lang: str) -> None:
    manifest = read_manifest(packages[("defaults", "scorm2004", lang)])
    lom = manifest.find(f"{{{ns('scorm2004')['cp']}}}metadata/{{{LOM_NS}}}lom")
    assert lom is not None
    n = {"lom": LOM_NS}
    assert lom.xpath("lom:general/lom:title/lom:string/text()", namespaces=n) == [TITLES[lang]]
    assert lom.xpath("lom:general/lom:title/lom:string/@language", namespaces=n) == [lang]
    assert lom.xpath("lom:general/lom:language/text()", namespaces=n) == [lang]
    assert len(lom.xpath("lom:general/lom:keyword", namespaces=n)) == 2
    assert lom.xpath("lom:lifeCycle/lom:version/lom:string/text()", namespaces=n) == ["0.1.0"]
    assert lom.xpath("lom:general/lom:description/lom:string/@language", namespaces=n) == [lang]


# --- mastery, sequencing -------------------------------------------------------------------------

@pytest.mark.parametrize("variant", ["defaults", "swapped"])
def test_scorm12_mastery_score_is_on_the_sco_holding_the_assessment(
        packages: Packages, variant: str) -> None:
    manifest = read_manifest(packages[(variant, "scorm12", "fi")])
    scores = {item.get("identifier"): item.xpath("adlcp:masteryscore/text()",
                                                 namespaces=ns("scorm12"))
              for item in manifest.iter("{*}item")}
    if variant == "defaults":
        assert scores == {"ITEM-mini-course": ["80"]}
    else:
        assert scores == {"ITEM-perusteet": [], "ITEM-loppukoe": ["80"]}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_scorm2004_mastery_is_an_objective_satisfied_by_measure_without_map_info(
        packages: Packages, variant: str) -> None:
    manifest = read_manifest(packages[(variant, "scorm2004", "fi")])
    n = ns("scorm2004")
    assert manifest.xpath("//imsss:mapInfo", namespaces=n) == []  # breaks Moodle 4.5
    measured = manifest.xpath("//imsss:primaryObjective[@satisfiedByMeasure='true']",
                              namespaces=n)
    assert len(measured) == 1
    assert measured[0].xpath("imsss:minNormalizedMeasure/text()", namespaces=n) == ["0.8"]
    item = measured[0].getparent().getparent().getparent()
    expected = "ITEM-mini-course" if variant == "swapped" else "ITEM-loppukoe"
    assert item.get("identifier") == expected


def test_scorm2004_sequencing_allows_flow_and_choice_and_lets_the_sco_set_its_status(
        packages: Packages) -> None:
    manifest = read_manifest(packages[("defaults", "scorm2004", "fi")])
    n = ns("scorm2004")
    control = manifest.xpath("//cp:organization/imsss:sequencing/imsss:controlMode", namespaces=n)
    assert [(c.get("choice"), c.get("flow")) for c in control] == [("true", "true")]
    delivery = manifest.xpath("//cp:item/imsss:sequencing/imsss:deliveryControls", namespaces=n)
    assert len(delivery) == 2
    assert all(d.get("completionSetByContent") == d.get("objectiveSetByContent") == "true"
               for d in delivery)
    assert manifest.xpath("//imsss:preConditionRule", namespaces=n) == []


def test_scorm2004_has_no_organisation_rollup_rules_and_each_item_says_what_it_contributes(
        packages: Packages) -> None:
    """Moodle 4.5 cannot store organisation-level rollupRules (adding the package fails on
    PostgreSQL or strict MySQL): the default rollup (all children) does the same job, steered by
    each item's rollupObjectiveSatisfied / rollupProgressCompletion."""
    manifest = read_manifest(packages[("defaults", "scorm2004", "fi")])
    n = ns("scorm2004")
    assert manifest.xpath("//cp:organization/imsss:sequencing/imsss:rollupRules", namespaces=n) == []
    assert manifest.xpath("//imsss:mapInfo", namespaces=n) == []
    per_item = {i.get("identifier"): i.xpath("imsss:sequencing/imsss:rollupRules", namespaces=n)[0]
                for i in manifest.xpath("//cp:item", namespaces=n)}
    lesson, assessment = per_item["ITEM-perusteet"], per_item["ITEM-loppukoe"]
    assert lesson.get("rollupObjectiveSatisfied") == "false"  # only the assessment decides
    assert lesson.get("rollupProgressCompletion") == "true"  # but every module must be complete
    assert assessment.get("rollupObjectiveSatisfied") == "true"
    assert assessment.get("objectiveMeasureWeight") == "1"


def test_scorm2004_prerequisites_disable_a_module_until_the_previous_one_is_completed(
        packages: Packages) -> None:
    manifest = read_manifest(packages[("prerequisites", "scorm2004", "fi")])
    n = ns("scorm2004")
    organization = manifest.xpath("//cp:organization", namespaces=n)[0]
    assert organization.get(f"{{{ADLSEQ_NS}}}objectivesGlobalToSystem") == "false"
    first, second = manifest.xpath("//cp:item", namespaces=n)
    assert first.xpath(".//imsss:preConditionRule", namespaces=n) == []
    rule = second.xpath(".//imsss:preConditionRule", namespaces=n)[0]
    assert rule.xpath("imsss:ruleAction/@action", namespaces=n) == ["disabled"]
    local = rule.xpath("imsss:ruleConditions/imsss:ruleCondition/@referencedObjective",
                       namespaces=n)
    assert set(local) == {"previous-module-completed"}
    written = first.xpath(".//adlseq:mapInfo[@writeCompletionStatus='true']/@targetObjectiveID",
                          namespaces=n)
    read = second.xpath(".//adlseq:objective[@objectiveID='previous-module-completed']"
                        "/adlseq:mapInfo[@readCompletionStatus='true']/@targetObjectiveID",
                        namespaces=n)
    assert written == read == ["https://example.org/xapi/mini-course/objectives/perusteet/completed"]


def test_completion_by_assessment_alone_takes_lessons_out_of_completion_rollup(
        tmp_path: Path) -> None:
    course = make_course(tmp_path / "course", "",
                         {'completion = "all-pages-and-assessment"': 'completion = "assessment"'})
    artifacts = build(course, tmp_path / "dist", ["scorm2004"], ["fi"]).artifacts
    manifest = read_manifest(tmp_path / "dist" / artifacts[0].path)
    flags = manifest.xpath("//imsss:rollupRules/@rollupProgressCompletion",
                           namespaces=ns("scorm2004"))
    assert flags == ["false", "true"]


@pytest.mark.parametrize(("target", "limit"), [("scorm12", 200), ("scorm2004", 254)])
def test_long_titles_are_shortened_to_fit_the_schema_and_moodle_with_a_warning(
        tmp_path: Path, target: str, limit: int) -> None:
    """SCORM 1.2's imscp schema allows 200 characters; Moodle's title columns 255."""
    long = " ".join(["Pitkä"] * 60)
    course = make_course(tmp_path / "course", '[build.scorm2004]\nsco_layout = "course"\n',
                         {'fi = "Pieni testikurssi"': f'fi = "{long}"'})
    result = build(course, tmp_path / "dist", [target], ["fi"])
    artifacts, problems = result.artifacts, result.warnings
    assert [p.code for p in problems] == ["title-too-long"]
    manifest = read_manifest(tmp_path / "dist" / artifacts[0].path)
    titles = manifest.xpath("//cp:organization/cp:title/text() | //cp:item/cp:title/text()",
                            namespaces=ns(target))
    assert [len(t) for t in titles] == [limit, limit]
    assert all(t.endswith("…") for t in titles)


# --- determinism and refusal -------------------------------------------------------------------

def test_building_twice_gives_byte_identical_zips(packages: Packages, tmp_path: Path) -> None:
    again = build_packages(make_course(tmp_path / "course", ""), tmp_path / "dist")
    for (target, lang), path in again.items():
        assert sha256(path) == sha256(packages[("defaults", target, lang)]), path.name


def test_build_refuses_without_the_official_schemas(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SCHEMAS_ENV, str(tmp_path / "nowhere"))
    with pytest.raises(CourseError) as raised:
        build(make_course(tmp_path / "course", ""), tmp_path / "dist", ["scorm2004"], None)
    assert [d.code for d in raised.value.diagnostics] == ["schemas-not-found"]
    assert not (tmp_path / "dist" / "scorm2004").exists()


def test_cli_builds_both_targets_and_inspect_accepts_them(tmp_path: Path) -> None:
    course = make_course(tmp_path / "course", "")
    result = run_cli("build", "-C", course, "--out", tmp_path / "dist",
                     "--target", "scorm12", "--target", "scorm2004")
    assert result.returncode == 0, result.output
    zips = sorted((tmp_path / "dist").glob("scorm*/*.zip"))
    assert len(zips) == 4
    inspected = run_cli("inspect", *zips)
    assert inspected.returncode == 0, inspected.output
    assert inspected.stdout.count("OK: ") == 4


def _many_short_text_questions(course: Path, count: int) -> None:
    questions = "".join(f"""
          - id: lisa-q{index}
            type: short-text
            objective: lisa-osaa
            prompt: {{fi: "Kysymys {index}?", sv: "Fråga {index}?"}}
            accepted: {{fi: ["vastaus"], sv: ["svar"]}}
            feedback: {{correct: {{fi: "Oikein.", sv: "Rätt."}}, incorrect: {{fi: "Väärin.", sv: "Fel."}}}}
""" for index in range(count))
    (course / "modules" / "03-lisa.yaml").write_text(f"""id: lisa
order: 3
title: {{fi: "Lisäkysymykset", sv: "Extra frågor"}}
summary: {{fi: "Paljon kysymyksiä.", sv: "Många frågor."}}
estimated_minutes: 5
objectives:
  - id: lisa-osaa
    text: {{fi: "Osaat.", sv: "Du kan."}}
pages:
  - id: lisa-sivu
    title: {{fi: "Kysymyksiä", sv: "Frågor"}}
    blocks:
      - type: quiz
        id: lisa-quiz
        questions:{questions}""", encoding="utf-8")


def test_a_sco_whose_worst_case_state_exceeds_suspend_data_is_refused_before_writing(
        tmp_path: Path) -> None:
    """30 short-text answers of 40 escaped characters exceed SCORM 1.2's 4096 characters
    in one SCO for the course; one SCO per module (SCORM 2004's 64000) is fine."""
    course = make_course(tmp_path / "course", "")
    _many_short_text_questions(course, 30)
    with pytest.raises(CourseError) as raised:
        build(course, tmp_path / "dist", ["scorm12"], None)
    errors = [d.code for d in raised.value.diagnostics if d.severity == "error"]
    assert errors == ["state-too-large"]  # (and a warning: the extra lesson comes after the exam)
    assert not (tmp_path / "dist" / "scorm12").exists()
    artifacts = build(course, tmp_path / "dist", ["scorm2004"], ["fi"]).artifacts
    assert len(artifacts) == 1


def test_prerequisites_with_one_sco_for_the_course_are_reported_as_ignored(tmp_path: Path) -> None:
    course = make_course(tmp_path / "course",
                         '[build.scorm2004]\nsco_layout = "course"\nprerequisites = true\n')
    result = build(course, tmp_path / "dist", ["scorm2004"], ["fi"])
    artifacts, problems = result.artifacts, result.warnings
    assert [(p.code, p.severity) for p in problems] == [("prerequisites-ignored", "warning")]
    manifest = read_manifest(tmp_path / "dist" / artifacts[0].path)
    assert manifest.xpath("//imsss:preConditionRule", namespaces=ns("scorm2004")) == []


@ALL
def test_each_sco_resource_lists_its_own_page_files_and_the_zip_holds_them(
        packages: Packages, variant: str, target: str, lang: str) -> None:
    """A SCO's launch page holds its first page; its other pages and course data are files under
    pages/<launch page>/, listed in its own resource (not the shared one)."""
    path = packages[(variant, target, lang)]
    files, manifest = members(path), read_manifest(path)
    ns = {"cp": manifest.nsmap[None]}
    scos = [r for r in manifest.iterfind(".//cp:resource", ns) if r.get("identifier").startswith("RES-")
            and r.get("identifier") != "RES-SHARED"]
    listed_anywhere = {f.get("href") for f in manifest.iterfind(".//cp:file", ns)}
    assert {n for n in files if n.startswith("pages/")} <= listed_anywhere
    for resource in scos:
        stem = resource.get("href").removesuffix(".html")
        own = [f.get("href") for f in resource.iterfind("cp:file", ns)][1:]
        assert own, f"{stem} lists no page files"
        assert f"pages/{stem}/course.data.js" in own
        assert all(name.startswith(f"pages/{stem}/") and name in files for name in own)
        assert {n for n in files if n.startswith(f"pages/{stem}/")} == set(own)
    shared = manifest.find(".//cp:resource[@identifier='RES-SHARED']", ns)
    assert not [f for f in shared.iterfind("cp:file", ns) if f.get("href").startswith("pages/")]
