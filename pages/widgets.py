"""The browse form's controls, written in Python.

Django renders a widget through its templates (django/forms/widgets/): a template per
<select>, another per <option>, another for the attributes, which costs the browse form,
with some 150 options, more than the rest of the page. These write the same HTML, byte for
byte (tests/test_filter_widgets.py compares them with Django's for every filter), with the
standard library's html.escape, which is what django.utils.html.escape calls.
"""

import copy
import html

from django import forms
from django.utils.formats import localize
from django.utils.safestring import mark_safe


def _escape(value):
    """As the templates write a value: a safe string as it is, anything else localized (a
    number) and escaped."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(localize(value)))


def _attributes(attrs):
    """HTML attributes as django/forms/widgets/attrs.html writes them."""
    return "".join(
        f" {_escape(name)}" if value is True else f' {_escape(name)}="{_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


class Select(forms.Select):
    """A drop-down. Flat choices only: no filter has groups of options."""

    def __deepcopy__(self, memo):
        # Each form copies its widgets. Choices are replaced, never changed in place, so a
        # copy shares them rather than copying and checking them again (Django's does).
        copied = copy.copy(self)
        copied.attrs = self.attrs.copy()
        memo[id(self)] = copied
        return copied

    def render(self, name, value, attrs=None, renderer=None):
        chosen = self.format_value(value)
        options = []
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            selected = option_value in chosen
            if selected:
                chosen = ()  # only the first option that matches, as Django's
            options.append(
                f'\n  <option value="{_escape(option_value)}"{" selected" if selected else ""}>'
                f"{_escape(label)}</option>\n"
            )
        attributes = _attributes(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{_escape(name)}"{attributes}>{"".join(options)}\n</select>')  # noqa: S308 - escaped


class Input:
    """An <input> as django/forms/widgets/input.html writes it."""

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        shown = "" if value is None else f' value="{_escape(str(value))}"'
        attributes = _attributes(self.build_attrs(self.attrs, attrs))
        tag = f'<input type="{_escape(self.input_type)}" name="{_escape(name)}"{shown}{attributes}>'
        return mark_safe(tag)  # noqa: S308 - every value in it is escaped


class NumberInput(Input, forms.NumberInput):
    pass


class SearchInput(Input, forms.SearchInput):
    pass
