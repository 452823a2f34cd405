from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from peercoach.lib.forms import Form
from peercoach.notifications.models import OPTIONAL_KINDS, PROGRAM_KINDS, REMINDER_CHOICES


class PreferencesForm(Form):
    wanted = forms.MultipleChoiceField(
        label=_("Emails I want to receive"),
        choices=[(kind.value, kind.label) for kind in OPTIONAL_KINDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    digest = forms.BooleanField(
        label=_("Bundle check-ins and nudges into one weekly email"), required=False
    )


class ProgramKindsForm(Form):
    enabled = forms.MultipleChoiceField(
        label=_("Emails this program sends"),
        choices=[(kind.value, kind.label) for kind in PROGRAM_KINDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reminders = forms.TypedMultipleChoiceField(
        label=_("When members are reminded of a session"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The site's default moments stay choosable even when they are not in the usual list.
        usual = dict(REMINDER_CHOICES)
        for minutes in settings.NOTIFICATIONS_REMINDER_OFFSETS:
            usual.setdefault(minutes, _("%(minutes)d minutes before") % {"minutes": minutes})
        self.fields["reminders"].choices = sorted(usual.items(), reverse=True)
