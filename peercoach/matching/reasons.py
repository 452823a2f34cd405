"""Engine reasons (codes and parameters) as sentences in the user's language."""

from __future__ import annotations

from collections.abc import Iterable
from weakref import WeakKeyDictionary

from django.utils.translation import gettext, ngettext, trans_real

from .engine import Reason

# The sentences per catalogue, built once: the matching page renders a reason per pair and per
# rule, and building all of them for every reason cost hundreds of thousands of gettext calls on
# a page of 5,000 pairs. Keyed by the active catalogue rather than the language code, so that
# when the languages or the catalogues' paths change (Django then loads fresh catalogues) the
# sentences follow without a receiver.
_TEMPLATES_BY_CATALOGUE: WeakKeyDictionary[object, dict[str, str]] = WeakKeyDictionary()


def _templates() -> dict[str, str]:
    """The reason sentences in the active language (built on first use per catalogue)."""
    catalogue = trans_real.catalog()
    templates = _TEMPLATES_BY_CATALOGUE.get(catalogue)
    if templates is None:
        templates = _TEMPLATES_BY_CATALOGUE[catalogue] = _build_templates()
    return templates


def _build_templates() -> dict[str, str]:
    # Whole sentences with named placeholders, so translators can reorder them.
    return {
        "skill_exchange": gettext(
            "%(person_a)s and %(person_b)s can learn from each other: %(skill_a)s and %(skill_b)s"
        ),
        "skill_offered": gettext("%(learner)s wants to learn %(skill)s, %(teacher)s offers it"),
        "experience_gap": gettext(
            "%(junior)s can learn from %(senior)s's %(years)s more years of experience"
        ),
        "different_departments": gettext(
            "different departments (%(department_a)s and %(department_b)s)"
        ),
        "shared_topic": gettext("both want to get better at %(skill)s"),
        "same_time_zone": gettext("same time zone"),
        "time_zone_difference": gettext("time zones are %(hours)s hours apart"),
        "role_preference": gettext("%(coach)s prefers to coach, %(coachee)s to be coached"),
        "shared_language": gettext("shared language: %(language)s"),
        "new_pairing": gettext("have not met before"),
        "unavailable": gettext("not available this round"),
        "no_shared_language": gettext("nobody available shares a coaching language"),
        "no_eligible_partner": gettext("no eligible partner this round"),
        "no_eligible_group": gettext("no group this person may join this round"),
        "rule_reporting_line": gettext(
            "%(person_a)s and %(person_b)s have a direct reporting line"
        ),
        "rule_reporting_chain": gettext("%(person_a)s and %(person_b)s are in one reporting chain"),
        "rule_excluded": gettext("%(person_a)s and %(person_b)s must not be matched"),
        "rule_same_manager": gettext(
            "%(person_a)s and %(person_b)s have the same manager, and this program keeps "
            "reporting lines apart"
        ),
        "rule_same_department": gettext(
            "%(person_a)s and %(person_b)s work in the same department, and this program "
            "matches across departments"
        ),
        "rule_different_departments": gettext(
            "%(person_a)s and %(person_b)s work in different departments, and this program "
            "matches within a department"
        ),
        "rule_no_common_language": gettext("%(members)s share no coaching language"),
        # A participant's private "rather not with" list: never whose, never whom.
        "rule_private": gettext("a participant's private preference"),
    }


def render_reason(reason: Reason) -> str:
    """One reason as a translated sentence; unknown codes or parameters get a generic text."""
    params = dict(reason.params)
    try:
        if reason.code == "departments_mixed":
            count = int(params.get("count", "0"))
            return ngettext(
                "%(count)d department in the group",
                "%(count)d different departments in the group",
                count,
            ) % {"count": count}
        if reason.code == "repeat_pairing":
            count = int(params.get("count", "1"))
            return ngettext(
                "%(count)d pair has met before (no other option)",
                "%(count)d pairs have met before (no other option)",
                count,
            ) % {"count": count}
        template = _templates().get(reason.code)
        if template is not None:
            return template % params
    except (KeyError, ValueError, TypeError):
        pass
    return gettext("matched on other criteria")


def render_reasons(reasons: Iterable[Reason]) -> list[str]:
    return [render_reason(r) for r in reasons]
