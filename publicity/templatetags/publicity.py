"""{% notice_batch certificate as batch %}: the batch in which a certified product was published
(the verification answer names it, issue 20 point 4)."""

from django import template

from publicity import selectors

register = template.Library()


@register.simple_tag
def notice_batch(certificate):
    return selectors.batch_of_certificate(certificate) if certificate else None
