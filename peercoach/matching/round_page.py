"""What the matching page shows of a round of thousands of people, a page at a time.

A round of 5,000 pairs used to be one page of 5,000 cards and three selects of 10,000 options
(15 s, 4.7 MB). Now the page shows a page of groups in natural order ("Pair 2" before "Pair
10"), the first of those not placed, and whom to move or swap is found by typing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace

from django.core.paginator import Page
from django.db.models import Q, QuerySet

from peercoach.lib.paging import CountedPaginator
from peercoach.matching import planning
from peercoach.matching import unplaced as unplaced_reasons
from peercoach.matching.reasons import render_reason
from peercoach.organisations.models import Person
from peercoach.organisations.people_search import PICKER_SIZE, Picker, numbered, pick
from peercoach.programs import kept_figures
from peercoach.programs.models import Group, GroupMember, MemberRole, Round

GROUPS_PER_PAGE = 24
UNPLACED_SHOWN = 50


def context(round_: Round, params: Mapping[str, str]) -> dict:
    """The page's parts: a page of groups, those not placed, and who and where to move or swap.

    `params` are the page's query parameters: `page`, and what was typed to find the person to
    move or swap (`who`), the group to move them to (`to`) and whom to swap with (`with`).
    """
    page, groups = groups_page(round_, params.get("page"))
    moving, to_text = params.get("who", ""), params.get("to", "")
    to_groups, more_groups = find_groups(round_, to_text, page.paginator.count)
    who = find_person(round_, "person", moving)
    return {
        "page": page,
        "groups": groups,
        "unplaced": unplaced_of(round_),
        "unplaced_count": len(round_.unplaced),
        "who": who,
        "swap_first": replace(who, name="first"),
        # Nothing (or the same) typed in both: the same people, read once.
        "swap_second": replace(who, name="second")
        if params.get("with", "") == moving
        else find_person(round_, "second", params.get("with", "")),
        "to_groups": to_groups,
        "to_text": to_text,
        "more_groups": more_groups,
    }


def groups_page(round_: Round, number: str | None) -> tuple[Page, list[dict]]:
    """One page of the round's groups with their members and reasons as sentences, as plain
    values (a card reads a few fields of each; model instances cost more than the page)."""
    ordered = round_.groups.in_natural_order().values_list("pk", flat=True)
    count = kept_figures.kept(
        "round_groups",
        [round_.program_id],
        (round_.pk,),
        lambda _ids: {round_.program_id: round_.groups.count()},
    )[round_.program_id]
    page = numbered(CountedPaginator(ordered, GROUPS_PER_PAGE, count=count).get_page(number))
    ids = list(page)
    groups = {
        group["pk"]: group
        for group in Group.objects.filter(pk__in=ids).values(
            "pk", "name", "score", "is_locked", "reasons"
        )
    }
    members = defaultdict(list)
    rows = GroupMember.objects.filter(group_id__in=ids).values_list(
        "group_id", "person__name", "person__department", "role"
    )
    # As `get_role_display` shows it: the label, or the stored value if it is none of them.
    labels = {role.value: str(role.label) for role in MemberRole}
    for group_id, name, department, role in rows:
        members[group_id].append(
            {"name": name, "department": department, "role": labels.get(role, role)}
        )
    return page, [
        {
            "group": groups[pk],
            "members": members[pk],
            "reasons": [render_reason(planning.reason_from_json(r)) for r in groups[pk]["reasons"]],
        }
        for pk in ids
        if pk in groups
    ]


def unplaced_of(round_: Round, limit: int = UNPLACED_SHOWN) -> list[dict]:
    """The first `limit` people the round left out, each with why and what would help."""
    shown = round_.unplaced[:limit]
    names = dict(
        Person.objects.filter(
            pk__in=[u["person"] for u in shown], organisation_id=round_.program.organisation_id
        ).values_list("pk", "name")
    )
    return [
        {
            "pk": u["person"],
            "name": names.get(u["person"], "?"),
            "reason": unplaced_reasons.render(u["explanation"])
            if u.get("explanation")
            else render_reason(planning.reason_from_json(u)),
            "suggestions": [unplaced_reasons.render(s) for s in u.get("suggestions", [])],
        }
        for u in shown
    ]


def people_of(round_: Round) -> QuerySet[Person]:
    """Everyone in the round: in one of its groups or left out of them."""
    left_out = [u["person"] for u in round_.unplaced]
    # A subquery, not a join: the join needs DISTINCT over the whole organisation (~75 ms at
    # 10,000 people) before the first 20 by name can be taken.
    placed = GroupMember.objects.filter(group__round=round_).values("person_id")
    return Person.objects.filter(
        Q(pk__in=placed) | Q(pk__in=left_out), organisation_id=round_.program.organisation_id
    )


def find_person(round_: Round, name: str, text: str) -> Picker:
    return pick(people_of(round_), name=name, text=text)


def find_groups(round_: Round, text: str, count: int | None = None) -> tuple[list[Group], bool]:
    """Up to `PICKER_SIZE` of the round's groups whose name contains what was typed; `count`:
    the round's groups, when known (nothing typed among more than that asks for a name)."""
    text = str(text or "").strip()[:200]
    if not text and count is not None and count > PICKER_SIZE:
        return [], True
    groups = round_.groups.filter(name__icontains=text).in_natural_order()
    found = list(groups[: PICKER_SIZE + 1])
    more = len(found) > PICKER_SIZE
    return ([] if more and not text else found[:PICKER_SIZE]), more
