"""The Tin Can and cmi5 packages: what the zips hold, schema validity, the cmi5 course structure
rules (tests named after the requirement ids of @cmi5/requirements they prove), and `inspect`."""

from __future__ import annotations

import html as html_module
import io
import json
import re
import zipfile
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from lms_build.inspect import inspect_zip
from lms_build.packaging import zip_bytes
from lms_build.schemas import find_schemas_dir, validate
from lms_build.targets.cmi5 import Cmi5Options, Cmi5Target
from lms_build.targets.tincan import TincanTarget
from lms_build.xapi.activities import catalogue
from lms_build.xapi.package_check import CMI5_NS, CMI5_SCHEMA, TINCAN_NS, TINCAN_SCHEMA, check_cmi5
from tests.conftest import REPO, run_cli
from tests.support.courses import real_course
from tests.support.lrs import PASSWORD, USER

CMI5 = f"{{{CMI5_NS}}}"
TINCAN = f"{{{TINCAN_NS}}}"
REQUIREMENTS = REPO / "node_modules" / "@cmi5" / "requirements" / "requirements.json"


def make(job) -> bytes:
    """The zip a build makes of a job's members, after the job's own verification (inspect)."""
    data = zip_bytes({member.path: member.produce() for member in job.members})
    assert job.verify(data) == []
    return data


@cache
def built(target: str, lang: str) -> dict[str, bytes]:
    cls = {"tincan": TincanTarget, "cmi5": Cmi5Target}[target]
    (job,) = cls(real_course()).plan(lang)
    assert job.path == f"{target}/{real_course().config.id}-{lang}-{target}-{real_course().config.version}.zip"
    with zipfile.ZipFile(io.BytesIO(make(job))) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_zip(tmp_path: Path, files: dict[str, bytes], name: str = "package.zip") -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as archive:
        for member, content in files.items():
            archive.writestr(member, content)
    return path


# --- Tin Can -------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_tincan_zip_has_tincan_xml_the_launch_page_player_and_catalogue(lang):
    files = built("tincan", lang)
    assert {"tincan.xml", "index.html", "xapi/activities.json", "player/player.js",
            "player/adapters/xapi-core.js", "player/adapters/tincan.js"} <= set(files)
    root = etree.fromstring(files["tincan.xml"])
    assert validate(root, TINCAN_SCHEMA, find_schemas_dir()) == []
    launches = root.findall(f".//{TINCAN}launch")
    assert [launch.text for launch in launches] == ["index.html"]


def test_tincan_xml_names_the_same_activities_as_the_statements():
    files = built("tincan", "sv")
    root = etree.fromstring(files["tincan.xml"])
    listed = {a.get("id"): a for a in root.iter(f"{TINCAN}activity")}
    activities = {a["id"]: a for a in catalogue(real_course(), "sv")["activities"]}
    assert set(listed) <= set(activities)
    first = next(iter(listed.values()))
    assert first.get("id") == str(real_course().config.xapi_iri_base).rstrip("/")
    assert first.findtext(f"{TINCAN}name") == real_course().config.title.get("sv")
    questions = [a for a in listed.values() if a.findtext(f"{TINCAN}interactionType")]
    assert questions, "questions are listed with their interaction definitions"
    for element in questions:
        definition = activities[element.get("id")]["definition"]
        assert element.findtext(f"{TINCAN}interactionType") == definition["interactionType"]
        assert [p.text for p in element.iter(f"{TINCAN}correctResponsePattern")] == \
            definition["correctResponsesPattern"]


def test_the_launch_page_runs_the_tincan_adapter_on_the_shared_xapi_core():
    html = built("tincan", "fi")["index.html"].decode()
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts[-3:] == ["player/adapters/xapi-core.js", "player/adapters/tincan.js", "player/worksheet.js"]
    csp = html_module.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1))
    assert "connect-src 'self' http: https:" in csp and "default-src 'none'" in csp


# --- cmi5 ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_13_2_0_0_1_cmi5_xml_conforms_to_course_structure_xsd(lang):
    root = etree.fromstring(built("cmi5", lang)["cmi5.xml"])
    assert root.tag == f"{CMI5}courseStructure"
    assert validate(root, CMI5_SCHEMA, find_schemas_dir()) == []


def test_14_1_0_0_2_cmi5_xml_is_at_the_zip_root_with_one_au_per_module():
    files = built("cmi5", "fi")
    root = etree.fromstring(files["cmi5.xml"])
    aus = root.findall(f"{CMI5}au")
    course = real_course()
    assert len(aus) == len(course.modules)
    for au, module in zip(aus, course.modules, strict=True):
        assert au.get("id") == course.activity_iri("modules", module.id)
        assert au.findtext(f"{CMI5}url") == f"{module.id}.html"
        assert f"{module.id}.html" in files
        assert au.findtext(f"{CMI5}title/{CMI5}langstring") == module.title.get("fi")


def test_every_au_and_the_tincan_launch_page_carry_their_page_files():
    """Each launch page holds its first page; the package holds the rest under pages/<launch>/."""
    course = real_course()
    cmi5, tincan = built("cmi5", "fi"), built("tincan", "fi")
    for module in course.modules:
        folder = f"pages/{module.id}/"
        assert f"{folder}course.data.js" in cmi5
        assert {n for n in cmi5 if n.startswith(folder) and n != f"{folder}course.data.js"} >= {
            f"{folder}{page.id}.js" for page in module.pages[1:]}
        assert cmi5[f"{module.id}.html"].count(b'<section class="page"') == 1
    every_page = {f"pages/index/{page.id}.js" for module in course.modules for page in module.pages}
    assert every_page - {n for n in tincan if n.startswith("pages/index/")} == {
        f"pages/index/{course.modules[0].pages[0].id}.js"}  # the first page is in index.html
    assert tincan["index.html"].count(b'<section class="page"') == 1


def test_move_on_defaults_to_completed_or_passed_and_the_assessment_has_the_mastery_score():
    root = etree.fromstring(built("cmi5", "fi")["cmi5.xml"])
    aus = root.findall(f"{CMI5}au")
    assert {au.get("moveOn") for au in aus} == {"CompletedOrPassed"}
    assert {au.get("launchMethod") for au in aus} == {"AnyWindow"}
    assessed = [au for au in aus if au.get("masteryScore")]
    assert [au.get("id").rsplit("/", 1)[1] for au in assessed] == [real_course().assessment.id]
    assert float(assessed[0].get("masteryScore")) == real_course().config.mastery_score / 100


def test_cmi5_options_set_move_on_and_launch_method():
    target = Cmi5Target(real_course(), Cmi5Options(move_on="Completed", assessment_move_on="Passed",
                                                   launch_method="OwnWindow"))
    root = etree.fromstring(target.package_xml("sv"))
    aus = root.findall(f"{CMI5}au")
    assert [au.get("moveOn") for au in aus] == ["Completed"] * (len(aus) - 1) + ["Passed"]
    assert {au.get("launchMethod") for au in aus} == {"OwnWindow"}


def test_cmi5_options_never_offer_not_applicable():
    with pytest.raises(ValueError, match="move_on"):
        Cmi5Options(move_on="NotApplicable")


def test_packages_are_byte_identical_across_builds():
    for cls in (TincanTarget, Cmi5Target):
        (first,) = cls(real_course()).plan("fi")
        (second,) = cls(real_course()).plan("fi")
        assert first.key == second.key and make(first) == make(second)


def test_job_keys_differ_per_language_and_options():
    keys = {Cmi5Target(real_course()).plan("fi")[0].key, Cmi5Target(real_course()).plan("sv")[0].key,
            Cmi5Target(real_course(), Cmi5Options(move_on="Passed")).plan("fi")[0].key}
    assert len(keys) == 3


# --- cmi5 course structure rules the XSD does not check -----------------------------------------

TEXT = '<langstring lang="fi-FI">x</langstring>'


def structure(body: str, course_id: str = "https://example.org/c", objectives: str = "") -> bytes:
    return (f'<courseStructure xmlns="{CMI5_NS}"><course id="{course_id}"><title>{TEXT}</title>'
            f"<description>{TEXT}</description></course>{objectives}{body}</courseStructure>").encode()


def au(ident: str = "https://example.org/c/au/1", url: str = "au1.html", extra: str = "") -> str:
    return (f'<au id="{ident}" moveOn="Completed"{extra}><title>{TEXT}</title><description>{TEXT}</description>'
            f"<url>{url}</url></au>")


def codes(content: bytes, members: set[str] | None = frozenset({"au1.html", "au2.html"})) -> set[str]:
    problems, _, _ = check_cmi5(content, set(members) if members is not None else None)
    return {p.code for p in problems if p.severity == "error"}


def test_a_good_structure_passes():
    assert codes(structure(au())) == set()


def test_3_0_0_0_1_d_non_fully_qualified_iris_are_rejected():
    assert codes(structure(au(), course_id="kurssi")) == {"not-an-iri"}
    assert codes(structure(au(ident="au/1"))) == {"not-an-iri"}
    objective = (f'<objectives><objective id="tavoite-1"><title>{TEXT}</title>'
                 f"<description>{TEXT}</description></objective></objectives>")
    assert "not-an-iri" in codes(structure(au(), objectives=objective))


def test_13_1_4_0_1_d_duplicate_au_ids_are_rejected():
    assert codes(structure(au() + au(url="au2.html"))) == {"duplicate-id"}


def test_13_1_2_0_1_d_duplicate_block_ids_are_rejected():
    block = f'<block id="https://example.org/c/b"><title>{TEXT}</title><description>{TEXT}</description>{{}}</block>'
    body = block.format(au()) + block.format(au(ident="https://example.org/c/au/2", url="au2.html"))
    assert codes(structure(body)) == {"duplicate-id"}


def test_13_1_3_0_1_d_duplicate_objective_ids_are_rejected():
    one = f'<objective id="https://example.org/c/o/1"><title>{TEXT}</title><description>{TEXT}</description></objective>'
    assert codes(structure(au(), objectives=f"<objectives>{one}{one}</objectives>")) == {"duplicate-id"}


def test_8_1_0_0_6_d_au_url_query_with_cmi5_launch_parameter_names_is_rejected():
    for name in ("endpoint", "fetch", "actor", "registration", "activityId"):
        assert codes(structure(au(url=f"au1.html?lang=fi&amp;{name}=x"))) == {"launch-parameter-clash"}
    assert codes(structure(au(url="au1.html?lang=fi"))) == set()


def test_13_1_4_0_2_d_au_url_that_is_not_an_rfc1738_url_is_rejected():
    assert "bad-url" in codes(structure(au(url="moduuli ä.html")), {"moduuli ä.html"})


def test_14_1_0_0_3_d_relative_urls_must_name_media_in_the_package():
    assert codes(structure(au(url="missing.html"))) == {"missing-file"}
    assert codes(structure(au(url="../outside.html"))) == {"url-outside-package"}


def test_14_1_0_0_4_d_media_outside_the_package_use_fully_qualified_urls():
    assert codes(structure(au(url="https://cdn.example.org/au1.html"))) == set()
    assert codes(structure(au(url="ftp://cdn.example.org/au1.html"))) == {"bad-url"}


def test_14_2_0_0_1_d_a_lone_course_structure_needs_fully_qualified_urls():
    assert codes(structure(au()), members=None) == {"relative-url"}
    assert codes(structure(au(url="https://example.org/au1.html")), members=None) == set()


def test_4_4_0_0_1_d_structure_not_valid_against_the_xsd_is_rejected():
    broken = (Path(find_schemas_dir()) / "samples" / "broken" / "cmi5.xml").read_bytes()
    assert "cmi5-schema" in codes(broken)


def test_unknown_objective_references_are_rejected():
    body = au(extra="").replace("<url>", '<objectives><objective idref="https://example.org/c/o/9"/></objectives><url>')
    assert codes(structure(body)) == {"unknown-objective"}


def test_every_requirement_id_named_by_a_test_exists_in_cmi5_requirements():
    requirements = json.loads(REQUIREMENTS.read_text("utf-8"))
    known = {key.split(" ")[0] for key in requirements}
    named = set()
    for test_file in (REPO / "tests" / "xapi").glob("test_*.py"):  # where the cmi5 tests live
        for match in re.finditer(r"def test_(\d+)_(\d+)_(\d+)_(\d+)_(\d+)", test_file.read_text("utf-8")):
            named.add("{}.{}.{}.{}-{}".format(*match.groups()))
    assert len(named) >= 10
    assert named <= known, f"not in @cmi5/requirements: {sorted(named - known)}"


# --- inspect -------------------------------------------------------------------------------------

@pytest.mark.parametrize("target", ["tincan", "cmi5"])
def test_inspect_accepts_the_built_packages(tmp_path, target):
    path = write_zip(tmp_path, built(target, "fi"))
    report = inspect_zip(path)
    assert report.errors == [], [f.format() for f in report.findings]
    assert report.schema_valid is True
    items = report.organizations[0].items
    assert items and all(item.launch for item in items)
    result = run_cli("inspect", path)
    assert result.returncode == 0, result.output
    assert ("cmi5" if target == "cmi5" else "Tin Can") in result.stdout


def test_inspect_rejects_a_cmi5_zip_whose_au_is_missing(tmp_path):
    files = dict(built("cmi5", "fi"))
    del files[next(n for n in files if n.endswith(".html") and n.startswith("m1-"))]
    result = run_cli("inspect", write_zip(tmp_path, files), "--format", "json")
    assert result.returncode == 1
    assert "missing-file" in {f["code"] for f in json.loads(result.stdout)["packages"][0]["findings"]}


def test_inspect_rejects_credentials_in_tincan_xml(tmp_path):
    files = dict(built("tincan", "fi"))
    files["tincan.xml"] = files["tincan.xml"].replace(
        b"</activities>", b"<provider><name>x</name><id>x</id><secret>s3cret</secret></provider></activities>")
    report = inspect_zip(write_zip(tmp_path, files))
    assert "credentials-in-package" in {f.code for f in report.errors}


@pytest.mark.parametrize("target", ["tincan", "cmi5"])
@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_no_built_file_holds_lrs_credentials(target, lang):
    """No package carries credentials: not the test LRS's user or password, not a Basic/Bearer
    Authorization value (the adapters only ever copy the one the launch hands them)."""
    import base64

    token = base64.b64encode(f"{USER}:{PASSWORD}".encode())
    literal = re.compile(rb"Authorization[\"']?\s*[:=]\s*[\"'](Basic|Bearer)\s+[A-Za-z0-9+/=]{6,}")
    for name, content in built(target, lang).items():
        assert USER.encode() not in content and PASSWORD.encode() not in content, name
        assert token not in content, name
        assert not literal.search(content), name
