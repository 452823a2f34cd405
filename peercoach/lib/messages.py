"""Message helpers shared by the apps' views."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest


def flash_form_errors(request: HttpRequest, form: forms.BaseForm) -> None:
    """Show every error of a form posted from another page as a message on the page shown next."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
