"""Our in-process zip (`lms_build.packaging.zip_bytes`) against Info-ZIP's `zip -X -9` on the
same files: the members of the real course's largest package."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import time
import zipfile
from pathlib import Path

from lms_build.packaging import zip_bytes

from .measure import run_process


def largest_package(output: Path) -> Path:
    packages = sorted(output.rglob("*.zip"), key=lambda path: (path.stat().st_size, path.name))
    if not packages:
        raise RuntimeError(f"{output}: no package to take the files from")
    return packages[-1]


def compare(package: Path, scratch: Path, rounds: int) -> dict:
    """Paired rounds: our zip of the package's members, then `zip -X -9 -r` on the same files."""
    if shutil.which("zip") is None:
        raise RuntimeError("Info-ZIP 'zip' is missing: bash scripts/install.sh installs it (Debian 'zip')")
    with zipfile.ZipFile(package) as archive:
        files = {name: archive.read(name) for name in archive.namelist() if not name.endswith("/")}
    folder = scratch / "zip-members"
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    ours_seconds, theirs_seconds, ours_cpu = [], [], []
    for round_ in range(rounds):
        started, cpu = time.perf_counter(), time.process_time()
        ours = zip_bytes(files)
        ours_seconds.append(time.perf_counter() - started)
        ours_cpu.append(time.process_time() - cpu)
        target = scratch / f"info-zip-{round_}.zip"
        # sorted names, like ours; -X: no extra attributes; -D: no directory entries
        run = run_process(["zip", "-X", "-D", "-9", "-q", str(target), *sorted(files)], cwd=folder)
        theirs_seconds.append(run.wall)
        theirs_size = target.stat().st_size
        target.unlink()
    shutil.rmtree(folder)
    ours_median, theirs_median = statistics.median(ours_seconds), statistics.median(theirs_seconds)
    return {
        "package": package.name, "files": len(files), "input_bytes": sum(map(len, files.values())),
        "rounds": rounds,
        "ours": {"seconds_median": round(ours_median, 4), "cpu_median": round(statistics.median(ours_cpu), 4),
                 "bytes": len(ours)},
        "zip -X -9": {"seconds_median": round(theirs_median, 4), "bytes": theirs_size,
                      "version": _zip_version()},
        "time_ratio": round(ours_median / theirs_median, 4),
        "size_ratio": round(len(ours) / theirs_size, 4),
    }


def _zip_version() -> str:
    first = subprocess.run(["zip", "-v"], capture_output=True, text=True).stdout.splitlines()
    return next((line.strip() for line in first if line.strip().startswith("This is Zip")), "zip")
