from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from peercoach.privacy.models import PrivacySettings, ProgramRetention


class PrivacySettingsForm(forms.ModelForm):
    """The privacy part of the organisation's settings page."""

    prefix = "privacy"

    class Meta:
        model = PrivacySettings
        fields = ["self_erasure", "group_content_on_erasure", "session_content_months"]
        widgets = {"group_content_on_erasure": forms.RadioSelect}


class ProgramRetentionForm(forms.ModelForm):
    class Meta:
        model = ProgramRetention
        fields = ["session_content_months"]


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that this cannot be undone."),
        error_messages={"required": _("Tick the box to confirm the erasure.")},
    )
