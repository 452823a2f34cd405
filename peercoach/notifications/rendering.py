"""One helper makes subject, plain text and HTML from the templates
`notifications/email/<kind>.subject.txt`, `<kind>.txt` and `<kind>.html`, in the recipient's
language and time zone."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from peercoach.lib import links
from peercoach.organisations.models import Person


def render(kind: str, person: Person, context: dict) -> tuple[str, str, str]:
    """Subject, plain text and HTML of a message to `person`, in their language and time zone."""
    with (
        translation.override(person.interface_language),
        timezone.override(person.effective_time_zone),
    ):
        context = {
            "person": person,
            "time_zone": person.effective_time_zone,
            "site_url": links.site_url(),
            "preferences_url": links.site_url(reverse("notifications:preferences")),
            **context,
        }
        subject = render_to_string(f"notifications/email/{kind}.subject.txt", context)
        text = render_to_string(f"notifications/email/{kind}.txt", context)
        html = render_to_string(f"notifications/email/{kind}.html", context)
    return " ".join(subject.split()), text.strip() + "\n", html
