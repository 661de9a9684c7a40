"""`python -m benchmarks --quick` runs to the end and writes well-formed results, so the benchmark
cannot rot. It asserts no time: speed is printed by the benchmark, never tested."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("benchmarks")
    done = subprocess.run([sys.executable, "-m", "benchmarks", "--quick", "--results", str(folder)],
                          cwd=REPO, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return folder


def figures_of(summary: dict) -> list[float]:
    """The median, min and max of every measure of one measure.summary()."""
    assert summary["runs"] >= 1
    return [summary[measure][statistic] for measure in ("wall", "cpu", "peak_mb")
            for statistic in ("median", "min", "max")]


def assert_well_formed(summary: dict) -> None:
    for measure in ("wall", "cpu", "peak_mb"):
        low, middle, high = (summary[measure][s] for s in ("min", "median", "max"))
        assert 0 < low <= middle <= high, f"{measure}: {summary[measure]}"


def test_every_section_is_measured_with_its_baselines(quick_run):
    results = json.loads((quick_run / "results.json").read_text(encoding="utf-8"))
    assert set(results) == {"machine", "real_course", "packaging", "player", "pdf_speed", "scale", "pdf_peak",
                            "player_large"}
    commands = results["real_course"]["commands"]
    assert {"python -c pass", "lms-build --help", "cold build", "no-op rebuild", "one-word change"} <= set(commands)
    assert "cold build (today)" in commands or results["real_course"]["today_missing"]
    for summary in commands.values():
        assert_well_formed(summary)
    for row in results["scale"]["rows"].values():
        assert_well_formed(row["cold build"])
        assert_well_formed(row["python -c pass"])
    assert results["scale"]["growth_ratio_cpu"] > 0
    for row in results["pdf_peak"]["rows"].values():
        assert_well_formed(row)
        assert row["pages"] > 0


def test_a_one_word_change_names_the_files_it_made_again(quick_run):
    real = json.loads((quick_run / "results.json").read_text(encoding="utf-8"))["real_course"]
    rebuilt = real["rebuilt_after_change"]
    assert rebuilt, "changing a word must make something again"
    assert len(rebuilt) < real["files_after_change"], "files the word does not reach come from the cache"
    assert all(not path.startswith("/") for path in rebuilt)


def test_the_yardsticks_measured_the_same_work(quick_run):
    results = json.loads((quick_run / "results.json").read_text(encoding="utf-8"))
    packaging = results["packaging"]
    assert packaging["files"] > 1 and packaging["ours"]["bytes"] > 0 and packaging["zip -X -9"]["bytes"] > 0
    pdf = results["pdf_speed"]
    assert sum(pdf["pages"]["weasyprint"]) > 0 and sum(pdf["pages"]["chromium"]) > 0
    for kind in ("weasyprint cold", "weasyprint warm", "chromium cold", "chromium warm"):
        assert pdf[kind]["seconds_per_page"] > 0
    player = results["player"]
    assert player["now"]["files"]["index.html"]["gzip"] > 0
    assert player["now"]["gzip"] <= player["now"]["bytes"]
    assert player["now"]["page_change_ms"]["changes"] > 0


def test_the_markdown_table_has_a_row_per_measure(quick_run):
    table = (quick_run / "results.md").read_text(encoding="utf-8")
    rows = [line for line in table.splitlines() if line.startswith("| ")]
    assert rows[0] == "| measure | figure | baseline in the same run | target |"
    assert all(line.count("|") == 5 for line in rows), "four cells in every row"
    for needle in ("cold", "no-op rebuild", "one word changed", "generated course", "growth ratio",
                   "PDF target, peak memory", "packaging", "PDF, cold", "PDF, warm", "first page", "page change"):
        assert any(needle in row for row in rows), needle
    assert "not measured" not in table


def test_the_generator_makes_a_valid_course_with_new_ids(tmp_path):
    from benchmarks.generate import generate
    from lms_build.build import validate_course

    course, problems, _ = validate_course(generate(10, tmp_path / "course"))
    assert course is not None, [p.format() for p in problems]
    ids = [module.id for module in course.modules]
    assert len(ids) == len(set(ids)) == 10
    assert sum(module.kind == "assessment" for module in course.modules) == 1
    assert any(module_id.startswith("g1m") for module_id in ids)


def test_the_packages_it_compares_are_real_zips(tmp_path):
    from benchmarks.packaging_speed import largest_package
    from lms_build.packaging import zip_bytes

    package = tmp_path / "a.zip"
    package.write_bytes(zip_bytes({"b.txt": b"x" * 100, "a/c.txt": b"y"}))
    assert largest_package(tmp_path) == package
    assert zipfile.ZipFile(package).namelist() == ["a/c.txt", "b.txt"]
