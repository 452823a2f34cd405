from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest

from peercoach.lib.compiled import CompiledQuery
from peercoach.organisations.models import Person

SESSION_KEY = "current_person_id"
# Set when an organisation's single sign-on signed the session in: its identity provider vouches
# for its own people only, so the session acts in that organisation only (peercoach.identity).
BOUND_TO_KEY = "signed_in_for_organisation"


def memberships_of(user) -> QuerySet[Person]:
    """The active memberships of a signed-in user, one per organisation."""
    return Person.objects.filter(user=user, is_active=True).select_related("organisation")


def memberships_for(request: HttpRequest) -> QuerySet[Person]:
    """The memberships this session may act as: all the user's, or the one organisation's
    whose single sign-on signed it in."""
    return _bound_to(memberships_of(request.user), request.session.get(BOUND_TO_KEY))


def _bound_to(people: QuerySet[Person], bound) -> QuerySet[Person]:
    return people.filter(organisation_id=bound) if bound else people


def choose(request: HttpRequest, person: Person) -> None:
    """Act as `person` (one of the user's own memberships) from now on."""
    request.session[SESSION_KEY] = person.pk


def person_of(request: HttpRequest) -> Person | None:
    """The signed-in `Person` of `request`, or None where there is none: `CurrentPersonMiddleware`
    leaves `request.person` unset then (signed out, deactivated, a superuser without a
    membership). Views decorated with `person_required` read `request.person` directly."""
    return request.__dict__.get("person")


def forget_person(request: HttpRequest) -> None:
    """Someone was signed out during this request: from now on it has no `person`."""
    request.__dict__.pop("person", None)


def memberships_with_policies(request: HttpRequest) -> list[Person]:
    """All memberships this session may act as, in the organisation switch's order, each with
    its organisation and that organisation's sign-in policy: one query for every request's
    person, switch and two-step check. Most people have one or two."""
    bound = request.session.get(BOUND_TO_KEY)
    if bound:
        return _memberships_with_policies(request.user.pk, int(bound))
    return _memberships_with_policies(request.user.pk)


def _build_memberships_with_policies(user_id: int, bound: int | None = None) -> QuerySet[Person]:
    people = _bound_to(memberships_of(user_id), bound)
    return people.select_related("organisation__sign_in_policy").order_by(
        "organisation__name", "pk"
    )


_memberships_with_policies = CompiledQuery(_build_memberships_with_policies)


def chosen_of(request: HttpRequest, memberships: list[Person]) -> Person | None:
    chosen = request.session.get(SESSION_KEY)
    person = next((p for p in memberships if p.pk == chosen), None) if chosen else None
    return person or min(memberships, key=lambda p: p.pk, default=None)
