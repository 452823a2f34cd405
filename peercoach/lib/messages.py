"""Message helpers shared by the apps' views."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def flash_form_errors(request: HttpRequest, form: forms.BaseForm) -> None:
    """Show every error of a form posted from another page as a message on the page shown next."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def flash_refusal(
    request: HttpRequest, error: ValidationError, level: int = messages.ERROR
) -> None:
    """Show why an action was refused (its ValidationError, whole sentences) on the next page."""
    messages.add_message(request, level, " ".join(error.messages))
