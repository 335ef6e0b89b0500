from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["../../etc/passwd", "<script>", "A" * 20, "%00", "abc"])
def test_lookup_of_a_malformed_code_is_a_field_error_not_a_crash(client, typed):
    response = client.get(reverse("training:certificate_lookup"), {"code": typed})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert "lettere e cifre" in response.text or "letters and digits" in response.text
