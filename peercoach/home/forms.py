from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from peercoach.home.group_messages import MAX_LENGTH


class GroupMessageForm(forms.Form):
    """Only validates; `group_messages.do_send` decides who receives it."""

    text = forms.CharField(
        label=_("A short message to the whole group"),
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write a message first.")},
    )
    token = forms.CharField(
        widget=forms.HiddenInput,
        max_length=64,
        error_messages={
            "required": _("This form has expired. Please write your message again."),
            "max_length": _("This form has expired. Please write your message again."),
        },
    )
