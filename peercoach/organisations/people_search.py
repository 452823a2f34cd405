"""Finding people in an organisation of thousands: search, filters and pages.

Every list of people and every place where someone is chosen (the people list, enrolment, adding
a group member, feedback recipients) filters a queryset it got from `peercoach.access` with
`PeopleSearchForm` and shows one page of it, so no page lists or offers thousands of people at once.
Who may be found is decided by the queryset passed in, never here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from peercoach.lib.form_rendering import QuickSelect
from peercoach.lib.forms import Form
from peercoach.lib.ids import parse_id
from peercoach.lib.paging import CountedPaginator
from peercoach.organisations.models import Person, Role

PAGE_SIZE = 50
# Where someone is chosen, a short list of matches is enough: typing more narrows it.
PICKER_SIZE = 20
# The enrolment's status value for "enrolled" (programs sits above this app, so it is not imported).
ENROLMENT_ACTIVE = "active"


class PeopleSearchForm(Form):
    """A GET form: what to look for and which department, program or role to keep."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    department = forms.ChoiceField(label=_("Department"), required=False, widget=QuickSelect)
    program = forms.TypedChoiceField(
        label=_("Program"), required=False, coerce=int, widget=QuickSelect
    )
    role = forms.ChoiceField(label=_("Role"), required=False, widget=QuickSelect)

    def __init__(
        self,
        data: Mapping[str, str] | None,
        *,
        people: QuerySet[Person],
        programs: Iterable[tuple[int, str]] = (),
        roles: bool = True,
        prefix: str | None = None,
    ) -> None:
        super().__init__(data, prefix=prefix)
        self.fields["q"].widget.input_type = "search"
        self.fields["q"].widget.attrs.update(
            {"autocomplete": "off", "placeholder": _("Name, email or department")}
        )
        # Counted by department in the same pass: the list's total is their sum.
        per_department = dict(
            people.order_by("department").values_list("department").annotate(n=Count("*"))
        )
        self.total = sum(per_department.values())
        everyone = [("", _("All"))]
        self.fields["department"].choices = everyone + [(d, d) for d in per_department if d]
        programs = list(programs)
        if programs:
            self.fields["program"].choices = everyone + programs
        else:
            del self.fields["program"]
        if roles:
            self.fields["role"].choices = everyone + list(Role.choices)
        else:
            del self.fields["role"]

    def filter(self, people: QuerySet[Person]) -> QuerySet[Person]:
        """The people matching the search; an invalid choice (a stale link) filters nothing out."""
        self.is_valid()
        wanted = getattr(self, "cleaned_data", {})
        people = matching(people, wanted.get("q") or "")
        if wanted.get("department"):
            people = people.filter(department=wanted["department"])
        if wanted.get("program"):
            people = people.filter(
                enrolments__program_id=wanted["program"], enrolments__status=ENROLMENT_ACTIVE
            )
        if wanted.get("role"):
            people = people.filter(role=wanted["role"])
        return people

    @property
    def is_filtered(self) -> bool:
        wanted = getattr(self, "cleaned_data", {})
        return any(wanted.get(name) for name in ("q", "department", "program", "role"))


def matching(people: QuerySet[Person], text: str) -> QuerySet[Person]:
    """The people whose name, email or department contains every word typed (at most five).

    Characters nobody types (NUL, other control characters) are dropped: a search box takes
    any text, and PostgreSQL refuses a NUL in a query."""
    printable = "".join(ch if ch.isprintable() else " " for ch in str(text))
    for word in printable.split()[:5]:
        people = people.filter(
            Q(name__icontains=word) | Q(email__icontains=word) | Q(department__icontains=word)
        )
    return people


@dataclass
class Picker:
    """Where people are chosen among many: what was typed, a few matches, the chosen ones.

    `multiple`: several may be chosen (checkboxes, all chosen ones kept while searching);
    otherwise one (radio buttons)."""

    name: str
    text: str
    matches: list[Person]
    more: bool
    chosen_people: list[Person] = field(default_factory=list)
    multiple: bool = False

    @property
    def chosen(self) -> Person | None:
        return self.chosen_people[0] if self.chosen_people else None


def pick(people: QuerySet[Person], *, name: str, text: str, chosen: object = None) -> Picker:
    """A picker for the form field `name`: up to `PICKER_SIZE` of `people` matching `text`.

    `chosen` is the id already chosen (from the form's data or initial value); it is shown only
    if it is among `people`, so an id in a link shows nobody the viewer may not choose.
    """
    chosen = chosen.pk if isinstance(chosen, Person) else chosen
    return _picker(people, name, text, [chosen], multiple=False)


def pick_several(
    people: QuerySet[Person],
    *,
    name: str,
    text: str,
    chosen: Iterable[object] = (),
    chosen_from: QuerySet[Person] | None = None,
) -> Picker:
    """Like `pick`, for a field where several people are chosen (at most `MAX_CHOSEN` are
    shown as chosen: nobody forms a group of hundreds by ticking boxes). `chosen_from`: where
    the chosen ones may come from when `people` is narrowed by a filter (default `people`)."""
    ids = [c.pk if isinstance(c, Person) else c for c in chosen]
    return _picker(people, name, text, ids[:MAX_CHOSEN], multiple=True, chosen_from=chosen_from)


# A group is formed from a handful of people; a longer list in a request is cut here.
MAX_CHOSEN = 50


def _picker(
    people: QuerySet[Person],
    name: str,
    text: str,
    chosen: list[object],
    *,
    multiple: bool,
    chosen_from: QuerySet[Person] | None = None,
) -> Picker:
    text = "".join(ch for ch in str(text or "") if ch.isprintable()).strip()[:200]
    # Nothing typed among more people than a picker shows: its first names in alphabetical
    # order help nobody find anyone, so it asks for a name instead of listing them. Whether
    # everyone fits is asked without an order, which stops at the first few rows.
    if text:
        found = list(matching(people, text).order_by("name", "pk")[: PICKER_SIZE + 1])
    else:
        found = sorted(people.order_by()[: PICKER_SIZE + 1], key=lambda p: (p.name, p.pk))
    more = len(found) > PICKER_SIZE
    if more and not text:
        found = []
    ids = {i for i in (parse_id(c) for c in chosen) if i is not None}
    chosen_people = [p for p in found if p.pk in ids]
    missing = ids - {p.pk for p in chosen_people}
    if missing:
        chosen_people += list(
            (people if chosen_from is None else chosen_from).filter(pk__in=missing)
        )
    chosen_people.sort(key=lambda p: (p.name, p.pk))
    matches = [p for p in found[:PICKER_SIZE] if p.pk not in ids]
    return Picker(name, text, matches, more, chosen_people, multiple)


def page_of(
    people: QuerySet[Person], number: str | None, size: int = PAGE_SIZE, count: int | None = None
) -> Page:
    """One page of people in a stable order (a page number out of range gives the last page);
    `count`: how many `people` holds, when the caller knows it already."""
    ordered = people.order_by("name", "pk")
    paginator = (
        Paginator(ordered, size) if count is None else CountedPaginator(ordered, size, count=count)
    )
    return numbered(paginator.get_page(number))


def numbered(page: Page) -> Page:
    """The page with `numbers`: the page links to show (first, last, neighbours, "…" between)."""
    page.numbers = list(page.paginator.get_elided_page_range(page.number, on_each_side=2))
    return page
