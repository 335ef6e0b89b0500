from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from members.models import Consent, MembershipEvent, Organisation, RepresentationRequest, Representative, User
from members.roles import Role, is_representative
from tests.factories import OrganisationFactory, UserFactory, valid_partita_iva

URL = "/aderisci/"
# Elena Fabbri, born 1 August 1985 in Faenza: the check letter computed by hand from the tables.
ELENA_FISCAL_CODE = "FBBLNE85M41D458B"


def form_data(**overrides):
    from members.models import Area, LegalForm, Sector, Theme

    data = {
        "name": "Associazione Il Faro",
        "legal_form": LegalForm.objects.get(slug="associazione-di-promozione-sociale-aps").pk,
        "fiscal_code": valid_partita_iva(4242),
        "sectors": [Sector.objects.get(slug="sociale").pk, Sector.objects.get(slug="culturale").pk],
        "themes": [Theme.objects.get(slug="giovani").pk],
        "address": "Via Roma 12",
        "area": Area.objects.get(slug="pinarella").pk,
        "email": "info@ilfaro.example.org",
        "phone": "0544 123456",
        "website": "ilfaro.example.org",
        "description": "Doposcuola e laboratori per ragazzi.",
        "directory_consent": "on",
        "first_name": "Elena",
        "last_name": "Fabbri",
        "role_in_organisation": "Presidente",
        "person_fiscal_code": ELENA_FISCAL_CODE,
        "account_email": "Elena.Fabbri@Example.org",
        "password1": "mare-di-cervia-2026",
        "password2": "mare-di-cervia-2026",
        "accept_regulation": "on",
        "accept_privacy": "on",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_join_end_to_end(anonymous, staff, assessore, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous.post(URL, form_data())
    assert response.status_code == 302
    assert response.url == reverse("members:join_done")
    organisation = Organisation.objects.get(name="Associazione Il Faro")
    assert organisation.status == "pending"
    assert organisation.slug == "associazione-il-faro"
    assert organisation.website == "https://ilfaro.example.org"
    assert [e.to_status for e in MembershipEvent.objects.filter(organisation=organisation)] == ["pending"]
    user = User.objects.get(email="elena.fabbri@example.org")
    assert user.check_password("mare-di-cervia-2026")
    assert user.fiscal_code == ELENA_FISCAL_CODE  # a later SPID/CIE sign-in finds this account
    assert user.identity_linked_at is None  # declared, not yet proven by an identity
    assert is_representative(user)
    rep = Representative.objects.get(organisation=organisation)
    assert rep.user == user and rep.is_primary and rep.role_in_organisation == "Presidente"
    assert not EmailAddress.objects.get(user=user).verified
    consents = {c.kind: c.version for c in Consent.objects.filter(user=user, organisation=organisation)}
    assert consents == {"regulation": "1.0", "privacy": "1.0", "directory": "1.0"}
    recipients = [m.to[0] for m in mail.outbox]
    assert "elena.fabbri@example.org" in recipients  # allauth's verification e-mail
    verification = next(
        m for m in mail.outbox if m.to == ["elena.fabbri@example.org"] and "/account/" in m.body
    )
    assert "confirm-email" in verification.body or "conferma" in verification.body.lower()
    assert staff.email in recipients and assessore.email in recipients
    staff_mail = next(m for m in mail.outbox if m.to == [staff.email])
    assert "Associazione Il Faro" in staff_mail.subject

    done = anonymous.get(reverse("members:join_done"))
    assert "elena.fabbri@example.org" in done.text
    assert "Domanda inviata" in done.text


@pytest.mark.django_db
def test_staff_queue_shows_whether_the_email_is_verified(
    anonymous, staff_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        anonymous.post(URL, form_data())
    response = staff_client.get(reverse("members:staff_queue"))
    assert "Associazione Il Faro" in response.text
    assert "non ancora verificata" in response.text
    EmailAddress.objects.filter(email="elena.fabbri@example.org").update(verified=True)
    response = staff_client.get(reverse("members:staff_queue"))
    assert "non ancora verificata" not in response.text


@pytest.mark.django_db
def test_signed_in_user_applies_with_their_account(org_rep_client, org_rep):
    data = form_data()
    for name in ("first_name", "last_name", "account_email", "password1", "password2"):
        data.pop(name)
    response = org_rep_client.post(URL, data)
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Associazione Il Faro")
    assert organisation.representatives.get().user == org_rep
    org_rep.refresh_from_db()
    assert org_rep.fiscal_code == ELENA_FISCAL_CODE


@pytest.mark.django_db
def test_a_signed_in_user_whose_fiscal_code_is_known_is_not_asked_again(org_rep_client, org_rep):
    User.objects.filter(pk=org_rep.pk).update(fiscal_code="RSSMRA80A01H501U")
    page = org_rep_client.get(URL)
    assert 'name="person_fiscal_code"' not in page.text
    assert "Il tuo codice fiscale: RSSMRA80A01H501U." in page.text
    data = form_data(person_fiscal_code=ELENA_FISCAL_CODE)  # a forged field is ignored
    for name in ("first_name", "last_name", "account_email", "password1", "password2"):
        data.pop(name)
    assert org_rep_client.post(URL, data).status_code == 302
    org_rep.refresh_from_db()
    assert org_rep.fiscal_code == "RSSMRA80A01H501U"


@pytest.mark.django_db
def test_the_representatives_fiscal_code_is_asked_on_the_form(anonymous):
    page = anonymous.get(URL)
    assert 'name="person_fiscal_code"' in page.text
    assert "Il tuo codice fiscale" in page.text
    assert "SPID o CIE" in page.text


@pytest.mark.django_db
def test_the_representatives_fiscal_code_is_normalised(anonymous):
    response = anonymous.post(URL, form_data(person_fiscal_code=" fbb-lne 85m41.d458b "))
    assert response.status_code == 302
    assert User.objects.get(email="elena.fabbri@example.org").fiscal_code == ELENA_FISCAL_CODE


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("FBBLNE85M41D458X", "Questo codice fiscale non è valido: controlla lettere e cifre"),
        ("FBBLNE85M41D45", "Il codice fiscale di una persona ha esattamente 16 lettere e cifre."),
        ("FBBLNE85M41D458BB", "Il codice fiscale di una persona ha esattamente 16 lettere e cifre."),
        ("02468135790", "Questo è il codice fiscale di un&#x27;organizzazione"),
        ("", "Scrivi il tuo codice fiscale personale."),
    ],
)
def test_a_malformed_representatives_fiscal_code_is_told_on_its_field(anonymous, code, message):
    response = anonymous.post(URL, form_data(person_fiscal_code=code))
    assert response.status_code == 200
    assert message in _field_errors(response, "person_fiscal_code")
    assert not Organisation.objects.exists()
    assert not User.objects.filter(email="elena.fabbri@example.org").exists()
    assert 'value="Associazione Il Faro"' in response.text  # nothing lost


TAKEN = "Questo codice fiscale è già associato a un altro account."


@pytest.mark.django_db
def test_a_fiscal_code_of_another_account_is_told_on_its_field(anonymous):
    UserFactory(email="qualcun.altro@example.org", fiscal_code=ELENA_FISCAL_CODE)
    response = anonymous.post(URL, form_data(person_fiscal_code=ELENA_FISCAL_CODE.lower()))
    assert response.status_code == 200
    assert TAKEN in _field_errors(response, "person_fiscal_code")
    assert not Organisation.objects.exists()
    assert not User.objects.filter(email="elena.fabbri@example.org").exists()


@pytest.mark.django_db
def test_a_signed_in_applicant_cannot_take_another_accounts_fiscal_code(org_rep_client):
    UserFactory(email="qualcun.altro@example.org", fiscal_code=ELENA_FISCAL_CODE)
    data = form_data()
    for name in ("first_name", "last_name", "account_email", "password1", "password2"):
        data.pop(name)
    response = org_rep_client.post(URL, data)
    assert response.status_code == 200
    assert TAKEN in _field_errors(response, "person_fiscal_code")
    assert not Organisation.objects.filter(name="Associazione Il Faro").exists()


@pytest.mark.django_db
def test_a_fiscal_code_taken_between_the_form_and_the_save_is_told_on_its_field(anonymous, monkeypatch):
    """Two applications with the same personal code at once: the second gets the field's message."""
    from members.forms import JoinForm

    def taken_meanwhile(form):
        code = form.cleaned_data["person_fiscal_code"].strip().upper()
        UserFactory(email="arrivato.prima@example.org", fiscal_code=code)
        return code

    monkeypatch.setattr(JoinForm, "clean_person_fiscal_code", taken_meanwhile)
    response = anonymous.post(URL, form_data())
    assert response.status_code == 200
    assert TAKEN in _field_errors(response, "person_fiscal_code")
    assert not Organisation.objects.exists()
    assert not User.objects.filter(email="elena.fabbri@example.org").exists()


def _field_errors(response, field: str) -> str:
    """The text of the error messages shown under one field (crispy: id="error_<n>_id_<field>")."""
    import re

    found = re.findall(rf'<[^>]+id="error_\d+_id_{field}"[^>]*>(.*?)</', response.text, re.S)
    return " ".join(found)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("12345678901", "non è valido"),
        ("RSSMRA80A01H199X", "non è valido"),
        ("123", "11 cifre"),
        ("", "obbligatorio"),
    ],
)
def test_invalid_partita_ivas(anonymous, code, message):
    response = anonymous.post(URL, form_data(fiscal_code=code))
    assert response.status_code == 200
    assert message in response.text
    assert not Organisation.objects.exists()
    assert 'value="Associazione Il Faro"' in response.text  # nothing lost


@pytest.mark.django_db
def test_fiscal_code_is_normalised(anonymous):
    response = anonymous.post(URL, form_data(fiscal_code=" rssmra80a01h501u "))
    assert response.status_code == 302
    assert Organisation.objects.get().fiscal_code == "RSSMRA80A01H501U"


@pytest.mark.django_db
def test_duplicate_fiscal_code_links_to_a_representation_request(anonymous):
    existing = OrganisationFactory(name="Auser Cervia", fiscal_code=valid_partita_iva(7))
    response = anonymous.post(URL, form_data(fiscal_code=existing.fiscal_code))
    assert response.status_code == 200
    assert "già registrata" in response.text
    assert f"{reverse('members:representation_request')}?cf={existing.fiscal_code}" in response.text
    assert Organisation.objects.count() == 1
    assert not User.objects.filter(email="elena.fabbri@example.org").exists()


@pytest.mark.django_db
def test_representation_request_flow(org, org_rep, django_capture_on_commit_callbacks):
    from django.test import Client

    applicant = UserFactory(email="nuovo@example.org")
    client = Client()
    client.force_login(applicant)
    page = client.get(reverse("members:representation_request") + f"?cf={org.fiscal_code}")
    assert org.fiscal_code in page.text
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members:representation_request"),
            {
                "fiscal_code": org.fiscal_code,
                "role_in_organisation": "Tesoriere",
                "message": "Sono il nuovo tesoriere",
            },
        )
    assert response.status_code == 302
    req = RepresentationRequest.objects.get()
    assert req.user == applicant and req.status == "pending"
    assert org_rep.email in [m.to[0] for m in mail.outbox]
    # The primary representative accepts.
    primary = Client()
    primary.force_login(org_rep)
    with django_capture_on_commit_callbacks(execute=True):
        primary.post(reverse("members:representation_decide", args=[org.pk, req.pk]), {"decision": "approve"})
    req.refresh_from_db()
    assert req.status == "approved"
    assert Representative.objects.filter(
        organisation=org, user=applicant, is_active=True, is_primary=False
    ).exists()
    applicant.refresh_from_db()
    assert applicant.groups.filter(name=Role.REPRESENTATIVE.value).exists()


def _visible_text(response) -> str:
    import re

    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()


@pytest.mark.django_db
def test_the_form_does_not_tell_whether_an_address_has_an_account(django_capture_on_commit_callbacks):
    from django.test import Client

    UserFactory(email="elena.fabbri@example.org")
    known, unknown = Client(), Client()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer_known = known.post(URL, form_data(), follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        answer_unknown = unknown.post(
            URL, form_data(account_email="Mario.Rossi@Example.org", fiscal_code=valid_partita_iva(4343))
        )
        answer_unknown = unknown.get(answer_unknown.url)

    assert answer_known.redirect_chain == [(reverse("members:join_done"), 302)]
    shown_known = _visible_text(answer_known).replace("elena.fabbri@example.org", "ADDRESS")
    shown_unknown = _visible_text(answer_unknown).replace("mario.rossi@example.org", "ADDRESS")
    assert shown_known == shown_unknown
    assert "Domanda inviata" in shown_known

    # Nothing is created for the known address; its owner is told by e-mail how to apply.
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Associazione Il Faro"]
    assert Organisation.objects.get().representatives.get().user.email == "mario.rossi@example.org"
    explanation = [m for m in mail.outbox if m.to == ["elena.fabbri@example.org"]]
    assert len(explanation) == 1
    assert explanation[0].subject == (
        "[Tavolo delle Risorse] La tua domanda di adesione al Tavolo delle Risorse"
    )
    assert "ha già un account" in explanation[0].body
    assert "/account/login/?next=/aderisci/" in explanation[0].body
    assert "/account/password/reset/" in explanation[0].body


@pytest.mark.django_db
def test_the_form_is_rate_limited_per_client_address(client):
    for n in range(10):
        response = client.post(URL, form_data(fiscal_code="123"), REMOTE_ADDR="198.51.100.7")
        assert response.status_code == 200, n
    refused = client.post(URL, form_data(), REMOTE_ADDR="198.51.100.7")
    assert refused.status_code == 429
    assert "Troppe domande inviate dalla tua connessione: riprova tra un&#x27;ora." in refused.text
    assert 'value="Associazione Il Faro"' in refused.text  # typed values kept
    assert not Organisation.objects.exists()
    # Another address is not affected.
    other = client.post(URL, form_data(), REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 302
    assert Organisation.objects.filter(name="Associazione Il Faro").exists()


@pytest.mark.django_db
def test_checkboxes_and_sector_are_required(anonymous):
    response = anonymous.post(URL, form_data(accept_regulation="", accept_privacy="", sectors=[]))
    assert response.status_code == 200
    assert "accettare il regolamento" in response.text
    assert "informativa" in response.text
    assert "almeno un settore" in response.text
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_password_mismatch_and_weak_password(anonymous):
    response = anonymous.post(URL, form_data(password2="altra-password-2026"))
    assert "non coincidono" in response.text
    response = anonymous.post(URL, form_data(password1="12345678901", password2="12345678901"))
    assert response.status_code == 200
    assert not Organisation.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "bad",
    [
        {"name": "x" * 5000},
        {"name": "<script>alert(1)</script>Associazione"},
        {"description": "riga\x00nulla"},
        {"name": "Nome\x07con\x1bcontrollo"},
        {"website": "javascript:alert(1)"},
        {"email": "non-una-email"},
        {"legal_form": "99999"},
        {"sectors": ["abc"]},
        {"phone": "chiamami"},
    ],
)
def test_bad_input_never_500(anonymous, bad):
    response = anonymous.post(URL, form_data(**bad))
    assert response.status_code in (200, 302)
    if "<script>" in str(bad.get("name", "")) and response.status_code == 302:
        organisation = Organisation.objects.get()
        assert organisation.name.startswith("<script>")
        page = anonymous.get(reverse("members:join_done"))
        assert "<script>alert(1)" not in page.text
    if "\x07" in str(bad.get("name", "")):
        assert Organisation.objects.get().name == "Nomeconcontrollo"


@pytest.mark.django_db
def test_slug_is_unique(anonymous, django_capture_on_commit_callbacks):
    OrganisationFactory(name="Associazione Il Faro", slug="associazione-il-faro")
    anonymous.post(URL, form_data())
    assert Organisation.objects.filter(slug="associazione-il-faro-2").exists()


@pytest.mark.django_db
def test_the_empty_form_is_rendered_once_and_shows_a_new_sector_on_the_next_request(client, settings):
    """The anonymous empty form's fields are kept under the pages version: a second request reads them
    from the cache, and a new sector (a write) shows at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from members.models import Sector

    settings.TAVOLO_PAGE_CACHE_SECONDS = 0
    client.get("/aderisci/")
    with CaptureQueriesContext(connection) as ctx:
        html = client.get("/aderisci/").content.decode()
    # The choices of sectors, themes, legal forms and areas are not read again.
    assert not [q for q in ctx.captured_queries if "members_sector" in q["sql"]], ctx.captured_queries
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="name"' in html and 'name="sectors"' in html
    Sector.objects.create(name="Protezione civile", slug="protezione-civile")
    assert "Protezione civile" in client.get("/aderisci/").content.decode()
