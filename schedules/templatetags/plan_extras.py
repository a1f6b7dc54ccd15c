from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key, key) if isinstance(mapping, dict) else key


@register.simple_tag(takes_context=True)
def grid_cell(context, cell, message: str = "", conflict: bool = False):
    from schedules.grid_html import render_cell

    return render_cell(cell, str(context.get("csrf_token", "")), message=message, conflict=conflict)


@register.simple_tag(takes_context=True)
def grid_row(context, cells):
    """A grid row's cells in one call; a week without this prescription is an empty cell."""
    from django.utils.safestring import mark_safe

    from schedules.grid_html import render_cell

    csrf = str(context.get("csrf_token", ""))
    return mark_safe(  # noqa: S308 - render_cell escapes every value
        "".join(render_cell(c, csrf) if c else '<td class="cell none"></td>' for c in cells)
    )


@register.simple_tag(takes_context=True)
def set_row(context, st):
    """One set's form on the athlete's week page (schedules.athlete_html)."""
    from schedules.athlete_html import render_set_row

    return render_set_row(st, str(context.get("base", "")), str(context.get("csrf_value", "")))
