from django.utils.functional import SimpleLazyObject

from peercoach.organisations.current import memberships_for, person_of


def current_person(request):
    """`person` (who the user acts as) and, for the organisation switch, their `memberships`."""

    def memberships():
        if not request.user.is_authenticated:
            return []
        if hasattr(request, "memberships"):  # read by CurrentPersonMiddleware
            return request.memberships
        return list(memberships_for(request).order_by("organisation__name"))

    return {
        "person": person_of(request),
        "memberships": SimpleLazyObject(memberships),
    }
