"""The browse form's controls, written in Python.

Django renders a widget through its templates (django/forms/widgets/): a template per
<select>, another per <option>, another for the attributes, which costs the browse form,
with some 150 options, more than the rest of the page. These write the same HTML, byte for
byte (tests/test_filter_widgets.py compares them with Django's for every filter), with the
standard library's html.escape, which is what django.utils.html.escape calls.
"""

import copy
import functools
import html

from django import forms
from django.utils.formats import localize
from django.utils.safestring import mark_safe


def written(value):
    """As the templates write a value: a safe string as it is, anything else localized (a
    number) and escaped."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(localize(value)))


def _attributes(attrs):
    """HTML attributes as django/forms/widgets/attrs.html writes them."""
    return "".join(
        f" {written(name)}" if value is True else f' {written(name)}="{written(str(value))}"'
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
        for option_value, unselected, selected in _options(tuple(self.choices)):
            if option_value in chosen:
                options.append(selected)
                chosen = ()  # only the first option that matches, as Django's
            else:
                options.append(unselected)
        attributes = _attributes(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{written(name)}"{attributes}>{"".join(options)}\n</select>')  # noqa: S308 - escaped


@functools.lru_cache(maxsize=64)
def _options(choices):
    """Each choice's value as the form compares it, and its <option> unselected and selected:
    written once per list of choices (the form's are the same on every request, the genres'
    the same until the genres change), not on every render."""
    written_options = []
    for option_value, label in choices:
        option_value = "" if option_value is None else str(option_value)
        start, end = f'\n  <option value="{written(option_value)}"', f">{written(label)}</option>\n"
        written_options.append((option_value, start + end, f"{start} selected{end}"))
    return tuple(written_options)


class Input:
    """An <input> as django/forms/widgets/input.html writes it."""

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        shown = "" if value is None else f' value="{written(str(value))}"'
        attributes = _attributes(self.build_attrs(self.attrs, attrs))
        tag = f'<input type="{written(self.input_type)}" name="{written(name)}"{shown}{attributes}>'
        return mark_safe(tag)  # noqa: S308 - every value in it is escaped


class NumberInput(Input, forms.NumberInput):
    pass


class SearchInput(Input, forms.SearchInput):
    pass
