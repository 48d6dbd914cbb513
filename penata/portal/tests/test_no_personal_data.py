"""Walk every public portal page on a seeded data set and assert no person's data appears.

The crawl starts at the portal home and every URL of the ``portal`` namespace (parameters filled
from the data), follows every link under ``/portal/`` it finds (public pages only: the officers'
``/portal/kelola/`` pages are out of bounds to the public and refused to the anonymous crawler)
and checks each page and download for the NIP, NIK, name, e-mail and phone of every employee and
the name and contact of every complainant.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from penata.forum import demo as forum_demo
from penata.policy import demo as policy_demo
from penata.portal import demo as portal_demo
from penata.portal import services
from penata.portal.models import Complaint, IkmResponse
from penata.research import demo as research_demo
from penata.workforce import demo as workforce_demo
from penata.workforce.models import Employee

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 15)
COMPLAINANTS = [
    ("Sutrisno Wargabaru", "sutrisno.warga@contoh.test"),
    ("Maria Pelapor", "081377788899"),
]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "action") and value:
                self.links.append(value)


def _body(resp: object) -> str:
    streaming = getattr(resp, "streaming", False)
    data = b"".join(resp.streaming_content) if streaming else resp.content  # type: ignore[attr-defined]
    if data.startswith(b"PK"):  # an XLSX: read the XML inside
        import io
        import zipfile

        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return data.decode("utf-8", errors="replace")


def _namespace_urls(unit_id: int) -> list[str]:
    """Every public URL of the portal namespace, parameters filled from the data."""
    _prefix, portal = get_resolver().namespace_dict["portal"]
    urls = []
    for p in portal.url_patterns:
        route = str(p.pattern)
        if route.startswith("kelola/"):
            continue
        if "<slug:key>" in route:
            urls += [
                reverse(f"portal:{p.name}", kwargs={"key": k})
                for k in ("indikator", "praktik-baik")
            ]
        elif "<int:unit_id>" in route:
            urls.append(reverse(f"portal:{p.name}", kwargs={"unit_id": unit_id}))
        else:
            urls.append(reverse(f"portal:{p.name}"))
    urls += [
        reverse("portal:indicators_export") + "?format=xlsx",
        reverse("portal:ikm_export", kwargs={"unit_id": unit_id}) + "?format=pdf",
    ]
    return urls


@pytest.fixture
def seeded() -> None:
    workforce_demo.seed_demo(employees=150, seed=11, today=TODAY)
    forum_demo.seed_forum(seed=11, today=TODAY)
    portal_demo.seed_portal(seed=11, today=TODAY)
    # the sections other apps register: an open consultation and published research outputs
    policy_demo.seed_policy(seed=11, today=TODAY)
    research_demo.seed_research(seed=11, today=TODAY)
    unit = IkmResponse.objects.values_list("org_unit_id", flat=True).first()
    for i, (name, contact) in enumerate(COMPLAINANTS):
        services.complaint_submit(
            org_unit_id=unit,
            kind="pengaduan",
            subject="Aduan dengan data pelapor",
            body="Isi aduan yang cukup panjang untuk lolos pemeriksaan.",
            reporter_name=name,
            reporter_contact=contact,
            ip=f"10.5.0.{i}",
        )


def _needles() -> list[str]:
    out: list[str] = []
    for nip, nik, name, email, phone in Employee.objects.values_list(
        "nip", "nik", "name", "email", "phone"
    ):
        out += [nip, name]
        out += [v for v in (nik, email, phone) if v]
    for name, contact in COMPLAINANTS:
        out += [name, contact]
    for name, contact in Complaint.objects.exclude(reporter_name="").values_list(
        "reporter_name", "reporter_contact"
    ):
        out += [name, contact]
    return [n for n in out if n and len(n) >= 6]


def test_no_personal_data_on_any_portal_page(seeded: None) -> None:
    unit_id = IkmResponse.objects.values_list("org_unit_id", flat=True).first()
    assert unit_id
    code = Complaint.objects.filter(reporter_name__startswith="Sutrisno").get().tracking_code
    client = Client()
    start = [reverse("portal:home"), *_namespace_urls(unit_id)]
    start.append(reverse("portal:complaint_track") + f"?kode={code}")
    needles = _needles()
    assert len(needles) > 300
    pattern = re.compile("|".join(re.escape(n) for n in sorted(needles, key=len, reverse=True)))
    seen: set[str] = set()
    queue = deque(start)
    pages = 0
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        resp = client.get(url)
        assert resp.status_code < 500, url
        if resp.status_code in (301, 302):
            queue.append(resp["Location"])
            continue
        body = _body(resp)
        found = pattern.search(body)
        assert found is None, f"{url} shows personal data: {found.group(0) if found else ''}"
        pages += 1
        if "html" not in resp.get("Content-Type", ""):
            continue
        parser = _Links()
        parser.feed(body)
        for link in parser.links:
            absolute = urljoin(url, link)
            parts = urlsplit(absolute)
            if parts.netloc or not parts.path.startswith("/portal/"):
                continue
            if parts.path.startswith("/portal/kelola/"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen and len(seen) < 400:
                queue.append(target)
    # Home, sections, indicators + downloads, complaint form/track, IKM list/unit/exports…
    assert pages >= 20, sorted(seen)
    # Control: the same search does find the complainant on the officers' page.
    from penata.core.models import User

    officer = Client()
    officer.force_login(User.objects.get(username="bkpp"))
    pk = Complaint.objects.get(tracking_code=code).pk
    staff_page = _body(officer.get(reverse("portal:manage_complaint", args=[pk])))
    assert pattern.search(staff_page) is not None
