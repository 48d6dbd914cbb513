"""Hostile query strings on the registry pages and API: never a server error."""

from __future__ import annotations

from typing import Any

import pytest

from penata.workforce.tests.factories import EmployeeFactory

HOSTILE = [
    "'; DROP TABLE workforce_employee; --",
    "<script>alert(1)</script>",
    "%00",
    "9" * 400,
    "-1",
    "1e309",
    "\u202e\u0000",
    "../../etc/passwd",
]
PARAMS = ["q", "unit", "rank", "employment_type", "education", "position_kind", "status",
          "retirement_year", "sort", "page", "fmt", "limit", "offset"]  # fmt: skip


@pytest.mark.parametrize("value", HOSTILE)
def test_list_export_and_api_never_500(client_for: Any, users: Any, value: str) -> None:
    EmployeeFactory()
    client = client_for("bkpp")
    for param in PARAMS:
        for url in ["/pegawai/", "/pegawai/ekspor/", "/api/v1/employees", "/api/v1/org-units"]:
            resp = client.get(url, {param: value})
            assert resp.status_code < 500, (url, param, value, resp.status_code)
            if (
                url.startswith("/pegawai/")
                and resp.status_code == 200
                and "html" in resp["Content-Type"]
            ):
                assert "<script>alert(1)</script>" not in resp.content.decode()
