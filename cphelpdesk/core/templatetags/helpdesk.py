"""Template helpers shared by every page."""

import itertools
from collections.abc import Callable

from django import forms, template
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from cphelpdesk.core.forms import CachedChoices

register = template.Library()


@register.filter
def language_names(codes) -> list[str]:
    """Language codes (e.g. ["fr", "ar"]) as names in the reader's language."""
    names = []
    for code in codes or []:
        try:
            names.append(get_language_info(code)["name_translated"])
        except KeyError:
            names.append(code)
    return names


@register.filter
def options(bound_field) -> str:
    """The <option> elements of a select, built in one pass.

    Django renders every option through its own template, which on filter forms with a few hundred
    options costs more than the page's database work; the markup here is the same, escaped the same.
    Reference data's options (`core.forms.CachedChoices`) are built once, then marked selected.
    """
    selected = {str(value) for value in _selected_values(bound_field)}

    def option_list(choices, selected):
        return format_html_join(
            "", '<option value="{}"{}>{}</option>',
            ((str(value), mark_safe(" selected") if str(value) in selected else "", label)
             for value, label in choices),
        )

    def render(choices, selected=frozenset()):
        if not any(isinstance(label, list | tuple) for _value, label in choices):
            return option_list(choices, selected)
        # Grouped choices, (group label, [(value, label), ...]), become <optgroup>s.
        return format_html_join("", "{}", (
            (format_html('<optgroup label="{}">{}</optgroup>', value, option_list(label, selected))
             if isinstance(label, list | tuple) else option_list([(value, label)], selected),)
            for value, label in choices))

    if isinstance(bound_field.field, CachedChoices):
        return _mark(bound_field.field.markup(("options",), render), selected,
                     lambda value: f'<option value="{value}"', " selected")
    return render(_choice_list(bound_field), selected)


def _choice_list(bound_field) -> list:
    # Through iter(): list() asks a model choice iterator for its length first, a COUNT query per field.
    return list(iter(bound_field.field.choices))


def _mark(markup: str, selected: set[str], opening: Callable[[str], str], attribute: str) -> str:
    """`markup` (safe) with `attribute` added to the element of each selected value: the first element that
    `opening(escaped value)` begins, ended by the ">" after it."""
    for value in selected:
        start = markup.find(opening(escape(value)))
        end = markup.find(">", start)
        if start >= 0:
            markup = mark_safe(markup[:end] + attribute + markup[end:])  # noqa: S308 - escaped parts only
    return markup


@register.filter
def checkboxes(bound_field) -> str:
    """Labelled checkboxes (or radio buttons, for a single choice) built in one pass (see `options`);
    grouped choices (legend, [(value, label), ...]) each in their own fieldset."""
    selected = {str(value) for value in _selected_values(bound_field)}
    name, base = bound_field.html_name, bound_field.auto_id
    kind = "radio" if widget_kind(bound_field) == "radios" else "checkbox"

    def render(choices, selected=frozenset()):
        numbers = itertools.count()

        def boxes(choices):
            return format_html_join(
                "", '<label for="{0}_{1}"><input type="{6}" name="{2}" value="{3}" id="{0}_{1}"{4}> {5}</label>',
                ((base, next(numbers), name, str(value), mark_safe(" checked") if str(value) in selected else "",
                  label, kind) for value, label in choices if str(value) != ""),
            )

        if not any(isinstance(label, list | tuple) for _value, label in choices):
            return boxes(choices)
        # A long grouped list gets a filter box; it stays hidden unless choice-filter.js runs, and without
        # JavaScript the grouped list is all there is.
        return format_html(
            '<label class="choice-filter" hidden>{} <input type="search" autocomplete="off"></label>{}',
            _("Filter the list"), format_html_join(
                "", '<fieldset class="choice-group"><legend>{}</legend>{}</fieldset>',
                ((value, boxes(label)) for value, label in choices)))

    if isinstance(bound_field.field, CachedChoices):
        return _mark(bound_field.field.markup(("checkboxes", kind, name, base), render), selected,
                     lambda value: f'<input type="{kind}" name="{escape(name)}" value="{value}"', " checked")
    return render(_choice_list(bound_field), selected)


@register.filter
def widget_kind(bound_field) -> str:
    """How `form_fields.html` renders a field: select, checkboxes, radios or default."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.Select) and not isinstance(widget, forms.SelectMultiple):
        return "select"
    return "default"


def _selected_values(bound_field) -> list:
    value = bound_field.value()
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]
