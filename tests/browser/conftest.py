"""Real-browser tests: Playwright on Debian's Chromium against pytest-django's live_server.

Never `playwright install`: the Makefile/CI install Debian's `chromium` with apt. When it is missing the
browser tests are skipped with the command that fixes it.
"""

from __future__ import annotations

import re
import shutil
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(pytest.mark.skip(reason="Chromium not installed: apt-get install chromium"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch arguments, pointed at Debian's Chromium."""
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "it-IT", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture(scope="session")
def _plain_http_settings():
    """The live server's middleware reads these once, when it starts: set them before it does."""
    from django.conf import settings

    settings.SECURE_SSL_REDIRECT = False
    settings.SECURE_HSTS_SECONDS = 0
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    # No collectstatic before the tests: WhiteNoise serves from the finders (see tests/conftest.py).
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(scope="session")
def live_server(_plain_http_settings, live_server):
    return live_server


@pytest.fixture(autouse=True)
def _browser_settings(settings):
    """The live server runs without HTTPS and with TOTP for staff off (the trust tests cover MFA)."""
    settings.TAVOLO_REQUIRE_STAFF_MFA = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_SSL_REDIRECT = False
    settings.SECURE_HSTS_SECONDS = 0


class Steps:
    """Names each step of a journey and keeps a screenshot of it; all are saved if the test fails.

    With a `folder` (pytest's tmp dir), each screenshot is also written there as it is taken.
    """

    def __init__(self, page, name: str, folder: Path | None = None) -> None:
        self.page = page
        self.name = re.sub(r"[^A-Za-z0-9_.-]+", "_", name)
        self.folder = folder
        self.shots: list[tuple[str, bytes]] = []
        self.current = ""

    @contextmanager
    def step(self, title: str, page=None):
        """One step of the journey; `page` switches to another person's browser for this step on."""
        if page is not None:
            self.page = page
        self.current = title
        try:
            yield
        finally:
            # A closed page must not hide the real failure.
            with suppress(Exception):
                self.shots.append((title, self.page.screenshot(full_page=True)))
                if self.folder is not None:
                    self._write(self.folder, len(self.shots), *self.shots[-1])

    @staticmethod
    def _write(folder: Path, number: int, title: str, png: bytes) -> None:
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]
        (folder / f"{number:02d}-{slug}.png").write_bytes(png)

    def save(self) -> Path:
        folder = ARTIFACTS / self.name
        shutil.rmtree(folder, ignore_errors=True)  # only this run's steps
        folder.mkdir(parents=True)
        for number, (title, png) in enumerate(self.shots, start=1):
            self._write(folder, number, title, png)
        return folder


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def steps(request, page, tmp_path):
    """`with steps.step("staff approves"):` - a screenshot of every step in the test's tmp dir, copied to
    test-artifacts/ (ignored by git) when the test fails."""
    folder = tmp_path / "steps"
    folder.mkdir()
    recorder = Steps(page, request.node.nodeid.split("::", 1)[-1], folder)
    yield recorder
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        folder = recorder.save()
        print(f"\nScreenshots of the steps (last: {recorder.current!r}) saved in {folder}")


@pytest.fixture
def login(live_server):
    """Sign a Playwright page in through the real login form."""

    def _login(page, email: str, password: str) -> None:
        page.goto(f"{live_server.url}/account/login/")
        page.get_by_label(re.compile("e-mail", re.I)).first.fill(email)
        page.get_by_label(re.compile("password", re.I)).first.fill(password)
        page.locator("main form button[type=submit], main form input[type=submit]").first.click()
        page.wait_for_load_state()
        assert "/account/login/" not in page.url, f"login failed for {email}: still on {page.url}"

    return _login
