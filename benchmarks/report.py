"""The Markdown table of a benchmark run (results.md, and the README's "Benchmarks" section)."""

from __future__ import annotations

#: The targets of issue #9, printed beside the figures (no test asserts them).
TARGETS = {
    "cold": "< 1 s",
    "noop": "< 10 % of cold",
    "change": "only what depends on it",
    "memory": "< 500 MB at 800",
    "growth": "≤ 1.2",
    "pdf_peak": "< 500 MB at 50",
    "zip": "≤ 1.5x",
    "first_page": "< 50 KB",
    "page_change": "< 50 ms",
}


def seconds(figure: dict) -> str:
    """CPU median (wall median) of a summary from measure.summary()."""
    return f"{figure['cpu']['median']:.2f} s CPU ({figure['wall']['median']:.2f} s wall)"


def markdown(results: dict) -> str:
    machine = results["machine"]
    lines = [
        f"Run of {machine['date']} at {machine['commit']} on {machine['cpus']} cores, Python {machine['python']}"
        f"{', quick mode (tiny sizes, one run each)' if machine['quick'] else ''}; load average "
        f"{machine['load_average_before'][0]} before, {machine['load_average_after'][0]} after; "
        f"{machine['benchmark_seconds']:.0f} s in all. Medians; CPU = user + system seconds of the whole "
        "process (the figure to compare on a busy machine), wall in parentheses."
        + "".join(f" Measured again: {', '.join(again['sections'])} on {again['date']} "
                  f"(load average {again['load_average_before'][0]})." for again in machine.get("reruns", [])),
        "",
        "| measure | figure | baseline in the same run | target |",
        "|---|---|---|---|",
    ]
    for name, rows in (("real_course", _real_course), ("scale", _scale), ("pdf_peak", _pdf_peak),
                       ("packaging", _packaging), ("pdf_speed", _pdf_speed), ("player", _player),
                       ("player_large", _player_large)):
        if name not in results:
            lines.append(f"| {name} | not measured (run interrupted) | | |")
        elif "error" in results[name]:
            lines.append(f"| {name} | failed: {results[name]['error']} | | |")
        else:
            lines += rows(results[name])
    return "\n".join(lines) + "\n"


def _runs(count: int) -> str:
    return f"{count} run{'s' if count != 1 else ''}"


def _real_course(real: dict) -> list[str]:
    commands = real["commands"]
    runs = commands["cold build"]["runs"]
    today = commands.get("cold build (today)")
    baselines = [f"`python -c pass` {seconds(commands['python -c pass'])}",
                 f"`lms-build --help` {seconds(commands['lms-build --help'])}"]
    if "lms-build --help (today)" in commands:
        baselines.append(f"`lms-build --help` today {seconds(commands['lms-build --help (today)'])}")
    if today:
        baselines.append(f"the same build today ({real['today_commit']}) {seconds(today)}: "
                         f"now/today {real['cold_vs_today']:.2f}")
    elif real.get("today_missing"):
        baselines.append(real["today_missing"])
    rebuilt = real["rebuilt_after_change"]
    return [
        f"| {'the real course' if real['course'] == '.' else real['course']}: everything but PDF "
        f"({', '.join(real['targets'])}), both languages, cold, "
        f"{_runs(runs)} | {seconds(commands['cold build'])}, peak {commands['cold build']['peak_mb']['median']:.0f} MB "
        f"| {'; '.join(baselines)} | {TARGETS['cold']} |",
        f"| no-op rebuild | {seconds(commands['no-op rebuild'])} = {real['noop_share_of_cold']:.0%} of cold "
        f"| cold build above | {TARGETS['noop']} |",
        f"| one word changed in {real['changed_module']} | {seconds(commands['one-word change'])} = "
        f"{real['change_share_of_cold']:.0%} of cold; made again: {len(rebuilt)} of {real['files_after_change']} "
        f"files: {', '.join(f'`{path}`' for path in rebuilt)} | cold build above | {TARGETS['change']} |",
    ]


def _scale(scale: dict) -> list[str]:
    lines = []
    for size in scale["sizes"]:
        row = scale["rows"][str(size)]
        cold = row["cold build"]
        baseline = f"`python -c pass` {seconds(row['python -c pass'])}"
        if "cold build (today)" in row:
            today = row["cold build (today)"]
            baseline += (f"; today {seconds(today)}, peak {today['peak_mb']['median']:.0f} MB: now/today "
                         f"{cold['cpu']['median'] / today['cpu']['median']:.2f}")
        lines.append(f"| generated course, {size} modules, both languages, cold, {_runs(cold['runs'])} "
                     f"| {seconds(cold)}, peak {cold['peak_mb']['median']:.0f} MB | {baseline} "
                     f"| {TARGETS['memory'] if size == scale['sizes'][-1] else ''} |")
    if scale["growth_ratio_cpu"] is not None:
        lines.append(f"| growth ratio {scale['growth_definition']} (CPU) | {scale['growth_ratio_cpu']:.2f} "
                     f"| 1.00 = linear | {TARGETS['growth']} |")
    return lines


def _pdf_peak(pdf: dict) -> list[str]:
    return [f"| PDF target, peak memory at {size} modules (its largest job, `{row['document']}`, "
            f"{row['pages']} pages, alone in one process) | {row['peak_mb']['median']:.0f} MB; {seconds(row)} "
            f"| | {TARGETS['pdf_peak']} |" for size, row in pdf["rows"].items()]


def _packaging(packaging: dict) -> list[str]:
    ours, theirs = packaging["ours"], packaging["zip -X -9"]
    return [f"| packaging `{packaging['package']}` ({packaging['files']} files, "
            f"{packaging['input_bytes'] / 1024:.0f} KiB): in-process `zip_bytes` | {ours['seconds_median']:.3f} s, "
            f"{ours['bytes'] / 1024:.0f} KiB: {packaging['time_ratio']:.2f}x the time, "
            f"{packaging['size_ratio']:.3f}x the size | `zip -X -9` {theirs['seconds_median']:.3f} s "
            f"(its own process), {theirs['bytes'] / 1024:.0f} KiB | {TARGETS['zip']} |"]


def _pdf_speed(pdf: dict) -> list[str]:
    pages = sum(pdf["pages"]["weasyprint"])
    chromium_pages = sum(pdf["pages"]["chromium"])
    lines = []
    for state, how in (("cold", "a new process per document"), ("warm", "engine already loaded")):
        weasy, chromium = pdf[f"weasyprint {state}"], pdf[f"chromium {state}"]
        launch = f"; its launch alone {pdf['launch_seconds']:.2f} s" if state == "cold" else ""
        lines.append(
            f"| PDF, {state} ({how}): WeasyPrint s/page, {len(pdf['documents'])} handouts of {pdf['course']} "
            f"[{pdf['lang']}], {pages} pages | {weasy['seconds_per_page']:.3f} s/page wall "
            f"({weasy['seconds']:.2f} s) | Chromium {'--print-to-pdf' if state == 'cold' else 'page.pdf()'} "
            f"on the same HTML: {chromium['seconds_per_page']:.3f} s/page ({chromium['seconds']:.2f} s, "
            f"{chromium_pages} pages){launch} | |")
    return lines


def _player(player: dict) -> list[str]:
    now, today = player.get("now"), player.get("today")
    if now is None:
        return ["| player | not measured | | |"]
    lines = [f"| player, first page: bytes loaded until shown and usable, gzip -9 (web/fi) | "
             f"{now['gzip'] / 1024:.1f} KB "
             f"({now['bytes'] / 1024:.0f} KB raw, {len(now['files'])} files) | "
             + (f"today {today['gzip'] / 1024:.1f} KB ({today['bytes'] / 1024:.0f} KB raw, "
                f"{len(today['files'])} files)" if today else "")
             + f" | {TARGETS['first_page']} |"]
    if "ready" in now:
        lines.append(f"| player, until fully started (course data, state, resume), gzip -9 | "
                     f"{now['ready']['gzip'] / 1024:.1f} KB ({now['ready']['files']} files, "
                     f"{now['ready']['seconds']:.2f} s) | | |")
    change = now["page_change_ms"]
    baseline = ""
    if today:
        old = today["page_change_ms"]
        baseline = f"today median {old['median']:.1f} ms, max {old['max']:.1f} ms"
    lines.append(f"| player, page change in Chromium ({change['changes']} changes) | median {change['median']:.1f} ms, "
                 f"p95 {change['p95']:.1f} ms, max {change['max']:.1f} ms | {baseline} | {TARGETS['page_change']} |")
    if "page_change_first_visit_ms" in now:
        first = now["page_change_first_visit_ms"]
        lines.append(f"| player, page change, first visit (page loads from its own file) | "
                     f"median {first['median']:.1f} ms, p95 {first['p95']:.1f} ms, max {first['max']:.1f} ms | | "
                     f"{TARGETS['page_change']} |")
    return lines


def _player_large(player: dict) -> list[str]:
    lines = []
    for label, found in player.items():
        lines.append(f"| player, first page, generated course ({label}) | {found['gzip'] / 1024:.1f} KB "
                     f"({found['bytes'] / 1024:.0f} KB raw) | | {TARGETS['first_page']} |")
        if "ready" in found:
            lines.append(f"| player, fully started, generated course ({label}) | "
                         f"{found['ready']['gzip'] / 1024:.1f} KB ({found['ready']['files']} files, "
                         f"{found['ready']['seconds']:.2f} s) | | |")
    return lines
