"""SCORM packages end to end: each zip is unzipped as an LMS does, its manifest read, and every
SCO launched from its href in an iframe under scorm-again (real Chromium), where a learner goes
through the course. What the LMS stores at the end must be what the manifest's mastery rule says.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from lms_build.inspect import Item, Report, inspect_zip
from lms_build.schemas import IMSSS_NS
from tests.support import player
from tests.support.fixtures import *  # noqa: F403
from tests.support.lms import Lms
from tests.targets.test_scorm_packages import (  # noqa: F401  (session fixtures)
    LANGS,
    TARGETS,
    Packages,
    packages,
    real_packages,
)

Served = Callable[[str, str, str], tuple[str, Report]]


@dataclass
class ScoResult:
    item: Item
    stored: dict[str, Any]
    errors: list[dict[str, Any]]

    @property
    def values(self) -> dict[str, Any]:
        """completion, success and score in one shape for both SCORM versions."""
        if "core" in self.stored:  # SCORM 1.2
            core = self.stored["core"]
            status = core["lesson_status"]
            raw = core["score"]["raw"]
            return {"completed": status in ("completed", "passed"),
                    "success": status if status in ("passed", "failed") else None,
                    "score": float(raw) if raw != "" else None}
        success = self.stored["success_status"]
        scaled = self.stored["score"]["scaled"]
        return {"completed": self.stored["completion_status"] == "completed",
                "success": success if success in ("passed", "failed") else None,
                "score": float(scaled) * 100 if scaled not in ("", None) else None}


@pytest.fixture(scope="session")
def served(server, packages: Packages, tmp_path_factory: pytest.TempPathFactory) -> Served:  # noqa: F811
    """(variant, target, lang) -> (URL of the unzipped package, inspect's reading of it)."""
    done: dict[tuple[str, str, str], tuple[str, Report]] = {}

    def serve(variant: str, target: str, lang: str) -> tuple[str, Report]:
        key = (variant, target, lang)
        if key not in done:
            zip_path = packages[key]
            report = inspect_zip(zip_path)
            assert not report.errors, report.errors  # never unzip what an LMS would refuse
            folder = tmp_path_factory.mktemp(f"{variant}-{target}-{lang}")
            with zipfile.ZipFile(zip_path) as archive:
                archive.extractall(folder)
            done[key] = (server.mount(f"/{variant}-{target}-{lang}", folder), report)
        return done[key]

    return serve


def take_course(page, base_url: str, report: Report, target: str,
                correct: bool) -> list[ScoResult]:
    """Launch every SCO in manifest order, go through all of it, close it; collect the data."""
    results = []
    for item in report.scos:
        assert item.launch and "/" not in item.launch
        lms = Lms.open(page, f"{base_url}/{item.launch}", target)
        player.complete(lms.sco, correct)
        lms.unload_sco()
        assert lms.finished(), f"{item.launch} did not finish its session"
        results.append(ScoResult(item, lms.stored() or {}, lms.errors()))
    return results


def has_mastery(item: Item) -> bool:
    return "masteryscore" in item.mastery or bool(item.mastery.get("satisfied_by_measure"))


def mastery_outcome(item: Item, score: float | None) -> str | None:
    """passed/failed as the manifest's mastery setting decides it from the score (0-100)."""
    if "masteryscore" in item.mastery:
        assert score is not None
        return "passed" if score >= item.mastery["masteryscore"] else "failed"
    if item.mastery.get("satisfied_by_measure"):
        assert score is not None
        return "passed" if score / 100 >= item.mastery["min_normalized_measure"] else "failed"
    return None


#: SCORM 2004 SN's default rollup rules, used when an activity defines none (the exporter writes
#: none at the organisation: Moodle cannot store them): (child set, conditions, combination,
#: action), a condition being (negated, name).
DEFAULT_RULES = [
    ("all", [(False, "satisfied")], "any", "satisfied"),
    ("any", [(False, "objectiveStatusKnown"), (True, "satisfied")], "all", "notSatisfied"),
    ("all", [(False, "completed")], "any", "completed"),
    ("any", [(True, "completed")], "any", "incomplete"),
]


def rollup(zip_path: Path, results: list[ScoResult]) -> dict[str, bool]:
    """The course's status as a SCORM 2004 sequencing engine derives it from the SCOs' statuses
    with the rollup rules of the manifest (the subset of the rules the exporter writes), or the
    default rules when the organisation has none."""
    n = {"cp": "http://www.imsglobal.org/xsd/imscp_v1p1", "ss": IMSSS_NS}
    with zipfile.ZipFile(zip_path) as archive:
        manifest = etree.fromstring(archive.read("imsmanifest.xml"))
    by_item = {r.item.identifier: r.values for r in results}
    children = []
    for item in manifest.xpath("//cp:organization/cp:item", namespaces=n):
        flags = item.find("ss:sequencing/ss:rollupRules", n)
        children.append((by_item[item.get("identifier")],
                         flags.get("rollupProgressCompletion", "true") == "true",
                         flags.get("rollupObjectiveSatisfied", "true") == "true"))
    rules = [(rule.get("childActivitySet"),
              [(c.get("operator") == "not", c.get("condition"))
               for c in rule.findall("ss:rollupConditions/ss:rollupCondition", n)],
              rule.find("ss:rollupConditions", n).get("conditionCombination", "any"),
              rule.find("ss:rollupAction", n).get("action"))
             for rule in manifest.xpath("//cp:organization/ss:sequencing/ss:rollupRules/ss:rollupRule",
                                        namespaces=n)] or DEFAULT_RULES
    state = {"completed": False, "satisfied": False}
    for child_set, conditions, combination, action in rules:
        completion = action in ("completed", "incomplete")
        pool = [v for v, c, s in children if (c if completion else s)]
        hits = [_conditions_hold(conditions, combination, values) for values in pool]
        if pool and (all(hits) if child_set == "all" else any(hits)):
            state["completed" if completion else "satisfied"] = action in ("completed", "satisfied")
    return state


def _conditions_hold(conditions: list[tuple[bool, str]], combination: str, values: dict[str, Any]) -> bool:
    known = {"completed": values["completed"], "satisfied": values["success"] == "passed",
             "objectiveStatusKnown": values["success"] is not None}
    checks = [known[name] != negated for negated, name in conditions]
    return all(checks) if combination == "all" else any(checks)


E2E = pytest.mark.parametrize(("variant", "target", "lang"), [
    (variant, target, lang) for variant in ("defaults", "swapped") for target in TARGETS
    for lang in LANGS])


@E2E
def test_a_learner_who_answers_everything_right_completes_and_passes(
        page, served: Served, variant: str, target: str, lang: str) -> None:
    base_url, report = served(variant, target, lang)
    results = take_course(page, base_url, report, target, correct=True)
    assert [r.errors for r in results] == [[] for _ in results]  # no SCORM call was refused
    assessed = [r for r in results if has_mastery(r.item)]
    assert len(assessed) == 1, "exactly one SCO carries the mastery setting"
    for result in results:
        values = result.values
        assert values["completed"], f"{result.item.launch}: {values}"
        assert values["success"] == mastery_outcome(result.item, values["score"])
    assert assessed[0].values == {"completed": True, "success": "passed", "score": 100.0}
    if target == "scorm2004":
        assert rollup(Path(report.path), results) == {"completed": True, "satisfied": True}


@pytest.mark.parametrize("target", TARGETS)
def test_a_learner_who_answers_everything_wrong_fails_by_the_mastery_rule(
        page, served: Served, target: str) -> None:
    base_url, report = served("defaults", target, "fi")
    results = take_course(page, base_url, report, target, correct=False)
    assert [r.errors for r in results] == [[] for _ in results]
    [assessed] = [r for r in results if has_mastery(r.item)]
    values = assessed.values
    assert values["score"] is not None and values["score"] < 80
    assert values["success"] == mastery_outcome(assessed.item, values["score"]) == "failed"
    if target == "scorm2004":  # the lessons were all seen, but the course is not satisfied
        assert rollup(Path(report.path), results)["satisfied"] is False


def test_the_launch_pages_are_the_manifest_hrefs_in_organisation_order(served: Served) -> None:
    _, report = served("defaults", "scorm2004", "fi")
    assert [item.launch for item in report.scos] == ["perusteet.html", "loppukoe.html"]
    _, report = served("defaults", "scorm12", "fi")
    assert [item.launch for item in report.scos] == ["index.html"]
    assert Path(report.path).name == "mini-course-fi-scorm12-0.1.0.zip"


@pytest.mark.parametrize(("target", "lang"), [("scorm12", "sv"), ("scorm2004", "fi")])
def test_the_real_course_is_completed_and_passed_sco_by_sco(
        page, server, real_packages: dict[tuple[str, str], Path], tmp_path: Path,  # noqa: F811
        target: str, lang: str) -> None:
    """The real course: one SCO for all of it (1.2) and one SCO per module (2004)."""
    zip_path = real_packages[(target, lang)]
    report = inspect_zip(zip_path)
    assert not report.errors
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(tmp_path)
    results = take_course(page, server.mount(f"/real-{target}-{lang}", tmp_path), report, target,
                          correct=True)
    assert [r.errors for r in results] == [[] for _ in results]
    assert all(r.values["completed"] for r in results)
    [assessed] = [r for r in results if has_mastery(r.item)]
    assert assessed.values["success"] == mastery_outcome(assessed.item, 100.0) == "passed"
    if target == "scorm2004":
        assert rollup(zip_path, results) == {"completed": True, "satisfied": True}
