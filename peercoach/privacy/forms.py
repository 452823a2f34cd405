from __future__ import annotations

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from peercoach.organisations.models import Organisation
from peercoach.privacy.models import PrivacySettings, ProgramRetention


class PrivacySettingsForm(forms.ModelForm):
    """The privacy part of the organisation's settings page (`privacy_section`)."""

    prefix = "privacy"
    legend = _("Privacy")

    class Meta:
        model = PrivacySettings
        fields = ["self_erasure", "group_content_on_erasure", "session_content_months"]
        widgets = {"group_content_on_erasure": forms.RadioSelect}

    # A form posted without this part (an older page, a script) keeps the current choices.
    KEPT_WHEN_ABSENT = ("group_content_on_erasure", "session_content_months")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in self.KEPT_WHEN_ABSENT:
            self.fields[name].required = False

    def clean_group_content_on_erasure(self):
        return (
            self.cleaned_data["group_content_on_erasure"] or self.instance.group_content_on_erasure
        )

    def clean_session_content_months(self):
        months = self.cleaned_data["session_content_months"]
        return self.instance.session_content_months if months is None else months


def privacy_section(organisation: Organisation, data: QueryDict | None) -> PrivacySettingsForm:
    return PrivacySettingsForm(data, instance=PrivacySettings.of(organisation))


class ProgramRetentionForm(forms.ModelForm):
    class Meta:
        model = ProgramRetention
        fields = ["session_content_months"]


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that this cannot be undone."),
        error_messages={"required": _("Tick the box to confirm the erasure.")},
    )
