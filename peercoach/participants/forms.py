from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from peercoach.lib.forms import Form


class UploadForm(Form):
    file = forms.FileField(
        label=_("Participant file"),
        help_text=_("A CSV file or an Excel workbook (.xlsx), with a header row."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,application/vnd.ms-excel,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large (%(size)s); the limit is %(limit)s."),
                params={
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.UPLOAD_MAX_BYTES),
                },
            )
        return upload


class ConfirmForm(Form):
    # Only says which preview is being confirmed; the data itself is re-read from the stored upload.
    upload = forms.IntegerField(widget=forms.HiddenInput)


class LeaversForm(Form):
    """Deactivate the people the preview listed as not in the file (their ids, as shown)."""

    upload = forms.IntegerField(widget=forms.HiddenInput)
    people = forms.CharField(widget=forms.HiddenInput, required=False)
    confirm = forms.BooleanField(
        label=_("Deactivate them: they lose access now and their groups are told."),
        error_messages={"required": _("Tick the box to deactivate them.")},
    )

    def clean_people(self) -> list[int]:
        raw = self.cleaned_data["people"]
        try:
            return [int(value) for value in raw.split(",") if value.strip()]
        except ValueError:
            raise forms.ValidationError(_("That list is not valid.")) from None
