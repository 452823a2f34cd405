"""A list of checkboxes or radio buttons renders as a list, each box with Bootstrap's class."""

from django import forms


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
