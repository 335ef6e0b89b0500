"""What concerns each person: the notifications page, the e-mail choices, the one-click unsubscribe link.

Expected texts, recipients and headers are written by hand from the rules (docs/rules.md, "Who hears
what"): optional e-mails can be switched off and carry List-Unsubscribe; mandatory ones cannot and do not.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import EmailOptOut, Notification, OutgoingEmail
from core.notifications import notify
from meetings.models import Minutes
from tests.factories import AgendaItemFactory, MeetingFactory, UserFactory
from tests.meetings.helpers import past_meeting

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="submit_once" value="([^"]+)"')
LIST = "/area-riservata/notifiche/"
PREFERENCES = "/area-riservata/notifiche/preferenze/"


def _page(response) -> str:
    return html.unescape(response.content.decode())


def _give(user, count: int, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(count):
            notify(
                recipients=[user],
                kind="minutes",
                text=f"Avviso numero {n + 1}",
                url="/incontri/",
                key=f"n{n}",
            )
    # Newest first is by creation time: spread them a minute apart, the last one newest.
    start = timezone.now() - dt.timedelta(hours=2)
    for n, pk in enumerate(
        Notification.objects.filter(recipient=user).order_by("pk").values_list("pk", flat=True)
    ):
        Notification.objects.filter(pk=pk).update(created_at=start + dt.timedelta(minutes=n))


def test_the_paths_are_the_ones_the_readme_lists():
    assert reverse("notifications:list") == LIST
    assert reverse("notifications:preferences") == PREFERENCES
    assert reverse("notifications:mark_all_read") == "/area-riservata/notifiche/segna-lette/"


def test_every_role_has_the_page_and_anonymous_visitors_are_sent_to_sign_in(
    anonymous, org_rep_client, other_org_rep_client, service_referent_client, staff_client, assessore_client
):
    for client in (
        org_rep_client,
        other_org_rep_client,
        service_referent_client,
        staff_client,
        assessore_client,
    ):
        page = _page(client.get(LIST))
        assert "<h1>Notifiche</h1>" in page
        assert "Per ora nessuna notifica" in page
        assert _page(client.get(PREFERENCES)).count("Le tue e-mail") >= 1
    for path in (LIST, PREFERENCES):
        response = anonymous.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/account/login/")


def test_the_list_is_newest_first_paginated_marks_the_unread_and_marks_all_read_once(
    org_rep, org_rep_client, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    _give(org_rep, 23, django_capture_on_commit_callbacks)
    other = UserFactory()
    _give(other, 2, django_capture_on_commit_callbacks)
    page = _page(org_rep_client.get(LIST))
    assert "Hai 23 notifiche non lette." in page
    # The reserved-area menu says how many are unread.
    assert "23 notifiche non lette" in page and 'href="/area-riservata/notifiche/"' in page
    texts = re.findall(r"Avviso numero (\d+)<", page)
    assert texts == [str(n) for n in range(23, 3, -1)]  # 20 a page, newest first
    assert page.count(">Nuova</span>") == 20
    second = _page(org_rep_client.get(LIST + "?page=2"))
    assert re.findall(r"Avviso numero (\d+)<", second) == ["3", "2", "1"]
    assert "Pagina 2 di 2" in second
    token = TOKEN.search(page.split('action="/area-riservata/notifiche/segna-lette/"')[1]).group(1)
    done = org_rep_client.post(reverse("notifications:mark_all_read"), {"submit_once": token}, follow=True)
    assert "23 notifiche segnate come lette." in _page(done)
    again = org_rep_client.post(reverse("notifications:mark_all_read"), {"submit_once": token}, follow=True)
    assert "Operazione già eseguita" in _page(again) or "già" in _page(again)
    page = _page(org_rep_client.get(LIST))
    assert "Non hai notifiche da leggere." in page and ">Nuova</span>" not in page
    assert "Segna tutte come lette" not in page
    # Another person's notifications are theirs: untouched, and not reachable (404).
    assert Notification.objects.filter(recipient=other, read_at__isnull=True).count() == 2
    theirs = Notification.objects.filter(recipient=other).first()
    assert org_rep_client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    # The page costs the same whatever the number of notifications.
    with django_assert_max_num_queries(12):
        org_rep_client.get(LIST)


def test_following_a_notification_opens_its_page_and_marks_it_read(
    org_rep, org_rep_client, django_capture_on_commit_callbacks
):
    _give(org_rep, 1, django_capture_on_commit_callbacks)
    notification = Notification.objects.get(recipient=org_rep)
    response = org_rep_client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == "/incontri/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def _meeting_with_minutes_ready_to_approve():
    meeting = past_meeting(title="Plenaria di ottobre")
    AgendaItemFactory(meeting=meeting, title="Emergenza abitativa")
    return meeting, Minutes.objects.create(meeting=meeting, general_notes="Presenti 12 organizzazioni.")


def test_a_person_switches_off_an_optional_kind_and_keeps_the_notification_but_not_the_email(
    org_rep, org_rep_client, other_org_rep, staff_client, django_capture_on_commit_callbacks
):
    page = _page(org_rep_client.get(PREFERENCES))
    # Mandatory kinds are shown, ticked and disabled; optional ones can be unticked.
    assert re.search(r'value="convocation" id="kind-convocation" checked disabled', page)
    assert "Convocazioni delle sedute, loro modifiche e annullamenti" in page
    assert "Serve al funzionamento del Tavolo: non si può disattivare." in page
    assert re.search(r'value="minutes" id="kind-minutes" checked>', page)
    assert "Verbali aperti ai commenti e verbali approvati" in page
    # Office-only kinds are not offered to a representative.
    assert "Per l'ufficio" not in page
    token = TOKEN.search(page).group(1)
    # Unticking everything: the optional kinds a representative is offered go off, the mandatory ones cannot.
    response = org_rep_client.post(PREFERENCES, {"submit_once": token}, follow=True)
    assert "Le tue scelte sulle e-mail sono state salvate." in _page(response)
    assert sorted(EmailOptOut.objects.filter(user=org_rep).values_list("kind", flat=True)) == [
        "minutes",
        "proposal",
        "representation",
        "training_reminder",
    ]
    page = _page(org_rep_client.get(PREFERENCES))
    assert re.search(r'value="minutes" id="kind-minutes">', page)
    assert re.search(r'value="convocation" id="kind-convocation" checked disabled', page)

    meeting, _minutes = _meeting_with_minutes_ready_to_approve()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("meetings:minutes_approve", args=[meeting.pk]))
    # The e-mail goes to the other representative only; both see the notification.
    assert [m.to for m in mail.outbox] == [[other_org_rep.email]]
    assert not OutgoingEmail.objects.filter(to=org_rep.email).exists()
    assert (
        _page(org_rep_client.get(LIST)).count(
            "Il verbale della seduta «Plenaria di ottobre» è stato approvato"
        )
        == 1
    )

    # Ticking it again brings the e-mails back.
    token = TOKEN.search(_page(org_rep_client.get(PREFERENCES))).group(1)
    org_rep_client.post(PREFERENCES, {"submit_once": token, "receive": ["minutes", "convocation"]})
    assert sorted(EmailOptOut.objects.filter(user=org_rep).values_list("kind", flat=True)) == [
        "proposal",
        "representation",
        "training_reminder",
    ]


def test_optional_emails_carry_a_one_click_unsubscribe_link_that_works_without_signing_in(
    org_rep, staff_client, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://tavolo.comune.example.it"
    meeting, _minutes = _meeting_with_minutes_ready_to_approve()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("meetings:minutes_approve", args=[meeting.pk]))
    [message] = [m for m in mail.outbox if m.to == [org_rep.email]]
    assert message.subject == "[Tavolo delle Risorse] Verbale approvato: Plenaria di ottobre"
    assert "il verbale della seduta «Plenaria di ottobre» è stato approvato" in message.body
    link = message.extra_headers["List-Unsubscribe"]
    assert re.fullmatch(r"<https://tavolo\.comune\.example\.it/notifiche/disiscrizione/[^>]+/>", link)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = link[1:-1].removeprefix("https://tavolo.comune.example.it")

    # A GET (a person clicking) asks first, in Italian, with a button; nothing changes yet.
    browser = Client()
    page = _page(browser.get(path))
    assert (
        "Stai per smettere di ricevere queste e-mail: «Verbali aperti ai commenti e verbali approvati»."
        in page
    )
    assert "<button" in page and "Non ricevere più queste e-mail" in page
    assert not EmailOptOut.objects.filter(user=org_rep).exists()

    # RFC 8058: the mail client posts this body, with no CSRF token and no session.
    robot = Client(enforce_csrf_checks=True)
    response = robot.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert "Non riceverai più queste e-mail" in _page(response)
    assert list(EmailOptOut.objects.filter(user=org_rep).values_list("kind", flat=True)) == ["minutes"]
    # Idempotent: a second POST changes nothing and still answers 200.
    assert (
        robot.post(
            path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
        ).status_code
        == 200
    )
    assert EmailOptOut.objects.filter(user=org_rep).count() == 1
    assert "Non ricevi più queste e-mail" in _page(browser.get(path))
    # A forged or altered token is not found.
    assert robot.post(path[:-3] + "xx/").status_code == 404
    # Only this endpoint is exempt from CSRF: the preferences page is not.
    signed = Client(enforce_csrf_checks=True)
    signed.force_login(org_rep)
    assert signed.post(PREFERENCES, {}).status_code == 403


def test_mandatory_emails_carry_no_unsubscribe_link_and_cannot_be_switched_off(
    org_rep, staff_client, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(starts_at=timezone.now() + dt.timedelta(days=20))
    item = AgendaItemFactory(meeting=meeting, title="Solitudine degli anziani")
    EmailOptOut.objects.create(user=org_rep, kind="convocation")  # whatever a person tried to store
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("meetings:convene", args=[item.meeting.pk]), {"confirmed": "1"})
    [message] = [m for m in mail.outbox if m.to == [org_rep.email]]
    assert message.subject.startswith("[Tavolo delle Risorse] Convocazione: ")
    assert "List-Unsubscribe" not in message.extra_headers
    assert "List-Unsubscribe-Post" not in message.extra_headers


def test_the_personal_data_export_has_the_notifications_and_deleting_the_account_removes_them(
    org_rep, org_rep_client, django_capture_on_commit_callbacks
):
    _give(org_rep, 1, django_capture_on_commit_callbacks)
    EmailOptOut.objects.create(user=org_rep, kind="minutes")
    data = org_rep_client.get(reverse("privacy:export")).json()
    assert [n["text"] for n in data["core"]["notifications"]] == ["Avviso numero 1"]
    assert data["core"]["emails_switched_off"] == ["minutes"]
    from core.notification_privacy import anonymise

    anonymise(org_rep)
    assert not Notification.objects.filter(recipient=org_rep).exists()
    assert not EmailOptOut.objects.filter(user=org_rep).exists()


BADGE = re.compile(r'tavolo-unread-badge"><span aria-hidden="true">(\d+)</span>')


def _header_count(client) -> int:
    """The unread count the header's badge shows on a page of the layout (0: no badge)."""
    found = BADGE.findall(client.get("/accessibilita/").content.decode())
    assert len(found) <= 1
    return int(found[0]) if found else 0


def test_the_headers_unread_count_is_exact_on_the_next_page_after_each_change(
    org_rep, org_rep_client, other_org_rep, other_org_rep_client, django_capture_on_commit_callbacks
):
    """The count is kept in the cache per person: every way their notifications change shows at once,
    and one person's count is never another's."""
    assert _header_count(org_rep_client) == 0
    assert _header_count(org_rep_client) == 0  # kept
    assert _header_count(other_org_rep_client) == 0

    _give(org_rep, 2, django_capture_on_commit_callbacks)  # notify(): rows written after the commit
    assert _header_count(org_rep_client) == 2
    assert _header_count(other_org_rep_client) == 0
    Notification.objects.create(recipient=org_rep, kind="minutes", text="Un altro", key="single")
    assert _header_count(org_rep_client) == 3

    first = Notification.objects.filter(recipient=org_rep).order_by("pk").first()
    org_rep_client.get(reverse("notifications:open", args=[first.pk]))
    assert _header_count(org_rep_client) == 2

    token = TOKEN.search(
        _page(org_rep_client.get(LIST)).split('action="/area-riservata/notifiche/segna-lette/"')[1]
    )
    org_rep_client.post(reverse("notifications:mark_all_read"), {"submit_once": token.group(1)})
    assert _header_count(org_rep_client) == 0

    Notification.objects.create(recipient=other_org_rep, kind="minutes", text="Per l'altra", key="other")
    assert _header_count(other_org_rep_client) == 1
    assert _header_count(org_rep_client) == 0
    Notification.objects.filter(recipient=other_org_rep).delete()
    assert _header_count(other_org_rep_client) == 0


def test_a_count_taken_before_the_commit_is_not_served_after_it(org_rep, django_capture_on_commit_callbacks):
    """A request that counts between a write and its commit sees the old rows: what it keeps is under a
    version that the commit replaces."""
    from django.core.cache import cache
    from django.db import transaction

    from core.notifications import UNREAD_COUNT_KEY, UNREAD_VERSION_KEY, unread_changed, unread_count

    assert unread_count(org_rep) == 0
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        Notification.objects.bulk_create(
            [Notification(recipient=org_rep, kind="minutes", text="Avviso", key="k1")]
        )
        unread_changed([org_rep.pk])
        # Another request, not seeing the uncommitted row, counts 0 and keeps it under today's version.
        version = cache.get(UNREAD_VERSION_KEY.format(pk=org_rep.pk))
        cache.set(UNREAD_COUNT_KEY.format(pk=org_rep.pk), (version, 0))
        assert unread_count(org_rep) == 0
    assert unread_count(org_rep) == 1
