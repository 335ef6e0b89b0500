"""Template helpers of the members app."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def structured_text(body: str, heading_level: int = 2) -> SafeString:
    """Render staff-written text: blank-line paragraphs, '## ' headings; everything escaped."""
    blocks: list[tuple[str, str]] = []
    for chunk in body.replace("\r\n", "\n").split("\n"):
        line = chunk.strip()
        if not line:
            continue
        if line.startswith("## "):
            blocks.append((f"h{heading_level}", line[3:].strip()))
        else:
            blocks.append(("p", line))
    return format_html_join("\n", "<{0}>{1}</{0}>", ((tag, text) for tag, text in blocks)) or format_html("")


# The article of the rules that describes applying through the portal (Art. 3 in every version so far).
JOINING_ARTICLE = "Art. 3"


@register.simple_tag
def regulation_text(body: str, join_url: str = "") -> SafeString:
    """The rules as `structured_text`, with a link to the join form after the article on joining."""
    html = structured_text(body)
    if not join_url:
        return html
    link = format_html(
        '<p class="tavolo-join-link"><a href="{}">{}</a></p>', join_url, _("Apply to join the table")
    )
    parts = html.split("\n")
    inside, out = False, []
    for part in parts:
        is_heading = part.startswith("<h2>")
        if is_heading and inside:
            out.append(str(link))
            inside = False
        if (
            is_heading
            and part[4:].startswith(JOINING_ARTICLE)
            and not part[4:][len(JOINING_ARTICLE)].isdigit()
        ):
            inside = True
        out.append(part)
    if inside:
        out.append(str(link))
    return mark_safe("\n".join(out))


@register.inclusion_tag("members/identity/buttons.html")
def identity_buttons(redirect_field_value: str = "") -> dict[str, object]:
    """The SPID and CIE buttons of the login page, as `TAVOLO_LOGIN_METHODS` offers them."""
    from members.identity import login_buttons

    return {**login_buttons(), "redirect_field_value": redirect_field_value}


@register.simple_tag
def password_login_enabled() -> bool:
    """Whether the login page offers e-mail and password (`TAVOLO_LOGIN_METHODS`)."""
    from members.identity import password_enabled

    return password_enabled()
