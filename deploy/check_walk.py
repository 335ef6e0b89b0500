"""The journey `make deploy-check` walks through nginx: what a municipality's users do on day one.

Each `steps.step(...)` is one line of the final report. A failed step is reported and the walk goes on
where it can (a staff member who could not enrol TOTP through the page is enrolled from the shell so
that the rest is still verified); the check then exits non-zero.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
import struct
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

import psycopg
from check_http import Browser, CheckError, visible_text
from stdnum import luhn

ORG_NAME = "Associazione Il Faro di verifica"
REP_EMAIL = "elena.fabbri@ilfaro.example.org"
REP_PASSWORD = "mare-di-cervia-2026"  # noqa: S105 - a throwaway account of the check
MEETING_TITLE = "Plenaria di verifica del rilascio"
TOO_MANY = "Troppi tentativi di accesso"


@dataclass
class Steps:
    results: list[tuple[str, bool, str]] = field(default_factory=list)

    @contextmanager
    def step(self, name: str, *, critical: bool = False):
        started = time.monotonic()
        print(f"-> {name}", flush=True)
        try:
            yield
        except Exception as exc:
            detail = f"{type(exc).__name__}: {exc} (after {time.monotonic() - started:.1f}s)"
            self.results.append((name, False, detail))
            print(f"   FAILED: {detail}", flush=True)
            if critical:
                raise
        else:
            self.results.append((name, True, f"{time.monotonic() - started:.1f}s"))

    @property
    def failed(self) -> bool:
        return any(not ok for _name, ok, _detail in self.results)


@dataclass
class Site:
    """What the walk needs to know about the running stack."""

    https: str
    http: str
    ca_file: str
    database_url: str
    staff_email: str
    staff_password: str
    read_mails: Callable[[], list]  # email.message.Message objects received by the SMTP sink
    manage: Callable[..., str]  # runs `manage.py <args>` with the deployment's environment
    used_codes: set[str] = field(default_factory=set)  # e-mailed codes and links already followed
    used_links: set[str] = field(default_factory=set)


def totp(secret: str, at: float | None = None) -> str:
    """RFC 6238 code (SHA-1, 6 digits, 30 s), as an authenticator app computes it."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def wait_for(what: str, probe: Callable[[], object], *, timeout: float = 90, every: float = 0.5):
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise CheckError(f"gave up waiting for {what} after {timeout:.0f}s")
        time.sleep(every)


def query(site: Site, sql: str, *params) -> list[tuple]:
    with psycopg.connect(site.database_url, autocommit=True) as conn:
        return conn.execute(sql, params).fetchall()


def table(site: Site, suffix: str) -> str:
    """A table found by its model's name, wherever the app that owns it lives."""
    rows = query(
        site,
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
        "AND table_name LIKE %s",
        f"%\\_{suffix}",
    )
    if len(rows) != 1:
        raise CheckError(f"expected one table named *_{suffix}, found {rows}")
    return rows[0][0]


def mail_link(site: Site, to: str, path_prefix: str, skip: set[str] | frozenset[str] = frozenset()) -> str:
    """The path of the first link to `path_prefix` in an e-mail the sink received for `to`."""

    def probe():
        for message in site.read_mails():
            if to not in message.get("To", ""):
                continue
            for part in message.walk():
                if part.get_content_type() == "text/plain":
                    body = part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
                    for link in re.findall(rf"https?://[^\s/]+({re.escape(path_prefix)}\S+)", body):
                        if link not in skip:
                            return link
        return None

    return wait_for(f"an e-mail to {to} with a link to {path_prefix}", probe, timeout=60)


def main_text(browser: Browser) -> str:
    """The text of the current page's <main>, for failure messages."""
    found = re.search(r"(?s)<main\b.*?</main>", browser.page.text)
    return visible_text(found.group(0) if found else browser.page.text)[:500]


def sign_in(browser: Browser, email: str, password: str, *, expect: int | None = 200) -> None:
    browser.get("/account/login/")
    browser.submit({"login": email, "password": password}, action="/account/login/", expect=expect)


def mail_code(site: Site, to: str, used: set[str]) -> str:
    """A 6-digit sign-in code e-mailed to `to` that has not been used yet."""

    def probe():
        for message in site.read_mails():
            if to not in message.get("To", ""):
                continue
            for part in message.walk():
                if part.get_content_type() == "text/plain":
                    body = part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
                    for code in re.findall(r"^\s*(\d{6})\s*$", body, re.M):
                        if code not in used:
                            return code
        return None

    code = wait_for(f"a sign-in code e-mailed to {to}", probe, timeout=60)
    used.add(code)
    return code


def through_interstitials(browser: Browser, site: Site, email: str, password: str) -> None:
    """Pass the pages allauth may put between the password and the page asked for, as a person does:
    the e-mail address to confirm, a code sent by e-mail, the password again before adding a factor."""
    for _ in range(6):
        path = browser.page.url.split("://", 1)[1].split("/", 1)[1]
        path = "/" + path.split("?", 1)[0]
        if path == "/account/confirm-email/":
            link = mail_link(site, email, "/account/confirm-email/", skip=site.used_links)
            site.used_links.add(link)
            browser.get(link)
            browser.submit(button="Conferma", expect=None)
            if "/account/login/" in browser.page.url:
                sign_in(browser, email, password, expect=None)
        elif path.startswith("/account/login/code/confirm/"):
            browser.submit({"code": mail_code(site, email, site.used_codes)}, field="code", expect=None)
        elif path.startswith("/account/reauthenticate/"):
            browser.submit({"password": password}, field="password", expect=None)
        else:
            return
    raise CheckError(f"still between sign-in pages at {browser.page.url}")


def walk(site: Site, steps: Steps) -> None:
    http = Browser(site.http, ca_file=site.ca_file)
    visitor = Browser(site.https, ca_file=site.ca_file)

    with steps.step("HTTP answers with a permanent redirect to HTTPS, same path and query"):
        response = http.get("/aderisci/?da=verifica", expect=301, allow_redirects=False)
        expected = site.https + "/aderisci/?da=verifica"
        if response.headers.get("Location") != expected:
            raise CheckError(f"Location {response.headers.get('Location')!r}, expected {expected!r}")

    with steps.step("HTTPS pages carry HSTS (1 year), CSP and the other protections"):
        response = visitor.get("/")
        headers = response.headers
        if "max-age=31536000" not in headers.get("Strict-Transport-Security", ""):
            raise CheckError(f"HSTS header: {headers.get('Strict-Transport-Security')!r}")
        for name, expected in {
            "X-Frame-Options": "DENY",
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "same-origin",
        }.items():
            if headers.get(name) != expected:
                raise CheckError(f"{name}: {headers.get(name)!r}, expected {expected!r}")
        policy = headers.get("Content-Security-Policy", "")
        if "script-src 'self'" not in policy or "unsafe-inline" in policy:
            raise CheckError(f"Content-Security-Policy {policy!r}: scripts not limited to the site's files")

    with steps.step("static files are served by nginx (its 30-day expiry), not by Django"):
        static = re.search(r'(?:href|src)="(/static/[^"]+\.css)"', visitor.page.text)
        if not static:
            raise CheckError("the home page links no stylesheet under /static/")
        response = visitor.get(static.group(1))
        if "max-age=2592000" not in response.headers.get("Cache-Control", ""):
            raise CheckError(f"Cache-Control {response.headers.get('Cache-Control')!r}: not nginx's")

    staff = Browser(site.https, ca_file=site.ca_file)
    secret = ""
    with steps.step("staff member signs in (e-mail confirmed from the sink) and is sent to enrol TOTP first"):
        sign_in(staff, site.staff_email, site.staff_password, expect=None)
        through_interstitials(staff, site, site.staff_email, site.staff_password)
        staff.get("/area-riservata/", expect=None)
        through_interstitials(staff, site, site.staff_email, site.staff_password)
        if "/account/2fa/totp/activate" not in staff.page.url:
            raise CheckError(f"/area-riservata/ led to {staff.page.url}, not to the TOTP activation")

    with steps.step("staff member enrols TOTP on the activation page (code from the secret shown)"):
        page = staff.get("/account/2fa/totp/activate/", expect=None)
        through_interstitials(staff, site, site.staff_email, site.staff_password)
        page = staff.page
        if page.status_code != 200 or "/account/2fa/totp/activate" not in page.url:
            raise CheckError(f"the TOTP activation page answered {page.status_code} ({page.url})")
        found = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]{16,})"', page.text) or re.search(
            r'value="([A-Z2-7]{16,})"[^>]*id="authenticator_secret"', page.text
        )
        if not found:
            raise CheckError("no authenticator secret on the activation page")
        shown = found.group(1)
        staff.submit({"code": totp(shown)}, action="/account/2fa/totp/activate/")
        if "/account/2fa/totp/activate" in staff.page.url:
            # As a person would: the code may have expired on the way (30 s windows); type the next one.
            time.sleep(30 - time.time() % 30 + 1)
            staff.submit({"code": totp(shown)}, action="/account/2fa/totp/activate/")
        if "/account/2fa/totp/activate" in staff.page.url:
            raise CheckError(f"the code was refused twice: {main_text(staff)}")
        secret = shown
        staff.get("/area-riservata/")
        if "/account/" in staff.page.url:
            raise CheckError(f"after enrolling, the staff area sent to {staff.page.url}")
    if not secret:
        # Enrol from the shell so the rest of the walk (which needs the staff area) is still verified.
        output = site.manage(
            "shell",
            "-c",
            "from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret;"
            "from members.models import User; s = generate_totp_secret();"
            f"TOTP.activate(User.objects.get(email={site.staff_email!r}), s); print('SECRET=' + s)",
        )
        secret = re.search(r"SECRET=([A-Z2-7]+)", output).group(1)
        print("   (TOTP enrolled from the shell so that the walk can go on)", flush=True)

    with steps.step("an organisation joins through /aderisci/"):
        joiner = Browser(site.https, ca_file=site.ca_file)
        joiner.get("/aderisci/")
        form = joiner.form(button="Invia la domanda")
        joiner.submit(
            {
                "name": ORG_NAME,
                "legal_form": form.option("legal_form", "Associazione di promozione sociale"),
                "fiscal_code": _partita_iva(4242),
                "sectors": [form.box("sectors", "Sociale")],
                "themes": [form.box("themes", "Giovani")],
                "description": "Doposcuola e laboratori per ragazzi.",
                "address": "Via Roma 12",
                "email": "info@ilfaro.example.org",
                "first_name": "Elena",
                "last_name": "Fabbri",
                "role_in_organisation": "Presidente",
                "person_fiscal_code": "FBBLNE85M41C553S",  # Elena Fabbri's own code (born in Cervia)
                "account_email": REP_EMAIL,
                "password1": REP_PASSWORD,
                "password2": REP_PASSWORD,
                "accept_regulation": "on",
                "accept_privacy": "on",
            },
            button="Invia la domanda",
        )
        if "Domanda inviata" not in visible_text(joiner.page.text):
            raise CheckError(f"after joining: {visible_text(joiner.page.text)[:400]}")
        link = mail_link(site, REP_EMAIL, "/account/confirm-email/")
        joiner.get(link)
        joiner.submit(button="Conferma")

    with steps.step("staff member signs in again with password and TOTP code"):
        staff = Browser(site.https, ca_file=site.ca_file)
        sign_in(staff, site.staff_email, site.staff_password)
        if "/account/2fa/authenticate/" not in staff.page.url:
            raise CheckError(f"after the password: {staff.page.url}, not the second-factor page")
        # An authenticator code is accepted once: wait for a fresh one if the enrolment used this one.
        time.sleep(30 - time.time() % 30 + 1)
        staff.submit({"code": totp(secret)}, action="/account/2fa/authenticate/")
        staff.get("/area-riservata/")
        if "/account/" in staff.page.url:
            raise CheckError(f"the staff area sent to {staff.page.url}")

    with steps.step("staff approve the organisation"):
        staff.get("/area-riservata/organizzazioni/domande/")
        found = re.search(
            r'href="/area-riservata/organizzazioni/(\d+)/"[^>]*>\s*' + re.escape(ORG_NAME), staff.page.text
        )
        if not found:
            raise CheckError("the organisation is not in the staff queue")
        staff.get(f"/area-riservata/organizzazioni/{found.group(1)}/azioni/approve/")
        staff.submit(button="Conferma: approva")
        if "Aderente" not in visible_text(staff.page.text):
            raise CheckError("the organisation's page does not say Aderente after approval")

    outbox = table(site, "outgoingemail")
    tasks = table(site, "dbtaskresult")
    with steps.step("a meeting is convened; every e-mail reaches the SMTP sink through the worker"):
        staff.get("/area-riservata/incontri/nuovo/")
        starts = (dt.datetime.now() + dt.timedelta(days=14)).replace(hour=17, minute=0)
        staff.submit(
            {
                "title": MEETING_TITLE,
                "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
                "ends_at": (starts + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
                "place": "Sala del Consiglio, Piazza Garibaldi 1",
                "is_public": "on",
                "description": "Incontro convocato dalla verifica del rilascio.",
            },
            button="Salva",
        )
        manage = re.search(r"/area-riservata/incontri/(\d+)/", staff.page.url)
        if not manage:
            raise CheckError(f"after creating the meeting: {staff.page.url}")
        meeting = manage.group(1)
        form = staff.form(action=f"/area-riservata/incontri/{meeting}/punti/nuovo/")
        staff.submit(
            {
                "title": "Spazi per i ragazzi d'estate",
                "description": "Aprire le palestre scolastiche a luglio e agosto.",
                "themes": [form.box("themes", "Giovani")],
            },
            action=f"/area-riservata/incontri/{meeting}/punti/nuovo/",
        )
        started = time.monotonic()
        staff.submit(action=f"/area-riservata/incontri/{meeting}/convoca/")
        answered = time.monotonic() - started
        if "convocato" not in visible_text(staff.page.text):
            raise CheckError(f"no confirmation that the meeting was convened: {main_text(staff)}")
        subject = f"%{MEETING_TITLE}%"

        def delivered():
            rows = query(site, f'SELECT id, "to", status FROM {outbox} WHERE subject LIKE %s', subject)  # noqa: S608
            return rows if rows and all(status == "sent" for _id, _to, status in rows) else None

        rows = wait_for("the convocation e-mails to be sent", delivered)
        received = {m.get("X-Tavolo-Message") for m in site.read_mails()}
        missing = [to for pk, to, _s in rows if str(pk) not in received]
        if missing:
            raise CheckError(f"sent but not in the SMTP sink: {missing}")
        if REP_EMAIL not in {to for _pk, to, _s in rows}:
            raise CheckError(f"the approved organisation's representative was not convened: {rows}")
        ran = query(
            site,
            f"SELECT count(*) FROM {tasks} WHERE task_path LIKE %s AND status = 'SUCCESSFUL' "  # noqa: S608
            "AND jsonb_array_length(worker_ids::jsonb) > 0",
            "meetings.tasks.%",
        )[0][0]
        if ran < 1:
            raise CheckError("no meetings task was run by a worker")
        print(f"   {len(rows)} e-mails delivered; convening answered in {answered:.2f}s", flush=True)

    year = dt.date.today().year - 1
    with steps.step(f"the {year} report is published; its PDF, made by the worker, comes from nginx"):
        staff.get("/area-riservata/relazioni/")
        staff.submit({"year": str(year)}, button="Crea la bozza")
        staff.submit(
            {
                "presentation": "Care cittadine e cari cittadini, il Tavolo è cresciuto.",
                "conclusions": "## Priorità\nAprire gli spazi scolastici d'estate.",
            },
            button="Salva i testi",
        )
        # Publishing asks for confirmation on its own page, which says what happens and who is told.
        staff.get(f"/area-riservata/relazioni/{year}/pubblica/")
        staff.submit(button="Pubblica la versione 1")
        if "ubblicat" not in visible_text(staff.page.text):
            raise CheckError(f"no confirmation of publication: {main_text(staff)}")
        reader = Browser(site.https, ca_file=site.ca_file)
        # The worker renders the PDF, then copies it to the public folder: /relazioni/<year>.pdf then
        # redirects to that copy (/pubblicati/...), which nginx sends without the portal.
        pdf = wait_for(
            "the PDF to be rendered and published by the worker",
            lambda: (
                (r := reader.get(f"/relazioni/{year}.pdf", expect=None)).status_code == 200
                and "/pubblicati/" in r.url
                and r
            ),
            timeout=120,
            every=1,
        )
        if not pdf.content.startswith(b"%PDF") or pdf.headers.get("Content-Type") != "application/pdf":
            raise CheckError(f"not a PDF: {pdf.headers.get('Content-Type')} {pdf.content[:20]!r}")
        if "immutable" not in pdf.headers.get("Cache-Control", "") or "Link" not in pdf.headers:
            raise CheckError(f"the public copy lacks its headers: {dict(pdf.headers)}")
        copy = pdf.url.removeprefix(site.https)
        if f'href="{copy}"' not in reader.get(f"/relazioni/{year}/").text:
            raise CheckError(f"the report page does not link the PDF's public copy {copy}")
        # nginx serves files in ranges; Django's FileResponse does not: the range proves who sent it.
        part = reader.get(f"/relazioni/{year}.pdf", expect=206, headers={"Range": "bytes=0-3"})
        if part.content != b"%PDF":
            raise CheckError(f"range request gave {part.content!r}")
        print(f"   {len(pdf.content)} bytes", flush=True)

    with steps.step("every e-mail the portal queued was delivered by the worker to the SMTP sink"):

        def undelivered():
            rows = query(site, f'SELECT id, "to", subject FROM {outbox} ORDER BY id')  # noqa: S608
            received = {m.get("X-Tavolo-Message") for m in site.read_mails()}
            return rows, [(to, subject) for pk, to, subject in rows if str(pk) not in received]

        def all_delivered():
            rows, missing = undelivered()
            return None if missing else rows

        try:
            rows = wait_for("the last e-mails", all_delivered, timeout=60)
        except CheckError:
            raise CheckError(f"not delivered: {undelivered()[1]}") from None
        print(f"   {len(rows)} e-mails: " + "; ".join(sorted({subject for *_x, subject in rows})), flush=True)

    with steps.step("5 wrong passwords for an account from 127.0.0.2 lock out 127.0.0.2, not 127.0.0.3"):
        first = Browser(site.https, ca_file=site.ca_file, source="127.0.0.2")
        second = Browser(site.https, ca_file=site.ca_file, source="127.0.0.3")

        def refused(browser: Browser) -> bool:
            return browser.page.status_code == 429 or TOO_MANY in visible_text(browser.page.text)

        for attempt in range(5):
            sign_in(first, REP_EMAIL, "password-sbagliata", expect=None)
            if refused(first):
                raise CheckError(f"refused as too many after only {attempt + 1} attempts")
        first.session.headers["X-Forwarded-For"] = "198.51.100.7"  # a client cannot choose its address
        sign_in(first, REP_EMAIL, REP_PASSWORD, expect=None)
        if not refused(first):
            raise CheckError(
                "the sixth attempt from 127.0.0.2 (with a forged X-Forwarded-For) was not refused"
            )
        sign_in(second, REP_EMAIL, REP_PASSWORD, expect=None)
        if refused(second):
            raise CheckError(
                "127.0.0.3 is locked out by 127.0.0.2's failures (the proxy's address, or the account)"
            )
        second.get("/area-riservata/")
        if "/account/login" in second.page.url:
            raise CheckError("127.0.0.3 could not sign in with the right password")


def _partita_iva(seed: int) -> str:
    """A valid Italian VAT number (office code of Ravenna), as the join form checks it."""
    base = f"{(seed * 7919) % 9_999_999 + 1:07d}039"
    return base + luhn.calc_check_digit(base)
