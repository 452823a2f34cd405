"""The shared look: forms render as the design system's form groups, icons and avatars work."""

from __future__ import annotations

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from peercoach.lib.templatetags.ui import initials_of
from peercoach.organisations.models import Person

pytestmark = pytest.mark.database_free


class Sample(forms.Form):
    name = forms.CharField(label="Name")
    owner = forms.ModelChoiceField(Person.objects.none(), label="Owner", required=False)
    kind = forms.ChoiceField(choices=[("", "---------"), ("a", "A")], label="Kind")
    agree = forms.BooleanField(label="I agree", required=False)


def test_a_form_renders_with_bootstrap_classes_and_no_django_dashes():
    with translation.override("en"):
        html = Sample(data={"name": ""}).as_div()
    assert 'class="form-label" for="id_name">Name</label>' in html  # no "Name:"
    assert "Name:" not in html
    assert "---------" not in html and "Choose…" in html
    assert 'class="form-select"' in html
    assert 'class="form-control is-invalid"' in html  # the empty required name
    assert 'class="form-check-input"' in html and 'class="form-check-label"' in html


def test_a_widgets_own_class_is_kept():
    class WithClass(forms.Form):
        text = forms.CharField(widget=forms.Textarea(attrs={"class": "entry"}))

    assert 'class="entry form-control"' in WithClass().as_div()


def test_an_icon_is_inline_and_hidden_from_screen_readers():
    html = Template('{% load ui %}{% icon "calendar-event" %}').render(Context())
    assert html.startswith('<svg class="bi bi-calendar-event"') and 'aria-hidden="true"' in html
    assert "<path" in html


def test_an_unknown_icon_is_an_error_not_a_blank():
    with pytest.raises(ValueError):
        Template('{% load ui %}{% icon "no-such-icon" %}').render(Context())


@pytest.mark.parametrize(
    ("name", "initials"),
    [("Iris van Leeuwen", "IL"), ("Daan", "D"), ("Anne-Marie de Vries", "AV"), ("", "?")],
)
def test_initials_skip_dutch_particles(name, initials):
    assert initials_of(name) == initials
