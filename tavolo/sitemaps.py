"""sitemap.xml of the public pages: the project composes what each app publishes."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from meetings import selectors as meeting_selectors
from members import selectors as member_selectors
from reports import selectors as report_selectors
from training import selectors as training_selectors

STATIC_PAGES = [
    "home",
    "regolamento",
    "members:join",
    "members:directory",
    "members:services",
    "meetings:list",
    "training:list",
    "reports:archive",
    "accessibility",
    "privacy",
    "legal",
]


class StaticPages(Sitemap):
    def items(self) -> list[str]:
        return STATIC_PAGES

    def location(self, item: str) -> str:
        return reverse(item)


class Organisations(Sitemap):
    def items(self):
        return member_selectors.directory_base().order_by("slug").values_list("slug", flat=True)

    def location(self, item: str) -> str:
        return reverse("members:detail", args=[item])


class Meetings(Sitemap):
    def items(self):
        # What an anonymous visitor may see: public meetings that are not drafts.
        return meeting_selectors.visible_meetings(AnonymousUser()).only("pk").order_by("pk")


class TrainingSessions(Sitemap):
    def items(self):
        return training_selectors.sessions_for_calendar().only("pk")


class Reports(Sitemap):
    def items(self) -> list[int]:
        return sorted({version.report.year for version in report_selectors.published_versions()})

    def location(self, item: int) -> str:
        return reverse("reports:detail", args=[item])


SITEMAPS = {
    "pagine": StaticPages,
    "organizzazioni": Organisations,
    "incontri": Meetings,
    "formazione": TrainingSessions,
    "relazioni": Reports,
}
