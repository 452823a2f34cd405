"""`record(...)`: the one way entries get into the audit log.

Actions call it where they change who sees or decides what, inside their own transaction (an
action rolled back leaves no entry). Who and from where come from the request being handled
(`AuditContextMiddleware` keeps it for the duration of the request) unless given; background
work records with no address. Never content: a type, an id, for things that are not people a
name, and a short fact such as the new role.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.db import models
from django.http import HttpRequest

from peercoach.audit.models import Action, AuditEntry
from peercoach.lib.client_ip import client_ip

_request: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)


class AuditContextMiddleware:
    """Keeps the request at hand for `record()` (after the current person is known)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


def _is_person(target: models.Model | None) -> bool:
    # By label, not by import: audit sits below organisations (README "How it is built").
    return target is not None and target._meta.label_lower == "organisations.person"


def _target(target: models.Model | None) -> tuple[str, int | None, str]:
    if target is None:
        return "", None, ""
    if _is_person(target):
        return "person", target.pk, ""  # shown with their current name; none stored
    return target._meta.model_name, target.pk, str(target)[:200]


_FROM_REQUEST = object()


def acting_person():
    """The person of the request being handled, if any (`request.person` is absent when there is
    none; audit sits below organisations, so this is `organisations.current.person_of` spelt out).
    """
    request = _request.get()
    return getattr(request, "person", None) if request is not None else None


def record(
    action: Action,
    *,
    organisation: models.Model | int | None = None,
    actor: models.Model | None | object = _FROM_REQUEST,
    user=None,
    target: models.Model | None = None,
    detail: str = "",
    request: HttpRequest | None = None,
    anonymous: bool = False,
) -> AuditEntry:
    """Add one entry. `actor`: the `Person` who did it (default: the person of the request being
    handled; None: nobody in the organisation, e.g. a failed sign-in). The organisation is the
    target person's, else the actor's; an actor from another organisation is kept as an account
    only. `anonymous`: nothing about who did it (someone erasing their own data).
    """
    request = request if request is not None else _request.get()
    if anonymous:
        actor, user, request = None, None, None
    if actor is _FROM_REQUEST:
        actor = getattr(request, "person", None) if request is not None else None
    if user is not None:
        user_id = user.pk
    elif actor is not None and actor.user_id is not None:
        user_id = actor.user_id
    elif request is not None and getattr(request, "user", None) is not None:
        user_id = request.user.pk if request.user.is_authenticated else None
    else:
        user_id = None
    if organisation is None:
        if _is_person(target):
            organisation = target.organisation_id
        elif actor is not None:
            organisation = actor.organisation_id
    organisation_id = organisation.pk if isinstance(organisation, models.Model) else organisation
    if actor is not None and actor.organisation_id != organisation_id:
        actor = None
    target_type, target_id, label = _target(target)
    return AuditEntry.objects.create(
        organisation_id=organisation_id,
        action=action,
        actor_user_id=user_id,
        actor_person_id=actor.pk if actor is not None else None,
        target_type=target_type,
        target_id=target_id,
        target_label=label,
        detail=str(detail)[:200],
        ip=(client_ip(request) or None) if request is not None else None,
    )
