"""The xAPI and cmi5 vocabulary the project uses: verbs, activity types, context categories and
extensions. One place, so Python (statements, catalogue, simulate, checks) and the JavaScript
core (which receives these through the activity catalogue) never spell an IRI differently."""

from __future__ import annotations

from dataclasses import dataclass

ADL_VERBS = "http://adlnet.gov/expapi/verbs/"
ADL_ACTIVITIES = "http://adlnet.gov/expapi/activities/"
CMI5 = "https://w3id.org/xapi/cmi5/"

#: xAPI language tags of the course languages (the course is for Finland: Swedish is sv-FI).
LANGUAGE_TAGS = {"fi": "fi-FI", "sv": "sv-FI", "en": "en-GB"}


def language_tag(lang: str) -> str:
    return LANGUAGE_TAGS.get(lang, lang)


@dataclass(frozen=True)
class Verb:
    id: str
    display: dict[str, str]  # language tag -> word


def _verb(iri: str, fi: str, sv: str, en: str) -> Verb:
    return Verb(iri, {"en-US": en, "fi-FI": fi, "sv-FI": sv})


VERBS: dict[str, Verb] = {
    "launched": _verb(ADL_VERBS + "launched", "käynnisti", "startade", "launched"),
    "initialized": _verb(ADL_VERBS + "initialized", "aloitti", "påbörjade", "initialized"),
    "experienced": _verb(ADL_VERBS + "experienced", "tutustui", "tog del av", "experienced"),
    "answered": _verb(ADL_VERBS + "answered", "vastasi", "svarade", "answered"),
    "completed": _verb(ADL_VERBS + "completed", "suoritti", "slutförde", "completed"),
    "passed": _verb(ADL_VERBS + "passed", "läpäisi", "godkändes i", "passed"),
    "failed": _verb(ADL_VERBS + "failed", "ei läpäissyt", "underkändes i", "failed"),
    "terminated": _verb(ADL_VERBS + "terminated", "lopetti", "avslutade", "terminated"),
}
#: The verbs cmi5 defines for an AU (section 9.3): such statements follow the cmi5 rules.
CMI5_DEFINED_VERBS = frozenset({"initialized", "completed", "passed", "failed", "terminated"})

ACTIVITY_TYPES = {
    "course": ADL_ACTIVITIES + "course",
    "module": ADL_ACTIVITIES + "module",
    "assessment": ADL_ACTIVITIES + "assessment",
    "lesson": ADL_ACTIVITIES + "lesson",
    "objective": ADL_ACTIVITIES + "objective",
    "interaction": ADL_ACTIVITIES + "cmi.interaction",
}

CMI5_CATEGORY = CMI5 + "context/categories/cmi5"
MOVEON_CATEGORY = CMI5 + "context/categories/moveon"
SESSION_ID_EXTENSION = CMI5 + "context/extensions/sessionid"
MASTERY_SCORE_EXTENSION = CMI5 + "context/extensions/masteryscore"
LAUNCH_MODE_EXTENSION = CMI5 + "context/extensions/launchmode"
LAUNCH_URL_EXTENSION = CMI5 + "context/extensions/launchurl"
MOVEON_EXTENSION = CMI5 + "context/extensions/moveon"
LAUNCH_PARAMETERS_EXTENSION = CMI5 + "context/extensions/launchparameters"
#: The launch parameters cmi5 puts on an AU's URL (section 8.1); an AU URL must not use them.
CMI5_LAUNCH_PARAMETERS = ("endpoint", "fetch", "actor", "registration", "activityId")
#: The launch parameters of the Rustici ("Tin Can") launch that mod_tincanlaunch sends.
TINCAN_LAUNCH_PARAMETERS = ("endpoint", "auth", "actor", "registration", "activity_id")
