"""`lms-build new module SLUG`: a valid module file with every field present and commented."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATE = """\
# Module source for lms-build. Every learner-facing text is given per course language.
# Field reference: `lms-build schema module` (JSON Schema, usable by editors for completion).
# Ids are lowercase ASCII slugs, unique across the whole course: they become SCORM/xAPI ids.
id: {slug}
order: {order:<21}  # position in the course; unique; file name starts with it
kind: lesson                  # lesson | assessment (the final assessment's score decides pass/fail)
draft: true                   # drafts may lack translations (warnings); set false when ready
title: {{{title}}}
summary:                      # one or two sentences shown in the table of contents
{summary}
estimated_minutes: 15         # honest estimate for a first-time learner
sources: []                   # ids from course_src/sources.yaml: cited at the end of the module
objectives:                   # what the learner can do after the module
  - id: {slug}-objective-1
    text:
{objective}
pages:
  - id: {slug}-page-1
    title: {{{page_title}}}
    blocks:
      # Block types: text, callout (kind: tip|warning|law), persona, image, checklist,
      # worksheet, glossary, discussion, quiz. Markdown is allowed in texts; raw HTML is not.
      - type: text
        body:
{body}
      - type: quiz
        id: {slug}-quiz
        questions:
          # Question types: single-choice, multiple-choice, true-false, matching, ordering,
          # short-text, scenario.
          - id: {slug}-question-1
            type: single-choice
            objective: {slug}-objective-1
            weight: 1
            prompt: {{{prompt}}}
            options:
              - id: a
                text: {{{option_a}}}
                feedback: {{{option_feedback}}}   # optional, shown when this option is picked
              - id: b
                text: {{{option_b}}}
            correct: a
            feedback:
              correct: {{{correct}}}
              incorrect: {{{incorrect}}}
"""


def _inline(languages: list[str], text: str) -> str:
    return ", ".join(f'{lang}: "{text}"' for lang in languages)


def _block(languages: list[str], text: str, indent: int) -> str:
    pad = " " * indent
    return "\n".join(f"{pad}{lang}: {text}" for lang in languages)


def module_yaml(slug: str, order: int, languages: list[str]) -> str:
    def inline(text: str) -> str:
        return _inline(languages, text)

    return TEMPLATE.format(
        slug=slug, order=order,
        title=inline("TODO title"),
        summary=_block(languages, "TODO summary", 2),
        objective=_block(languages, "TODO what the learner can do", 6),
        page_title=inline("TODO page title"),
        body=_block(languages, "|\n" + " " * 12 + "TODO page text in Markdown.", 10),
        prompt=inline("TODO question?"),
        option_a=inline("TODO right answer"),
        option_b=inline("TODO wrong answer"),
        option_feedback=inline("TODO why"),
        correct=inline("TODO why this is right"),
        incorrect=inline("TODO what to review"),
    )


def next_order(modules_dir: Path) -> int:
    orders = [int(p.name.split("-", 1)[0]) for p in modules_dir.glob("*.yaml")
              if p.name.split("-", 1)[0].isdigit()]
    return max(orders, default=0) + 1


_QUESTION_TEMPLATE = """\
# {a_type} question for lms-build. Paste it under a quiz block's `questions:` list and indent it
# to the level of the other questions. Replace every TODO: a TODO left in is an error unless the
# module is a draft. Field reference: `lms-build schema module`.
# id: unique across the course; it becomes the interaction id in the LMS, so keep it stable.
- id: {id}
  type: {type}
  # objective: OBJECTIVE-ID  # optional: id of the module objective this question checks
  weight: 1               # share of the quiz score (relative to the other questions)
  prompt: {t:question?}
{body}\
  feedback:
    correct: {t:why this is right}
    incorrect: {t:what to review}
"""


def question_yaml(question_type: str, question_id: str, languages: list[str]) -> str:
    """A commented skeleton of one question of `question_type`, valid in a draft module (the
    type-specific part is its spec's `skeleton`: `{t:NAME}` becomes a per-language mapping of
    a TODO placeholder, `{l:NAME}` the same with a list per language)."""
    from .questions import QUESTION_TYPES

    def fill(template: str) -> str:
        template = re.sub(r"\{t:([^}]*)\}", lambda m: "{" + _inline(languages, f"TODO {m[1]}") + "}", template)
        return re.sub(r"\{l:([^}]*)\}", lambda m: _block(languages, f'["TODO {m[1]}"]', 2), template)

    body = "".join(f"  {line}\n" for line in fill(QUESTION_TYPES[question_type].skeleton).splitlines())
    text = fill(_QUESTION_TEMPLATE).replace("{body}", body)
    article = "An" if question_type[0] in "aeiou" else "A"
    return (text.replace("{a_type}", f"{article} {question_type}").replace("{type}", question_type)
            .replace("{id}", question_id))
