import zoneinfo

from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject

from peercoach.organisations.current import current_person_for


class CurrentPersonMiddleware:
    """Attach `request.person` (the signed-in user's membership) and speak their language.

    Dates are shown in their time zone. The language is the person's own choice, else their
    organisation's default. Anonymous visitors get what LocaleMiddleware chose from the cookie
    or the browser.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.person = SimpleLazyObject(lambda: current_person_for(request))
        if request.user.is_authenticated:
            person = request.person
            if person:
                language = person.interface_language
                translation.activate(language)
                request.LANGUAGE_CODE = language
                timezone.activate(zoneinfo.ZoneInfo(person.effective_time_zone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
