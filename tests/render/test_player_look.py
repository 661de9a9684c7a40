"""How the player page is built for a learner to read: a module opening, a recognisable box for
each kind of block with an SVG icon (never an emoji, which shows as an empty box where no emoji
font exists), persona cards and worksheets with a labelled field for every cell. Checked on the
HTML of the real course and the mini fixture, before any JavaScript runs."""

from __future__ import annotations

import re
from functools import cache

import lxml.html
import pytest

from lms_build.render.player import ui_strings
from tests.support.courses import mini_course, real_course, whole_sco

#: Pictographs that need an emoji font (💡, ⚠, ✅, ⭐ ...). Plain symbols of ordinary text fonts
#: (✓ ✗ § → ↑ ↓) are fine and used elsewhere.
EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u26FF\u2B00-\u2BFF\uFE0F"
                   "\u2700-\u2712\u2714-\u2716\u2718-\u27BF]")  # all but \u2713 \u2717 (✓ ✗)


@cache
def rendered(which: str, lang: str) -> tuple[str, lxml.html.HtmlElement]:
    course = real_course() if which == "real" else mini_course()
    html = whole_sco(course, lang, list(course.modules), "standalone")
    return html, lxml.html.document_fromstring(html)


def text(element) -> str:
    return " ".join(element.text_content().split())


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_first_page_of_every_module_opens_with_time_objectives_and_what_the_learner_does(lang):
    course = real_course()
    ui = {key: value[lang] for key, value in ui_strings().items()}
    _, tree = rendered("real", lang)
    for module in course.modules:
        first, *rest = module.pages
        [opening] = tree.get_element_by_id(first.id).find_class("module-opening")
        assert module.summary.get(lang).split()[0] in text(opening)
        facts = [text(li) for li in opening.find_class("opening-facts")[0].iter("li")]
        assert ui["opening_time"].format(minutes=module.estimated_minutes) in facts
        assert ui["opening_pages"].format(n=len(module.pages)) in facts
        if module.kind == "assessment":
            assert ui["opening_mastery"].format(mastery=course.config.mastery_score) in facts
        else:
            count = sum(len(b.questions) for p in module.pages for b in p.blocks if b.type == "quiz")
            assert ui["opening_questions"].format(n=count) in facts
        objectives = [text(li) for li in opening.find_class("objectives")[0].iter("li")]
        assert objectives == [" ".join(o.text.get(lang).split()) for o in module.objectives]
        [activities] = opening.find_class("activities")
        quiz = ui["do_exam" if module.kind == "assessment" else "do_quiz"]
        assert quiz in text(activities), module.id
        for page in rest:
            assert not tree.get_element_by_id(page.id).find_class("module-opening"), page.id


def test_the_opening_names_the_personas_worksheets_and_checklists_of_the_module():
    course = real_course()
    _, tree = rendered("real", "fi")
    for module in course.modules:
        blocks = [b for page in module.pages for b in page.blocks]
        [activities] = tree.get_element_by_id(module.pages[0].id).find_class("activities")
        shown = text(activities)
        for block in blocks:
            if block.type == "persona":
                assert course.personas[block.persona].name in shown
            elif block.type in ("worksheet", "checklist"):
                assert " ".join(block.title.get("fi").split()) in shown
        assert shown.count(ui_strings()["do_discussion"]["fi"]) == (
            1 if any(b.type == "discussion" for b in blocks) else 0)


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_a_persona_card_has_an_avatar_of_initials_a_short_heading_and_a_one_line_role(lang):
    course = real_course()
    _, tree = rendered("real", lang)
    cards = tree.find_class("persona")
    assert len(cards) >= 5
    for card in cards:
        name = text(card.find_class("persona-name")[0])
        persona = next(p for p in course.personas.values() if p.name == name)
        [avatar] = card.find_class("persona-avatar")
        assert avatar.get("aria-hidden") == "true"
        assert text(avatar) == "".join(word[0].upper() for word in name.split()[:2])
        [heading] = card.iter("h2")
        assert text(heading) == f"{ui_strings()['persona_case'][lang]}: {name}"
        assert text(card.find_class("persona-role")[0]) == " ".join(persona.role.get(lang).split())
        assert persona.role.get(lang) not in text(heading)


def test_each_kind_of_block_is_named_in_words_next_to_an_svg_icon():
    _, tree = rendered("mini", "fi")
    ui = {key: value["fi"] for key, value in ui_strings().items()}
    expected = {"callout-law": ui["law"], "checklist": ui["checklist"],
                "worksheet": ui["worksheet"], "glossary": ui["glossary"],
                "discussion": ui["discussion"]}
    for kind, words in expected.items():
        [box] = tree.find_class(kind)
        label = box.xpath("./p[@class='block-kind'] | ./h2")[0]
        assert label.xpath("./svg[@class='icon']"), kind
        assert text(label) == words, kind


@pytest.mark.parametrize("which", ["real", "mini"])
def test_icons_are_hidden_svg_and_no_emoji_is_left(which):
    html, tree = rendered(which, "fi")
    visible_text = re.sub(r"<script[^>]*>.*?</script>", "", html, flags=re.S)
    assert EMOJI.findall(visible_text) == []
    icons = tree.xpath("//svg")
    assert icons
    for icon in icons:
        assert icon.get("aria-hidden") == "true" and icon.get("focusable") == "false"


@pytest.mark.parametrize("which", ["real", "mini"])
def test_nothing_inline_that_the_strict_content_security_policy_would_block(which):
    _, tree = rendered(which, "fi")
    assert tree.xpath("//*[@style]") == []
    assert tree.xpath("//style") == []
    assert [s.get("type") for s in tree.xpath("//script[not(@src)]")] == ["application/json"]
    assert tree.xpath("//script[@src='player/worksheet.js']")


def test_every_worksheet_cell_is_a_field_named_by_its_row_and_column():
    course = mini_course()
    _, tree = rendered("mini", "fi")
    block = next(b for m in course.modules for p in m.pages for b in p.blocks if b.type == "worksheet")
    sheet = tree.get_element_by_id(f"worksheet-{block.id}")
    assert sheet.get("data-store") == f"lms-build/{course.config.id}/worksheet/{block.id}"
    assert sheet.get("data-file") == f"{block.id}.csv"
    fields = sheet.xpath(".//textarea")
    columns = len(block.columns)
    assert len(fields) == len(block.rows) * (columns - 1) + block.blank_rows * columns
    names = []
    for field in fields:
        parts = [text(tree.get_element_by_id(ref)) for ref in field.get("aria-labelledby").split()]
        names.append(" / ".join(parts))
    assert names == ["Kirjasto / Kenelle", "Rivi 2 / Kuka", "Rivi 2 / Kenelle",
                     "Rivi 3 / Kuka", "Rivi 3 / Kenelle"]
    assert len({f.get("data-cell") for f in fields}) == len(fields)


def test_the_worksheet_controls_and_notes_wait_for_the_script():
    _, tree = rendered("mini", "sv")
    [sheet] = tree.find_class("worksheet")
    for name in ("worksheet-tools", "worksheet-kept", "worksheet-not-kept"):
        assert sheet.find_class(name)[0].get("hidden") is not None, name
    assert "den här enheten" in text(sheet.find_class("worksheet-kept")[0])


def test_new_interface_strings_have_finnish_swedish_and_english():
    strings = ui_strings()
    ours = [k for k in strings if k.startswith(("opening_", "do_", "worksheet_"))]
    assert len(ours) >= 15
    for key in ours:
        assert set(strings[key]) >= {"fi", "sv", "en"}, key
