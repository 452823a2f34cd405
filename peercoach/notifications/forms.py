from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from peercoach.notifications.models import PROGRAM_KINDS, Kind


class PreferencesForm(forms.Form):
    wanted = forms.MultipleChoiceField(
        label=_("Emails I want to receive"),
        choices=[(kind.value, kind.label) for kind in Kind if kind != Kind.DIGEST],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    digest = forms.BooleanField(
        label=_("Bundle check-ins and nudges into one weekly email"), required=False
    )


class ProgramKindsForm(forms.Form):
    enabled = forms.MultipleChoiceField(
        label=_("Emails this program sends"),
        choices=[(kind.value, kind.label) for kind in PROGRAM_KINDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
