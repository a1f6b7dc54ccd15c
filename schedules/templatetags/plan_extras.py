from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key, key) if isinstance(mapping, dict) else key


@register.simple_tag(takes_context=True)
def grid_cell(context, cell, message: str = "", conflict: bool = False):
    from schedules.grid_html import render_cell

    return render_cell(cell, str(context.get("csrf_token", "")), message=message, conflict=conflict)
