from django.utils.functional import SimpleLazyObject

from peercoach import access
from peercoach.organisations.current import person_of


def reports_link(request):
    """`opens_reports`: whether the header links to the reports (`access.may_open_reports`)."""
    person = person_of(request)
    return {
        "opens_reports": SimpleLazyObject(
            lambda: person is not None and access.may_open_reports(person)
        )
    }
