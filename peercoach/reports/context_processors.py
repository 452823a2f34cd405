from django.utils.functional import SimpleLazyObject

from peercoach import access


def reports_link(request):
    """`opens_reports`: whether the header links to the reports (`access.may_open_reports`)."""
    person = getattr(request, "person", None)
    return {
        "opens_reports": SimpleLazyObject(
            lambda: person is not None and access.may_open_reports(person)
        )
    }
