"""What only staff see on public URLs (drafts) needs the second factor too.

While staff MFA is required, a Segreteria account without an authenticator sees on the public meeting
pages exactly what an anonymous visitor sees: no draft meeting, no draft .ics, no draft minutes, no
attachment of draft minutes. Signed in with the authenticator, the same account sees them all.
"""

from __future__ import annotations

import datetime as dt

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from meetings.models import Attachment, Minutes
from members.roles import Role
from tests.factories import TEST_PASSWORD, MeetingFactory, UserFactory
from tests.trust.mfa_helpers import last_login_code, post_password, totp_code

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
DRAFT_TITLE = "Plenaria straordinaria ancora in bozza"
DRAFT_NOTES = "Appunti della segreteria non ancora condivisi"


@pytest.fixture
def drafts(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TAVOLO_REQUIRE_STAFF_MFA = True
    draft = MeetingFactory(title=DRAFT_TITLE, status="draft", is_public=True)
    held = MeetingFactory(
        title="Plenaria di ottobre",
        status="held",
        is_public=True,
        starts_at=timezone.now().replace(microsecond=0) - dt.timedelta(days=10),
    )
    minutes = Minutes.objects.create(meeting=held, general_notes=DRAFT_NOTES, status="draft")
    attachment = Attachment.objects.create(
        minutes=minutes,
        file=ContentFile(b"%PDF-1.4 bozza", name="bozza.pdf"),
        original_name="bozza-verbale.pdf",
        content_type="application/pdf",
        size=14,
    )
    return {
        "detail": f"/incontri/{draft.pk}/",
        "ics": f"/incontri/{draft.pk}.ics",
        "held": f"/incontri/{held.pk}/",
        "attachment": f"/incontri/allegati/{attachment.pk}/",
    }


def _staff_signed_in(*, with_authenticator: bool) -> Client:
    """A Segreteria account signed in through the login page (e-mail code without an authenticator)."""
    user = UserFactory(email="segreteria@comune.example.it", is_staff=True, roles=[Role.SEGRETERIA])
    client = Client()
    if with_authenticator:
        TOTP.activate(user, SECRET)
        post_password(client, user.email, TEST_PASSWORD)
        assert client.post("/account/2fa/authenticate/", {"code": totp_code(SECRET)}).status_code == 302
    else:
        post_password(client, user.email, TEST_PASSWORD)
        client.post("/account/login/code/confirm/", {"code": last_login_code(user.email)})
    assert client.session["_auth_user_id"] == str(user.pk)
    return client


def _status(client, url: str) -> int:
    """The answer's status; a file answer is read to the end, which closes the file."""
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    return response.status_code


def _what_is_seen(client: Client, urls: dict[str, str]) -> dict[str, object]:
    listing = client.get("/incontri/")
    held = client.get(urls["held"])
    return {
        "list shows the draft": DRAFT_TITLE in listing.text,
        "draft page": client.get(urls["detail"]).status_code,
        "draft .ics": client.get(urls["ics"]).status_code,
        "held meeting page": held.status_code,
        "draft minutes shown": DRAFT_NOTES in held.text,
        "attachment of draft minutes": _status(client, urls["attachment"]),
    }


ANONYMOUS_VIEW = {
    "list shows the draft": False,
    "draft page": 404,
    "draft .ics": 404,
    "held meeting page": 200,
    "draft minutes shown": False,
    "attachment of draft minutes": 404,
}
STAFF_VIEW = {
    "list shows the draft": True,
    "draft page": 200,
    "draft .ics": 200,
    "held meeting page": 200,
    "draft minutes shown": True,
    "attachment of draft minutes": 200,
}


@pytest.mark.django_db
def test_anonymous_visitor_sees_no_drafts(drafts):
    assert _what_is_seen(Client(), drafts) == ANONYMOUS_VIEW


@pytest.mark.django_db
def test_staff_without_an_authenticator_sees_what_an_anonymous_visitor_sees(drafts):
    assert _what_is_seen(_staff_signed_in(with_authenticator=False), drafts) == ANONYMOUS_VIEW


@pytest.mark.django_db
def test_staff_signed_in_with_the_authenticator_sees_the_drafts(drafts):
    assert _what_is_seen(_staff_signed_in(with_authenticator=True), drafts) == STAFF_VIEW


@pytest.mark.django_db
def test_without_the_requirement_staff_see_drafts_with_the_password_alone(drafts, settings):
    settings.TAVOLO_REQUIRE_STAFF_MFA = False
    user = UserFactory(email="segreteria@comune.example.it", is_staff=True, roles=[Role.SEGRETERIA])
    client = Client()
    assert post_password(client, user.email, TEST_PASSWORD).headers["Location"] == "/area-riservata/"
    assert _what_is_seen(client, drafts) == STAFF_VIEW
