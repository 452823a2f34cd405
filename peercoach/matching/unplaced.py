"""Why someone was left out of a round, and what would place them.

The engine says only "no eligible partner". Here the reason is worked out from the enrolled people
and the program's hard rules: which rule rules out most of the others for this person, with the
figures ("14 of 24 people are in Finance and the program asks for cross-department pairs"), and
which change would place them: joining a group of the round as an extra member (a trio in a pairs
program), or relaxing the rule. Stored as codes and parameters with the round, shown in the
reader's language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence

from django.utils.translation import gettext, ngettext

from peercoach.matching import engine

MAX_GROUPS_NAMED = 3


def _conflicts(a: engine.Person, b: engine.Person, options: engine.Options) -> set[str]:
    found = set()
    if a.manager_id == b.id or b.manager_id == a.id:
        found.add("reporting_line")
    if b.id in a.exclude or a.id in b.exclude:
        found.add("excluded")
    if options.cross_department and a.department == b.department:
        found.add("same_department")
    if options.same_department and a.department != b.department:
        found.add("different_departments")
    if not (a.languages & b.languages):
        found.add("language")
    return found


def explain(
    person_id: str,
    people: Sequence[engine.Person],
    options: engine.Options,
    groups: Sequence[tuple[str, Sequence[str]]],
    blocked: Collection[tuple[str, str]] = (),
) -> dict:
    """`groups`: (name, member ids) of the round. Returns {"explanation", "suggestions"}.

    `blocked` (private "rather not with" pairs) only keeps a group out of the suggestions; it is
    never given as a reason, so the explanation cannot tell whom someone named."""
    by_id = {p.id: p for p in people}
    me = by_id[person_id]
    others = [p for p in people if p.id != person_id]
    total = len(people)
    conflicts: Counter[str] = Counter()
    compatible = 0
    without_department_rule = 0
    for other in others:
        rules = _conflicts(me, other, options)
        conflicts.update(rules)
        if not rules:
            compatible += 1
        if not (rules - {"same_department", "different_departments"}):
            without_department_rule += 1
    pairs = options.group_size == 2
    params = {"name": me.name, "total": str(total)}
    department_count = sum(p.department == me.department for p in people)
    if options.cross_department and department_count > total // options.group_size:
        # More people in one department than there are groups: some of them must be left out,
        # however many partners each of them has on paper.
        main = "same_department"
    elif not compatible and conflicts:
        main = conflicts.most_common(1)[0][0]
    else:
        main = None
    if main == "same_department":
        explanation = {
            "code": "department_too_big_pairs" if pairs else "department_too_big_groups",
            "params": {
                **params,
                "count": str(department_count),
                "department": me.department or "—",
            },
        }
    elif main == "different_departments":
        explanation = {
            "code": "department_too_small",
            "params": {
                **params,
                "count": str(department_count),
                "department": me.department or "—",
            },
        }
    elif main == "language":
        explanation = {
            "code": "language_shared_by_few",
            "params": {
                **params,
                "count": str(len(others) - conflicts["language"]),
                "languages": ", ".join(sorted(me.languages)),
            },
        }
    elif main in ("reporting_line", "excluded") and not compatible:
        explanation = {"code": "rules_exclude_everyone", "params": params}
    else:
        explanation = {
            "code": "left_over",
            "params": {**params, "count": str(compatible)},
        }

    suggestions = []
    apart = {b if a == person_id else a for a, b in blocked if person_id in (a, b)}
    fitting = [
        name
        for name, members in groups
        if members
        and not apart.intersection(members)
        and all(not _conflicts(me, by_id[m], options) for m in members if m in by_id)
    ]
    if fitting:
        suggestions.append(
            {
                "code": "join_as_trio" if pairs else "join_group",
                "params": {
                    "name": me.name,
                    "groups": ", ".join(fitting[:MAX_GROUPS_NAMED]),
                    "count": str(len(fitting)),
                },
            }
        )
    if main in ("same_department", "different_departments") and without_department_rule:
        suggestions.append(
            {
                "code": "relax_cross_department"
                if main == "same_department"
                else "relax_same_department",
                "params": {"name": me.name, "count": str(without_department_rule)},
            }
        )
    return {"explanation": explanation, "suggestions": suggestions}


def render(item: dict) -> str:
    """An explanation or suggestion as a sentence in the active language."""
    code, params = item.get("code", ""), dict(item.get("params", {}))
    try:
        count = int(params.get("count", "0"))
        if code == "department_too_big_pairs":
            return (
                gettext(
                    "%(count)s of %(total)s people are in %(department)s and the program asks for "
                    "cross-department pairs."
                )
                % params
            )
        if code == "department_too_big_groups":
            return (
                gettext(
                    "%(count)s of %(total)s people are in %(department)s and the program asks for "
                    "cross-department groups."
                )
                % params
            )
        if code == "department_too_small":
            return (
                gettext(
                    "Only %(count)s of %(total)s people are in %(department)s and the program "
                    "matches within a department."
                )
                % params
            )
        if code == "language_shared_by_few":
            return (
                ngettext(
                    "%(name)s coaches in %(languages)s; only %(count)s other person speaks it.",
                    "%(name)s coaches in %(languages)s; only %(count)s other people speak it.",
                    count,
                )
                % params
            )
        if code == "rules_exclude_everyone":
            return (
                gettext(
                    "The program's rules (reporting lines, exclusions) leave nobody %(name)s "
                    "may be matched with."
                )
                % params
            )
        if code == "left_over":
            return (
                ngettext(
                    "%(count)s person may be matched with %(name)s, and they are in a group "
                    "already: the numbers did not add up.",
                    "%(count)s people may be matched with %(name)s, and they are all in groups "
                    "already: the numbers did not add up.",
                    count,
                )
                % params
            )
        if code == "join_as_trio":
            return (
                gettext("Move %(name)s into %(groups)s to make a trio: it breaks no rule.") % params
            )
        if code == "join_group":
            return (
                gettext("Move %(name)s into %(groups)s as an extra member: it breaks no rule.")
                % params
            )
        if code == "relax_cross_department":
            return (
                ngettext(
                    "Allowing pairs within a department would give %(name)s %(count)s possible "
                    "partner.",
                    "Allowing pairs within a department would give %(name)s %(count)s possible "
                    "partners.",
                    count,
                )
                % params
            )
        if code == "relax_same_department":
            return (
                ngettext(
                    "Allowing pairs across departments would give %(name)s %(count)s possible "
                    "partner.",
                    "Allowing pairs across departments would give %(name)s %(count)s possible "
                    "partners.",
                    count,
                )
                % params
            )
    except (KeyError, ValueError, TypeError):
        pass
    return ""
