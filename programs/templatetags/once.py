from django import template

from config.once import once_field as field

register = template.Library()


@register.simple_tag
def once_field() -> str:
    """A one-time token for a form that makes something (config/once.py)."""
    return field()
