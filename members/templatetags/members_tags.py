"""Template helpers of the members app."""

from __future__ import annotations

from django import template
from django.utils import dateformat, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core.templatetags.tavolo_ui import pk_url, status_badge

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


@register.simple_tag(takes_context=True)
def application_row(context: template.Context, organisation) -> SafeString:
    """One row of the applications queue (`selectors.application_queue`), written in one pass: name and
    link, legal form and fiscal code, date sent, status, the primary representatives and whether each
    verified the e-mail. The template loop cost more per row than the page's queries."""
    link = pk_url(context, "members:staff_detail", organisation.pk)
    sent = organisation.submitted_at
    reps = organisation.primary_reps
    people = format_html_join(
        "",
        '{}<br><span class="small">{}</span>',
        ((rep.user.get_full_name() or rep.user.email, rep.user.email) for rep in reps),
    )
    verified = format_html_join(
        "",
        '<span class="badge bg-{}">{}</span>',
        (
            ("success", _("verified")) if rep.email_verified else ("warning", _("not yet verified"))
            for rep in reps
        ),
    )
    return format_html(
        '<tr><th scope="row"><a href="{}">{}</a><br><span class="small text-muted">{} &middot; {}</span></th>'
        "<td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        link,
        organisation.name,
        organisation.legal_form.name,
        organisation.fiscal_code,
        dateformat.format(timezone.localtime(sent), "d/m/Y") if sent else "",
        status_badge(organisation),
        people or "—",
        verified,
    )
