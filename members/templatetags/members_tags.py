"""Template helpers of the members app."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import truncatewords
from django.utils import dateformat, timezone
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core.links import row_url, slug_url
from core.templatetags.tavolo_ui import escape_str, mailto_link, status_badge, tel_link

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


@register.simple_tag
def organisation_cards(organisations) -> SafeString:
    """The directory's cards, one `col-md-6` column each, written in one pass: as a template included
    per card, the tags and filters of twenty cards cost more than the rest of the page. Every value
    is escaped here; `selectors.directory_cards` and `card_badges` fetch what a card reads."""
    email_label, phone_label = _("E-mail:"), _("Phone:")  # translated literals: not escaped, as in a template
    cards = []
    for org in organisations:
        name = org.name
        area = f" &middot; {escape_str(org.area.name)}" if org.area else ""
        legal_form = escape_str(org.legal_form.name) if org.legal_form else ""
        description = ""
        if org.description:
            description = f'<p class="card-text">{escape_str(truncatewords(org.description, 30))}</p>'
        contacts = ""
        if org.email or org.phone:
            email = f"<li>{email_label} {mailto_link(org.email, name)}</li>" if org.email else ""
            phone = f"<li>{phone_label} {tel_link(org.phone, name)}</li>" if org.phone else ""
            contacts = (
                '\n    <ul class="list-unstyled small mb-2 tavolo-card-contacts">\n'
                f"      {email}\n      {phone}\n    </ul>\n    "
            )
        sectors = "".join(
            f'<span class="badge bg-primary me-1">{escape_str(sector)}</span> ' for sector in org.sector_names
        )
        themes = "".join(
            f'<span class="badge bg-light text-dark border me-1">{escape_str(theme)}</span> '
            for theme in org.theme_names
        )
        cards.append(
            '\n          <div class="col-md-6"><article class="card card-bg h-100">\n'
            '  <div class="card-body">\n'
            f'    <h2 class="card-title h5"><a href="{slug_url("members:detail", escape_str(org.slug))}">'
            f"{escape_str(name)}</a></h2>\n"
            f'    <p class="small text-muted mb-2">{legal_form}{area}</p>\n'
            f"    {description}\n    {contacts}\n"
            f'    <p class="mb-0">\n      {sectors}\n      {themes}\n    </p>\n'
            "  </div>\n</article>\n</div>\n        "
        )
    return mark_safe("".join(cards))


@register.filter
def facet_options(facet: dict) -> SafeString:
    """A directory facet's `<option>` tags with their counts (`views.public.facets_for`), the chosen one
    selected, in one pass instead of a template loop per option."""
    selected = facet["selected"]
    return mark_safe(
        "".join(
            f'\n              <option value="{escape_str(option["value"])}"'
            f"{' selected' if option['value'] == selected else ''}>"
            f"{escape_str(option['label'])} ({option['count']})</option>\n            "
            for option in facet["options"]
        )
    )


@register.simple_tag
def service_cards(services) -> SafeString:
    """The cards of /servizi/ (`selectors.municipal_services`), written in one pass like
    `organisation_cards`: competences, office, contacts and referents of each service."""
    office_label, contacts_label = _("Office"), _("Contacts")  # translated literals: not escaped
    referents_label = _("Referents for the table")
    cards = []
    for service in services:
        name = service.name
        link = slug_url("members:service_detail", escape(service.slug))
        description = ""
        if service.description:
            description = f'<p class="card-text">{escape(truncatewords(service.description, 45))}</p>'
        competences = ""
        if service.competence_list:
            badges = "".join(
                f'<span class="badge bg-light text-dark border me-1">{escape(theme.name)}</span> '
                for theme in service.competence_list
            )
            competences = f"<p>{badges}</p>"
        office = f"<dt>{office_label}</dt><dd>{escape(service.office)}</dd>" if service.office else ""
        contacts = ""
        if service.email or service.phone:
            between = " &middot; " if service.email and service.phone else ""
            links = f"{mailto_link(service.email, name)}{between}{tel_link(service.phone, name)}"
            contacts = f"<dt>{contacts_label}</dt><dd>{links}</dd>"
        referents = ""
        if service.referent_list:
            people = ", ".join(escape(p.get_full_name() or p.email) for p in service.referent_list)
            referents = f"<dt>{referents_label}</dt><dd>{people}</dd>"
        cards.append(
            '\n    <div class="col-md-6">\n      <article class="card card-bg h-100">\n'
            '        <div class="card-body">\n'
            f'          <h2 class="card-title h5"><a href="{link}">'
            f"{escape(name)}</a></h2>\n"
            f"          {description}\n          {competences}\n"
            f'          <dl class="small mb-0">\n            {office}\n            {contacts}\n'
            f"            {referents}\n          </dl>\n"
            "        </div>\n      </article>\n    </div>\n    "
        )
    return mark_safe("".join(cards))


@register.simple_tag
def application_row(organisation) -> SafeString:
    """One row of the applications queue (`selectors.application_queue`), written in one pass: name and
    link, legal form and fiscal code, date sent, status, the primary representatives and whether each
    verified the e-mail. The template loop cost more per row than the page's queries."""
    link = row_url("members:staff_detail", organisation.pk)
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
