"""Methods and activities (peercoach/methods): the built-in library and the organisation's own.

A person reads the methods and activities available to their organisation (`available_to`);
another organisation's own methods do not exist for them. What is said in a method's phases is
session content (`core.contributions_visible_to`, `core.insights_visible_to`).
"""

from __future__ import annotations

from peercoach.access.core import get_or_404
from peercoach.methods.models import Activity, Method
from peercoach.organisations.models import Person


def get_method_for(person: Person, pk: int) -> Method:
    methods = Method.objects.available_to(person.organisation_id).prefetch_related("phases")
    return get_or_404(methods, pk)


def get_activity_for(person: Person, pk: int) -> Activity:
    activities = Activity.objects.available_to(person.organisation_id)
    return get_or_404(activities.prefetch_related("scenarios"), pk)
