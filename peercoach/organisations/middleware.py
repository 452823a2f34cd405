import zoneinfo

from django.utils import timezone, translation

from peercoach.organisations.current import chosen_of, memberships_with_policies


class CurrentPersonMiddleware:
    """Attach `request.person` (the signed-in user's membership) and speak their language.

    `request.person` is a real `Person`, looked up once per request, or absent (signed out,
    deactivated, or an account without an active membership such as a superuser): never None,
    never a lazy object. Views that need one are decorated with
    `peercoach.organisations.decorators.person_required`; other code asks
    `peercoach.organisations.current.person_of(request)`.

    Dates are shown in their time zone. The language is the person's own choice, else their
    organisation's default. Anonymous visitors get what LocaleMiddleware chose from the cookie
    or the browser.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        memberships = memberships_with_policies(request) if request.user.is_authenticated else []
        request.memberships = memberships  # the header's organisation switch
        person = chosen_of(request, memberships)
        if person is not None:
            request.person = person
            language = person.interface_language
            translation.activate(language)
            request.LANGUAGE_CODE = language
            timezone.activate(zoneinfo.ZoneInfo(person.effective_time_zone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
