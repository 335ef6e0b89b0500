"""The public open-data CSV never carries a formula into a spreadsheet."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from reports.services import report_publish
from tests.factories import AnnualReportFactory, OrganisationFactory


@pytest.mark.django_db
def test_organisation_names_that_look_like_formulas_stay_text(history, staff, client):
    OrganisationFactory(name='=HYPERLINK("http://evil.example","Clic")', joined_on=dt.date(2023, 2, 1))
    OrganisationFactory(name="@SUM(1+1)", joined_on=dt.date(2023, 2, 1))
    OrganisationFactory(name="-Meno ODV", joined_on=dt.date(2023, 2, 1))
    report_publish(report=AnnualReportFactory(year=2024), by=staff, note="")  # PDF not needed here

    response = client.get("/relazioni/2024/versioni/1/organizzazioni.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[0][:3] == ["anno", "versione", "organizzazione"]
    names = {row[2] for row in rows[1:]}
    assert names == {
        '\'=HYPERLINK("http://evil.example","Clic")',
        "'@SUM(1+1)",
        "'-Meno ODV",
        "Pineta ODV",
        "Scuola Deledda",
    }
    # Numbers stay numbers: year and version are not quoted.
    assert {(row[0], row[1]) for row in rows[1:]} == {("2024", "1")}
