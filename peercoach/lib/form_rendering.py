"""Every form renders with the design system's look, without each form or template saying so.

The renderer (settings.FORM_RENDERER) lays fields out as Bootstrap form groups
(`lib/templates/forms/`): a label without Django's trailing colon, help text under it, errors
in words next to the field, and the right Bootstrap class on each widget. Selects say
"Choose…" instead of Django's "---------".
"""

from __future__ import annotations

from pathlib import Path

import django.forms
from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.forms.utils import flatatt
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from peercoach.lib.markup import html, html_join

DJANGO_BLANK = "---------"


def widget_class(widget: forms.Widget) -> str:
    # A list of radio buttons or checkboxes passes its attributes to the list and to every
    # option alike: the option template (lib/templates/django/forms/widgets/input_option.html)
    # gives each box "form-check-input", so the list around them does not take it.
    if isinstance(widget, forms.HiddenInput | forms.RadioSelect):
        return ""
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


class DesignSystemBoundField(BoundField):
    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == DJANGO_BLANK:
                field.empty_label = _("Choose…")
        elif isinstance(field, forms.ChoiceField) and any(
            label == DJANGO_BLANK for _value, label in field.choices
        ):
            field.choices = [
                (value, _("Choose…") if label == DJANGO_BLANK else label)
                for value, label in field.choices
            ]

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        classes = [widget.attrs.get("class", ""), attrs.get("class", ""), widget_class(widget)]
        if self.errors and not isinstance(widget, forms.HiddenInput):
            classes.append("is-invalid")
        joined = " ".join(dict.fromkeys(c for part in classes for c in part.split()))
        if joined:
            attrs["class"] = joined
        return attrs

    @property
    def is_checkbox(self) -> bool:
        return isinstance(self.field.widget, forms.CheckboxInput)


class DesignSystemRenderer(DjangoTemplates):
    form_template_name = "forms/div.html"
    field_template_name = "forms/field.html"
    bound_field_class = DesignSystemBoundField

    @cached_property
    def engine(self):
        # Django's renderer searches its own widget templates before the apps'; ours come first,
        # so lib/templates/django/forms/widgets/ can replace one (the list of checkboxes).
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [
                    Path(__file__).parent / "templates",
                    Path(django.forms.__file__).parent / "templates",
                ],
                "NAME": "djangoforms",
                "OPTIONS": {},
            }
        )


class QuickSelect(forms.Select):
    """A select of many plain options (a department filter of hundreds) written in Python with
    the markup of Django's template, which renders each option as a template of its own."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = list(self.choices)
        if self.allow_multiple_selected or any(
            isinstance(label, list | tuple) for _value, label in choices
        ):
            return super().render(name, value, attrs, renderer)
        wanted = set(self.format_value(value))
        options = []
        for option_value, label in choices:
            option = "" if option_value is None else str(option_value)
            selected = option in wanted
            wanted.discard(option)  # one selected option, as Django's select marks
            options.append((option, " selected" if selected else "", label))
        return html(
            '<select name="{}"{}>\n{}\n</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            html_join("\n", '<option value="{}"{}>{}</option>', options),
        )
