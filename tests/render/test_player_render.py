"""The player page as HTML: what every package carries, before any JavaScript runs."""

from __future__ import annotations

import itertools
import json
import re
from importlib import resources

import lxml.html
import pytest

from lms_build.questions.ordering import display_order
from lms_build.render import player
from lms_build.render.player import (
    CORE_SCRIPTS,
    JS_STRINGS,
    RUNTIME_SCRIPTS,
    RUNTIMES,
    ScoPlayer,
    player_data,
    render_sco,
    render_sco_files,
    scored_questions,
    static_files,
    ui_strings,
)
from lms_build.render.state import layout
from lms_build.resolve import questions
from tests.support.courses import mini_course, modules, page_script_value, whole_sco

TEMPLATES = resources.files("lms_build.render").joinpath("templates")
STATIC = resources.files("lms_build.render").joinpath("static")


def page(lang: str = "fi", runtime: str = "standalone", *module_ids: str):
    course = mini_course()
    html = whole_sco(course, lang, modules(course, *module_ids), runtime)
    return html, lxml.html.document_fromstring(html)


def data_of(tree) -> dict:
    return json.loads(tree.get_element_by_id("lms-data").text)


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_page_is_in_the_course_language(lang):
    _, tree = page(lang)
    assert tree.get("lang") == lang
    assert tree.findtext(".//title") == mini_course().config.title.get(lang)


def test_a_content_security_policy_forbids_every_request_outside_the_package():
    _, tree = page()
    csp = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert len(csp) == 1
    rules = dict(rule.strip().split(" ", 1) for rule in csp[0].split(";"))
    assert rules["default-src"] == "'none'"
    assert rules["connect-src"] == "'none'"
    assert rules["script-src"] == rules["style-src"] == "'self'"
    assert rules["form-action"] == "'none'"


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_the_page_loads_the_core_and_only_its_own_runtime_adapter(runtime):
    _, tree = page("fi", runtime)
    scripts = tree.xpath("//script[@src]/@src")
    extra = RUNTIME_SCRIPTS.get(runtime, ())  # the xAPI adapters' shared core
    assert scripts == [f"player/{name}" for name in (*CORE_SCRIPTS, *extra)] + [
        f"player/adapters/{runtime}.js", "player/worksheet.js"]
    assert scripts.index("player/player.js") == len(CORE_SCRIPTS) - 1  # the core before the page side
    assert data_of(tree)["runtime"] == runtime


def test_an_unknown_runtime_is_refused():
    with pytest.raises(ValueError, match="aicc"):
        render_sco(mini_course(), "fi", list(mini_course().modules), "aicc")


def test_static_files_are_the_complete_player_and_every_reference_is_relative():
    files = static_files()
    assert {f"player/adapters/{runtime}.js" for runtime in RUNTIMES} <= set(files)
    for runtime in RUNTIMES:
        _, tree = page("fi", runtime)
        for ref in tree.xpath("//script/@src | //link/@href"):
            assert not ref.startswith(("/", "http:", "https:")), ref
            assert ref in files, f"{ref} is referenced but not shipped"


def test_the_player_runtime_never_names_a_url():
    for name, content in static_files().items():
        # xAPI verb, category and extension IRIs are identifiers inside statements, never fetched
        text = re.sub(r"(http://adlnet\.gov/expapi/|https://w3id\.org/xapi/)[\w./-]*", "IRI", content.decode("utf-8"))
        assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/|@import|url\(", text), name


def test_every_interface_string_is_translated_to_finnish_swedish_and_english():
    strings = ui_strings()
    for key, texts in strings.items():
        assert set(texts) == {"fi", "sv", "en"}, key
        assert all(texts[lang].strip() for lang in texts), key
        placeholders = {lang: sorted(re.findall(r"\{\w+\}", text)) for lang, text in texts.items()}
        assert placeholders["fi"] == placeholders["sv"] == placeholders["en"], f"{key}: {placeholders}"


def test_templates_and_scripts_use_only_strings_that_exist():
    strings = ui_strings()
    for template in ("player.html", "blocks.html", "exam.html", "ending.html"):
        text = TEMPLATES.joinpath(template).read_text(encoding="utf-8")
        for key in re.findall(r"\bui\.(\w+)", text):
            assert key in strings, f"{template} uses ui.{key}"
    assert set(JS_STRINGS) <= set(strings)
    scripts = [STATIC.joinpath("player.js"), *STATIC.joinpath("adapters").iterdir()]
    for script in scripts:
        for key in re.findall(r"\bui\.(\w+)", script.read_text(encoding="utf-8")):
            assert key in JS_STRINGS, f"{script.name} uses ui.{key}, not passed to the page"


def test_landmarks_skip_link_and_one_heading_per_page():
    _, tree = page()
    assert tree.xpath("//a[@class='skip-link']/@href") == ["#main"]
    assert tree.xpath("//main/@id") == ["main"]
    assert len(tree.xpath("//header")) == 1 and len(tree.xpath("//footer")) == 1
    labels = tree.xpath("//nav/@aria-label")
    assert len(labels) == 2 and len(set(labels)) == 2
    for section in tree.xpath("//main/section[contains(@class, 'page')]"):
        headings = section.xpath(".//h1")
        assert len(headings) == 1, section.get("id")
        assert headings[0].get("tabindex") == "-1"  # focus moves there on navigation


def test_every_form_control_has_a_label_and_every_question_a_fieldset_with_legend():
    _, tree = page()
    labelled = set(tree.xpath("//label/@for"))
    for control in tree.xpath("//main//input | //main//select"):
        assert control.get("id") in labelled, lxml.html.tostring(control)
    for form in tree.xpath("//form[contains(@class, 'question')]"):
        assert form.xpath("./fieldset/legend"), form.get("id")
        feedback = form.xpath(".//*[contains(@class, 'feedback')]")[0]
        assert feedback.get("aria-live") == "polite" and feedback.get("tabindex") == "-1"


def test_matching_is_answered_with_selects_and_ordering_with_move_buttons():
    _, tree = page("fi", "standalone", "loppukoe")
    match = tree.get_element_by_id("q-loppukoe-match")
    assert len(match.xpath(".//select")) == 2 and not match.xpath(".//*[@draggable]")
    order = tree.get_element_by_id("q-loppukoe-order")
    for item in order.xpath(".//ol/li"):
        names = [b.text_content() for b in item.xpath(".//button")]
        assert names[0].startswith("↑Siirrä ylös: ") and names[1].startswith("↓Siirrä alas: ")


def test_ordering_items_start_shuffled_the_same_way_in_every_build_and_never_in_order():
    course = mini_course()
    question = next(q for q in questions(modules(course, "loppukoe")[0]) if q.type == "ordering")
    first = display_order(question)
    assert first == display_order(question) and sorted(first) == [0, 1, 2]
    assert first != [0, 1, 2]
    for n in range(2, 9):  # any number of items, any ids
        items = [{"id": f"i{k}", "text": {"fi": "x", "sv": "x"}} for k in range(n)]
        synthetic = question.model_copy(update={"items": [type(question.items[0]).model_validate(i)
                                                          for i in items]})
        assert display_order(synthetic) != list(range(n))


def test_the_question_data_holds_types_weights_and_correct_responses():
    course = mini_course()
    data = player_data(course, "fi", list(course.modules), "scorm12")
    by_id = {q["id"]: q for q in data["questions"]}
    assert by_id["perusteet-q1"] | {"fb": None, "ofb": None, "sol": None} == {
        "id": "perusteet-q1", "kind": "single", "type": "choice", "w": 1, "scored": False,
        "desc": "Kuka antaa digitukea?", "fb": None, "obj": "perusteet-tunnistaa",
        "ids": ["a", "b"], "ok": [0], "ofb": None, "sol": None, "cp": ["a"], "pin": [], "mod": 0,
        "page": 2, "key": layout(course.modules).slots[0].key}
    assert "IT-tuki ei ole ainoa." in by_id["perusteet-q1"]["ofb"]["1"]
    assert by_id["perusteet-q2"]["ok"] == [1]  # "false" is the second option
    assert by_id["loppukoe-multi"]["w"] == 2 and by_id["loppukoe-multi"]["ok"] == [0, 1]
    assert by_id["loppukoe-short"]["accept"] == ["kuntatutor", "kuntatutori"]
    assert by_id["loppukoe-scenario"]["kind"] == "single"
    assert [q["type"] for q in data["questions"]][2:] == [
        "choice", "choice", "true-false", "matching", "sequencing", "fill-in", "choice"]
    assert data["mastery"] == 80 and data["maxAttempts"] == 0 and data["showCorrect"] is True


def test_the_score_counts_the_assessment_questions_when_the_sco_holds_the_assessment():
    course = mini_course()
    whole = scored_questions(modules(course))
    assert [q.id for q in whole] == [q.id for q in questions(modules(course, "loppukoe")[0])]
    data = player_data(course, "fi", modules(course), "scorm12")
    assert data["assessment"] is True
    assert [q["scored"] for q in data["questions"]] == [False] * 2 + [True] * 7


def test_the_score_counts_all_questions_of_a_sco_without_the_assessment():
    course = mini_course()
    lesson = modules(course, "perusteet")
    assert [q.id for q in scored_questions(lesson)] == ["perusteet-q1", "perusteet-q2"]
    data = player_data(course, "fi", lesson, "scorm2004")
    assert data["assessment"] is False and all(q["scored"] for q in data["questions"])
    assert data["pages"] == ["perusteet-johdanto", "perusteet-tapaus", "perusteet-kysely"]


def test_descriptions_are_plain_text_within_the_scorm_2004_limit():
    course = mini_course()
    question = questions(modules(course, "loppukoe")[0])[0]
    long_prompt = type(question.prompt)({"fi": "**Pitkä** " + "sana " * 80, "sv": "x"})
    text = player.description(question.model_copy(update={"prompt": long_prompt}), "fi")
    assert len(text) == 250 and text.endswith("…") and "*" not in text


def test_the_data_cannot_break_out_of_its_script_element():
    safe = str(player._json_for_html({"text": "</script><script>alert(1)</script>&"}))
    assert "<" not in safe and ">" not in safe and "&" not in safe
    assert json.loads(safe) == {"text": "</script><script>alert(1)</script>&"}


def test_extra_pages_are_linked_from_the_footer_and_not_counted_as_course_pages():
    _, tree = page()
    assert tree.xpath("//footer//a/@href") == ["#saavutettavuus", "#lahteet-ja-tekijat"]
    assert tree.get_element_by_id("saavutettavuus").get("class") == "page extra-page"
    assert tree.get_element_by_id("lahteet-ja-tekijat").get("class") == "page extra-page"
    assert not {"saavutettavuus", "lahteet-ja-tekijat"} & set(data_of(tree)["pages"])


def test_checklist_items_are_numbered_across_the_sco_for_the_state():
    _, tree = page()
    assert tree.xpath("//input[@data-check]/@data-check") == ["0"]
    assert [c["n"] for c in data_of(tree)["checklists"]] == [1]


def test_the_web_target_plans_every_player_file():
    from lms_build.targets.web import WebTarget

    jobs = {job.path: job for job in WebTarget(mini_course()).plan("sv")}
    assert {f"web/sv/{name}" for name in static_files()} <= set(jobs)
    assert "web/sv/index.html" in jobs and "web/sv/assets/map.svg" in jobs
    assert b'data-runtime="standalone"' in jobs["web/sv/index.html"].produce()


def test_heading_levels_are_never_skipped():
    html = ("<h1>Page</h1><h3>Author's ##</h3><p>x</p><h4>###</h4><h2>Box</h2><h4>deep</h4>"
            "<h1>Next</h1><h3>y</h3>")
    assert player.fix_heading_order(html) == (
        "<h1>Page</h1><h2>Author's ##</h2><p>x</p><h3>###</h3><h2>Box</h2><h3>deep</h3>"
        "<h1>Next</h1><h2>y</h2>")
    _, tree = page()
    levels = [int(h.tag[1]) for h in tree.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))


def test_the_launch_page_holds_exactly_the_first_page_and_only_its_data():
    course = mini_course()
    tree = lxml.html.document_fromstring(render_sco(course, "fi", list(course.modules), "standalone"))
    assert [s.get("id") for s in tree.xpath("//main/section")] == ["perusteet-johdanto"]
    launch = data_of(tree)
    assert launch["total"] == 4 and launch["first"] == "perusteet-johdanto"
    assert launch["folder"] == "pages/index/"
    assert "questions" not in launch and "pages" not in launch  # the course data loads after
    assert tree.xpath("//ol[@class='toc-modules']/*") == []  # filled from the course data


def test_every_other_page_and_the_course_data_are_page_files_of_the_sco():
    course = mini_course()
    sco = ScoPlayer(course, "fi", list(course.modules), "scorm12", launch_name="index.html")
    assert sco.file_names() == ["index.html", "pages/index/course.data.js", "pages/index/perusteet-tapaus.js",
                                "pages/index/perusteet-kysely.js", "pages/index/loppukoe-kysymykset.js",
                                "pages/index/saavutettavuus.js",
                                "pages/index/lahteet-ja-tekijat.js"]
    name, value = page_script_value(sco.render("pages/index/perusteet-kysely.js"))
    assert name == "perusteet-kysely"
    section = lxml.html.fragment_fromstring(value["html"])
    assert (section.get("id"), section.get("data-index")) == ("perusteet-kysely", "2")
    assert set(value["questions"]) == {"0", "1"}  # its two questions' feedback and solutions
    assert set(value["questions"]["0"]) == {"fb", "ofb", "sol"}
    name, course_data = page_script_value(sco.render("pages/index/course.data.js"))
    assert name == "course.data" and course_data["pages"][2] == "perusteet-kysely"
    assert "fb" not in course_data["questions"][0] and course_data["questions"][0]["cp"] == ["a"]
    assert course_data["toc"]["titles"] == ["Johdanto", "Tapaus", "Tehtävät", "Kysymykset"]


def test_a_module_sco_keeps_its_pages_in_a_folder_of_its_own():
    course = mini_course()
    sco = ScoPlayer(course, "fi", modules(course, "loppukoe"), "scorm2004", launch_name="loppukoe.html")
    assert sco.file_names() == ["loppukoe.html", "pages/loppukoe/course.data.js",
                                "pages/loppukoe/saavutettavuus.js", "pages/loppukoe/lahteet-ja-tekijat.js"]


def test_page_files_are_the_same_bytes_in_every_build():
    course = mini_course()
    first = render_sco_files(course, "sv", list(course.modules), "cmi5")
    assert first == render_sco_files(course, "sv", list(course.modules), "cmi5")
