"""One build in this process, as `lms-build build` runs it, with what it made written as JSON.

The benchmark starts this module as a child process so that the figures cover the whole command
(interpreter start, imports, validation, rendering, packaging, writing), and reads back which files
were made fresh and which came from the cache (`BuildResult.made`).

    python -m benchmarks.build_once COURSE OUT --target web --report made.json
    python -m benchmarks.build_once COURSE OUT --target pdf --lang fi --job-path pdf/fi/x-fi-facilitator.pdf
(the second form produces only that planned job, in this process, and writes its bytes to OUT/PATH:
the peak memory of the PDF target's largest handout, which is what one worker process holds at most)."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import lms_build.cli  # noqa: F401  (imported as `lms-build build` imports it: same start-up cost)
from lms_build.build import build


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("course", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--target", action="append", dest="targets")
    parser.add_argument("--lang", action="append", dest="languages")
    parser.add_argument("--report", type=Path, help="write what was made here (JSON)")
    parser.add_argument("--job-path", help="produce only this planned job, in this process")
    arguments = parser.parse_args()
    started = time.perf_counter()
    if arguments.job_path:
        made = _produce_job(arguments.course, arguments.out, arguments.targets, arguments.languages,
                            arguments.job_path)
    else:
        result = build(arguments.course, arguments.out, arguments.targets, arguments.languages)
        made = [{"path": p.job.path, "lang": p.job.lang, "size": p.size, "cached": p.cached,
                 "seconds": round(p.seconds, 4)} for p in result.made]
    if arguments.report:
        arguments.report.write_text(json.dumps({"seconds": time.perf_counter() - started, "made": made}),
                                    encoding="utf-8")


def _produce_job(course_dir: Path, out: Path, targets: list[str], languages: list[str], path: str) -> list[dict]:
    from lms_build.build import validate_course
    from lms_build.targets import target_class

    course, problems, _ = validate_course(course_dir)
    if course is None:
        raise SystemExit("\n".join(p.format() for p in problems))
    made = []
    for name in targets:
        target = target_class(name)(course, course.options_for(name))
        for lang in languages or course.languages:
            for job in target.plan(lang):
                if job.path == path and job.produce is not None:
                    started = time.perf_counter()
                    data = job.produce()
                    (out / path).parent.mkdir(parents=True, exist_ok=True)
                    (out / path).write_bytes(data)
                    made.append({"path": job.path, "lang": lang, "size": len(data), "cached": False,
                                 "seconds": round(time.perf_counter() - started, 4)})
    if not made:
        raise SystemExit(f"no planned job makes {path}")
    return made


if __name__ == "__main__":
    main()
