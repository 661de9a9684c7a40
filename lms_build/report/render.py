"""The report as files: HTML (SVG charts, each with a title, a description and its data table),
the same as PDF (WeasyPrint), and the numbers as JSON and CSV."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..questions import question_type
from ..render.player import plain_text
from ..resolve import Course, questions
from ..xapi.activities import interaction_definition
from .metrics import Figures

DASH = "\u2013"  # an en dash: no value, or a range

STRINGS: dict[str, dict[str, str]] = {
    "fi": {
        "title": "Oppimisanalytiikka", "overall": "Kaikki kielet", "lang_fi": "suomi", "lang_sv": "ruotsi",
        "started": "Aloittaneita", "completed": "Suorittaneita", "passed": "Loppukokeen läpäisseitä",
        "learners": "Oppijoita", "module": "Moduuli", "reached": "Aloitti moduulin",
        "finished": "Suoritti moduulin", "stopped": "Lopetti tähän", "minutes": "Minuuttia",
        "median": "Mediaani", "q1": "Alakvartiili", "q3": "Yläkvartiili", "band": "Pisteet",
        "question": "Kysymys", "answered": "Vastanneita", "correct": "Oikein", "discrimination":
        "Erottelukyky", "wrong": "Yleisimmät väärät vastaukset", "flags": "Huomiot",
        "objective": "Tavoite", "met": "Saavuttaneita", "page": "Sivu", "funnel": "Eteneminen moduuleittain",
        "funnel_desc": "Kuinka moni oppija suoritti kunkin moduulin, kurssin järjestyksessä.",
        "time": "Moduuliin käytetty aika",
        "time_desc": "Moduulin suorittamiseen käytetyt minuutit: mediaani ja kvartiilit.",
        "scores": "Loppukokeen pisteet", "scores_desc": "Oppijoiden paras loppukoetulos kymmenen prosentin luokissa.",
        "qtitle": "Kysymykset", "qdesc": "Oikein vastanneiden osuus kysymyksittäin.",
        "objectives": "Osaamistavoitteet", "pages": "Sivut", "almost-nobody-right": "lähes kukaan ei vastaa oikein",
        "wrong-answer-beats-right": "väärä vastaus yleisempi kuin oikea", "none": DASH,
        "summary": "Yhteenveto", "percent": "%",
        "generated": "Lähde: {count} xAPI-lausetta, viimeisin {latest}.",
    },
    "sv": {
        "title": "Inlärningsanalys", "overall": "Alla språk", "lang_fi": "finska", "lang_sv": "svenska",
        "started": "Påbörjade", "completed": "Slutförde", "passed": "Godkända i slutprovet",
        "learners": "Deltagare", "module": "Modul", "reached": "Påbörjade modulen",
        "finished": "Slutförde modulen", "stopped": "Slutade här", "minutes": "Minuter",
        "median": "Median", "q1": "Nedre kvartil", "q3": "Övre kvartil", "band": "Poäng",
        "question": "Fråga", "answered": "Svarade", "correct": "Rätt", "discrimination":
        "Diskriminering", "wrong": "Vanligaste felsvar", "flags": "Anmärkningar",
        "objective": "Mål", "met": "Uppnådde", "page": "Sida", "funnel": "Framsteg per modul",
        "funnel_desc": "Hur många deltagare som slutförde varje modul, i kursens ordning.",
        "time": "Tid per modul",
        "time_desc": "Minuter för att slutföra modulen: median och kvartiler.",
        "scores": "Poäng i slutprovet",
        "scores_desc": "Deltagarnas bästa resultat i slutprovet i klasser om tio procent.",
        "qtitle": "Frågor", "qdesc": "Andelen rätta svar per fråga.",
        "objectives": "Lärandemål", "pages": "Sidor", "almost-nobody-right": "nästan ingen svarar rätt",
        "wrong-answer-beats-right": "ett felsvar är vanligare än det rätta", "none": DASH,
        "summary": "Sammanfattning", "percent": "%",
        "generated": "Källa: {count} xAPI-påståenden, senaste {latest}.",
    },
}
REPORT_LANGUAGES = tuple(STRINGS)


@dataclass(frozen=True)
class Chart:
    """An SVG chart and what a screen reader (and a reader of the PDF) gets instead."""

    svg: Markup
    title: str
    description: str


def response_text(course: Course, question_id: str, response: str, lang: str) -> str:
    """A learner's response (option ids) in the words of the course: 'b' -> the option's text."""
    question = next((q for m in course.modules for q in questions(m) if q.id == question_id), None)
    if question is None:
        return response
    definition = interaction_definition(course, question, lang)
    return question_type(question).response_text(definition, response, lang)


@cache
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("lms_build.report", "templates"),
                      autoescape=select_autoescape(["html"]), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = lambda v: DASH if v is None else f"{v * 100:.0f} %"
    env.filters["num"] = lambda v: DASH if v is None else f"{v:.1f}".replace(".", ",")
    env.filters["r"] = lambda v: DASH if v is None else f"{v:.2f}".replace(".", ",")
    return env


def _svg(spec: dict[str, Any], title: str, description: str, ident: str) -> Markup:
    """Vega-Lite to SVG without a browser, with a title and description for assistive tech."""
    import vl_convert

    svg = vl_convert.vegalite_to_svg(spec)
    svg = re.sub(r"<svg\b", f'<svg role="img" aria-labelledby="{ident}-t {ident}-d"', svg, count=1)
    svg = svg.replace(">", f'><title id="{ident}-t">{html.escape(title)}</title>'
                           f'<desc id="{ident}-d">{html.escape(description)}</desc>', 1)
    return Markup(svg)


def _bar(values: list[dict[str, Any]], x: str, y: str, x_title: str, y_title: str,
         percent: bool = False) -> dict[str, Any]:
    import altair as alt

    axis = alt.Axis(format="%") if percent else alt.Axis(tickMinStep=1)
    chart = alt.Chart(alt.Data(values=values)).mark_bar(color="#1f5f8b").encode(
        x=alt.X(f"{x}:N", sort=None, title=x_title, axis=alt.Axis(labelAngle=0)),
        y=alt.Y(f"{y}:Q", title=y_title, axis=axis))
    return chart.properties(width=520, height=220).configure(font="DejaVu Sans").to_dict()


def charts(course: Course, figures: Figures, lang: str) -> dict[str, Chart]:
    s = STRINGS[lang]
    made: dict[str, Chart] = {}
    funnel = [{"m": str(i + 1), "n": row.finished} for i, row in enumerate(figures.modules)]
    made["funnel"] = Chart(_svg(_bar(funnel, "m", "n", s["module"], s["learners"]), s["funnel"],
                                s["funnel_desc"], "c-funnel"), s["funnel"], s["funnel_desc"])
    times = [{"m": str(i + 1), "t": round(row.minutes_median or 0, 1)} for i, row in enumerate(figures.modules)]
    made["time"] = Chart(_svg(_bar(times, "m", "t", s["module"], s["minutes"]), s["time"], s["time_desc"],
                              "c-time"), s["time"], s["time_desc"])
    scores = [{"b": f"{band}{DASH}{band + 10}", "n": count} for band, count in figures.scores]
    made["scores"] = Chart(_svg(_bar(scores, "b", "n", s["band"], s["learners"]), s["scores"],
                                s["scores_desc"], "c-scores"), s["scores"], s["scores_desc"])
    items = [{"q": str(i + 1), "p": row.correct_share or 0} for i, row in enumerate(figures.questions)]
    made["qchart"] = Chart(_svg(_bar(items, "q", "p", s["question"], s["correct"], percent=True), s["qtitle"],
                               s["qdesc"], "c-items"), s["qtitle"], s["qdesc"])
    return made


def titles(course: Course, lang: str) -> dict[str, str]:
    """Module, page, question and objective ids in the report language's words."""
    found = {course.config.id: course.config.title.get(lang)}
    for module in course.modules:
        found[module.id] = plain_text(module.title.get(lang))
        found.update({o.id: plain_text(o.text.get(lang)) for o in module.objectives})
        found.update({p.id: plain_text(p.title.get(lang)) for p in module.pages})
        found.update({q.id: plain_text(q.prompt.get(lang)) for q in questions(module)})
    return found


def render_html(course: Course, sections: list[Figures], lang: str, source: dict[str, Any]) -> str:
    """One page: the summary, then per language (and overall) funnel, time, scores, questions."""
    return _environment().get_template("report.html").render(
        lang=lang, s=STRINGS[lang], course=course, title=course.config.title.get(lang),
        sections=[(f, charts(course, f, lang)) for f in sections], names=titles(course, lang),
        answer=lambda qid, response: response_text(course, qid, response, lang),
        generated=STRINGS[lang]["generated"].format(**source))


def write_outputs(out: Path, course: Course, sections: list[Figures], lang: str,
                  source: dict[str, Any], pdf: bool = True) -> list[Path]:
    """report.html, report.pdf, report.json and CSV tables in `out`; returns the paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    page = render_html(course, sections, lang, source)
    written.append(_write(out / f"report-{lang}.html", page.encode("utf-8")))
    if pdf:
        from weasyprint import HTML

        written.append(_write(out / f"report-{lang}.pdf", HTML(string=page).write_pdf(pdf_variant="pdf/ua-1")))
    numbers = {"course": course.config.id, "source": source, "sections": [f.as_dict() for f in sections]}
    written.append(_write(out / "report.json", json.dumps(numbers, ensure_ascii=False, indent=2).encode("utf-8")))
    for name, rows in _tables(sections).items():
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerows(rows)
        written.append(_write(out / f"{name}.csv", buffer.getvalue().encode("utf-8")))
    return written


def _tables(sections: list[Figures]) -> dict[str, list[list[Any]]]:
    def language(f: Figures) -> str:
        return f.lang or "all"

    return {
        "modules": [["lang", "module", "reached", "finished", "minutes_q1", "minutes_median", "minutes_q3"]]
        + [[language(f), m.key, m.reached, m.finished, m.minutes_q1, m.minutes_median, m.minutes_q3]
           for f in sections for m in f.modules],
        "pages": [["lang", "page", "module", "learners"]]
        + [[language(f), p.key, p.module, p.learners] for f in sections for p in f.pages],
        "questions": [["lang", "question", "module", "answered", "correct_share", "discrimination",
                       "top_wrong", "flags"]]
        + [[language(f), q.key, q.module, q.answered, q.correct_share, q.discrimination,
            " | ".join(f"{r} ({n})" for r, n in q.top_wrong), " ".join(q.flags)]
           for f in sections for q in f.questions],
        "objectives": [["lang", "objective", "module", "attempted", "met_share"]]
        + [[language(f), o.key, o.module, o.attempted, o.met_share] for f in sections for o in f.objectives],
        "scores": [["lang", "band", "learners"]] + [[language(f), b, n] for f in sections for b, n in f.scores],
    }


def _write(path: Path, data: bytes) -> Path:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    partial.replace(path)
    return path
