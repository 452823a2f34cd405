"""A list of checkboxes or radio buttons renders as a list, each box with Bootstrap's class."""

import pytest
from django import forms

pytestmark = pytest.mark.database_free


class Kinds(forms.Form):
    wanted = forms.MultipleChoiceField(
        choices=[("a", "Invitations"), ("b", "Reminders")], widget=forms.CheckboxSelectMultiple
    )
    one = forms.ChoiceField(choices=[("x", "X"), ("y", "Y")], widget=forms.RadioSelect)


def test_the_list_does_not_take_the_boxes_class_only_the_boxes_do():
    html = Kinds().as_div()
    # Bootstrap's form-check-input gives an element a checkbox's size and no appearance: on the
    # list around the boxes it squeezed the labels into a 1em column that ran over the page.
    assert '<div id="id_wanted" class="choice-options">' in html
    assert '<div id="id_one" class="choice-options">' in html
    assert html.count('class="form-check-input"') == 4


def test_each_option_is_a_bootstrap_form_check_and_the_list_takes_no_widget_class():
    class Styled(forms.Form):
        one = forms.ChoiceField(
            choices=[("x", "X"), ("y", "Y")],
            widget=forms.RadioSelect(attrs={"class": "kind"}),
        )

    form = Styled({"one": "nonsense"})
    html = str(form["one"])
    # The list: no class of the options, whether given by the renderer, the form or an error.
    assert html.startswith('<div id="id_one" class="choice-options">')
    assert html.count("form-check-input") == 2
    assert html.count('<div class="form-check"><input type="radio" name="one" value="') == 2
    assert 'class="form-check-input kind is-invalid"' in html
    assert '<label class="form-check-label" for="id_one_1">Y</label>' in html
    # A box rendered alone (a template looping over the options) is the box, with its class.
    assert form["one"][0].tag().startswith('<input type="radio" name="one" value="x" class="')


def test_no_template_hand_renders_the_options_of_a_form_field():
    """A loop over a field's options with `.tag` re-builds what the renderer draws (and drew
    it without Bootstrap's classes): fields render with `as_field_group` or `{{ field }}`."""
    from pathlib import Path

    import peercoach

    hand_made = [
        str(path.relative_to(Path(peercoach.__file__).parent))
        for path in Path(peercoach.__file__).parent.rglob("templates/**/*.html")
        if ".tag }}" in path.read_text()
    ]
    # A 1-to-5 scale is drawn as a row of numbered buttons (the box inside its label): a
    # layout of its own, not a list of options.
    scales = ["assessments/templates/assessments/take.html", "health/templates/health/_scale.html"]
    assert sorted(hand_made) == scales


def test_as_div_lays_fields_out_like_the_renderers_form_template():
    # {{ form.as_div }} uses Django's own div.html; without ours its fields had no spacing.
    assert Kinds().as_div() == str(Kinds())
    assert Kinds().as_div().count('<div class="mb-3">') == 2


def test_a_quick_select_says_what_django_s_select_says():
    from html.parser import HTMLParser

    from peercoach.lib.form_rendering import QuickSelect

    choices = [("", "All"), ("R&D", "R&D <lab>"), ("7", "Sales")]

    def parsed(widget, data) -> list:
        class Form(forms.Form):
            department = forms.ChoiceField(choices=choices, required=False, widget=widget)

        found = []

        class Collect(HTMLParser):
            def handle_starttag(self, tag, attrs):
                found.append((tag, sorted(attrs)))

            def handle_data(self, data):
                if data.strip():
                    found.append(("text", data.strip()))

        Collect().feed(str(Form(data)["department"]))
        return found

    for data in ({}, {"department": "R&D"}, {"department": "unknown"}):
        quick = parsed(QuickSelect, data)
        assert quick == parsed(forms.Select, data), data
        assert ("text", "R&D <lab>") in quick
    assert ("option", [("selected", None), ("value", "R&D")]) in parsed(
        QuickSelect, {"department": "R&D"}
    )
