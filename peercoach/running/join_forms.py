"""The forms of joining by link: the lead's link settings, a newcomer's address, the intake."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peercoach.organisations.forms import ProfileForm
from peercoach.programs.models import JoinLink
from peercoach.running import joining


class JoinLinkForm(forms.Form):
    domains = forms.CharField(
        label=_("Only for addresses ending in"),
        required=False,
        max_length=500,
        help_text=_("Optional. Domains separated by commas, e.g. acme.example. Empty: anyone."),
    )
    expires_on = forms.DateField(
        label=_("Works until"),
        required=False,
        help_text=_("Optional, e.g. 2027-03-31."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_domains(self) -> list[str]:
        return joining.parse_domains(self.cleaned_data["domains"])

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        if day is not None and day < timezone.localdate():
            raise ValidationError(_("Choose a day from today on."))
        return day


class JoinRequestForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your work email address"), max_length=254)

    def __init__(self, *args, link: JoinLink, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.link = link

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name or not name.isprintable():
            raise ValidationError(_("Enter your name."))
        return name

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        joining.check_domain(self.link, email)
        return email


class IntakeForm(ProfileForm):
    """The profile questions matching uses, asked when joining: the person's own answers."""

    class Meta(ProfileForm.Meta):
        fields = ["department", *ProfileForm.Meta.fields]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A department the organisation already recorded is theirs to keep (matching's hard
        # rules read it): only a newcomer without one says it here.
        if self.instance.department:
            del self.fields["department"]
