"""Pages and API: who sees what, and the rating flow through the web."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from penata.core.services import api_token_create
from penata.performance import services
from penata.performance.models import Appraisal
from penata.performance.tests.conftest import ALL_ATAS, Org, build_org, submitted
from penata.workforce.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _rating_post(a: Appraisal, hasil: str = "di_atas", rating: str = "di_atas") -> dict[str, Any]:
    data = {"version": a.version, "hasil_kerja": hasil, "note": ""}
    data.update({f"b_{k}": rating for k in ALL_ATAS})
    return data


def test_my_skp_flow(org: Org) -> None:
    c = _client(org.u_staff[0])
    url = reverse("performance:my_skp")
    assert c.get(url).status_code == 200
    c.post(url, {"action": "start", "periode": org.period.pk})
    a = Appraisal.objects.get(employee=org.staff[0])
    c.post(
        url,
        {
            "action": "add_result",
            "periode": org.period.pk,
            "description": "Laporan",
            "indicator": "Jumlah",
            "target": "12",
        },
    )
    assert a.results.count() == 1
    result = a.results.get()
    c.post(
        url,
        {
            "action": "realise",
            "periode": org.period.pk,
            "result": result.pk,
            "realisation": "12",
            "evidence": "https://contoh.go.id/bukti",
        },
    )
    result.refresh_from_db()
    assert result.realisation == "12"
    c.post(url, {"action": "submit", "periode": org.period.pk})
    a.refresh_from_db()
    assert a.status == "submitted"
    # Submitted: the employee's edit is refused with a clear message.
    resp = c.post(
        url,
        {
            "action": "add_result",
            "periode": org.period.pk,
            "description": "x",
            "indicator": "y",
            "target": "z",
        },
        follow=True,
    )
    assert "tidak dapat diubah pegawai" in resp.content.decode()
    assert a.results.count() == 1


def test_team_and_rate_by_the_appraiser(org: Org) -> None:
    a = submitted(org)
    c = _client(org.u_kabid)
    resp = c.get(reverse("performance:team"))
    assert org.staff[0].nip in resp.content.decode()
    assert 'data-testid="curve-panel"' in resp.content.decode()
    resp = c.get(reverse("performance:rate", args=[a.pk]))
    assert resp.status_code == 200 and 'id="performance-matrix"' in resp.content.decode()
    resp = c.post(reverse("performance:rate", args=[a.pk]), _rating_post(a), follow=True)
    assert "Sangat Baik" in resp.content.decode()
    a.refresh_from_db()
    assert a.predikat == "sangat_baik"
    # A stale form is refused with the conflict message.
    resp = c.post(
        reverse("performance:rate", args=[a.pk]), {**_rating_post(a), "version": 1}, follow=True
    )
    assert "baru saja diubah orang lain" in resp.content.decode()


def test_rate_page_refused_to_other_supervisors(org: Org) -> None:
    a = submitted(org)
    resp = _client(org.u_kadis).get(reverse("performance:rate", args=[a.pk]))
    assert resp.status_code == 404  # not in their scope at all
    resp = _client(org.u_bkpp).post(reverse("performance:rate", args=[a.pk]), _rating_post(a))
    assert resp.status_code == 403  # BKPP sees every SKP but only the appraiser rates
    a.refresh_from_db()
    assert a.status == "submitted"


def test_objection_page_for_the_superior_only(org: Org) -> None:
    a = submitted(org)
    a = services.appraisal_rate(
        actor=org.u_kabid,
        appraisal=a,
        hasil_kerja="di_bawah",
        behaviours=ALL_ATAS,
        version=a.version,
    )
    objection = services.objection_file(actor=org.u_staff[0], appraisal=a, reason="tidak adil")
    url = reverse("performance:objection_decide", args=[objection.pk])
    assert _client(org.u_kabid).get(url).status_code == 403
    c = _client(org.u_kadis)
    assert c.get(url).status_code == 200
    c.post(url, {"decision": "rejected", "note": "tetap"})
    a.refresh_from_db()
    assert a.status == "rated"


def test_distribution_and_finalisation(org: Org) -> None:
    for i in range(2):
        a = submitted(org, i)
        services.appraisal_rate(
            actor=org.u_kabid,
            appraisal=a,
            hasil_kerja="sesuai",
            behaviours=ALL_ATAS,
            version=a.version,
        )
    c = _client(org.u_bkpp)
    url = reverse("performance:distribution")
    resp = c.get(url)
    body = resp.content.decode()
    assert resp.status_code == 200 and org.dinas.name in body and 'id="chart-predikat"' in body
    c.post(
        url,
        {
            "periode": org.period.pk,
            "opd": org.dinas.pk,
            "action": "unit_predikat",
            "predikat": "baik",
        },
    )
    resp = c.post(
        url, {"periode": org.period.pk, "opd": org.dinas.pk, "action": "finalise"}, follow=True
    )
    assert "paling banyak 70% Baik" in resp.content.decode()
    assert not Appraisal.objects.filter(status="final").exists()
    # A policy-team member sees the page but may not finalise.
    from penata.core.roles import Role
    from penata.core.tests.factories import UserFactory

    policy = _client(UserFactory(role=Role.POLICY_TEAM))
    assert policy.get(url).status_code == 200
    assert (
        policy.post(
            url, {"periode": org.period.pk, "opd": org.dinas.pk, "action": "finalise"}
        ).status_code
        == 403
    )


def test_history_scoped(org: Org) -> None:
    a = submitted(org)
    services.appraisal_rate(
        actor=org.u_kabid, appraisal=a, hasil_kerja="sesuai", behaviours=ALL_ATAS, version=a.version
    )
    url = reverse("performance:history", args=[org.staff[0].pk])
    assert "Baik" in _client(org.u_staff[0]).get(url).content.decode()
    assert _client(org.u_kabid).get(url).status_code == 200
    assert _client(org.u_staff[1]).get(url).status_code == 404


def test_periods_admin(org: Org) -> None:
    c = _client(org.u_bkpp)
    url = reverse("performance:periods")
    c.post(url, {"action": "create", "year": 2027, "kind": "mid_year", "objection_days": 7})
    c.post(url, {"action": "close", "period": org.period.pk})
    org.period.refresh_from_db()
    assert org.period.status == "closed"
    assert "2027" in c.get(url).content.decode()


def test_api_scoping(org: Org) -> None:
    a0 = submitted(org, 0)
    submitted(org, 1)

    def get(user: Any, path: str) -> Any:
        _t, raw = api_token_create(user=user, name="uji")
        return Client().get(path, HTTP_AUTHORIZATION=f"Bearer {raw}")

    mine = get(org.u_staff[0], "/api/v1/performance/appraisals").json()
    assert [r["id"] for r in mine["items"]] == [a0.pk]
    team = get(org.u_kabid, "/api/v1/performance/appraisals?role=appraisee").json()
    assert team["count"] == 2
    assert get(org.u_staff[1], f"/api/v1/performance/appraisals/{a0.pk}").status_code == 404
    detail = get(org.u_kabid, f"/api/v1/performance/appraisals/{a0.pk}").json()
    assert len(detail["results"]) == 1
    assert (
        get(org.u_staff[1], f"/api/v1/performance/employees/{org.staff[0].pk}/predikat").status_code
        == 404
    )
    assert (
        get(org.u_staff[0], f"/api/v1/performance/employees/{org.staff[0].pk}/predikat").status_code
        == 200
    )
    periods = get(org.u_staff[0], "/api/v1/performance/periods").json()
    assert periods[0]["year"] == 2026


def test_curve_partial_scoped(org: Org) -> None:
    a = submitted(org)
    services.appraisal_rate(
        actor=org.u_kabid,
        appraisal=a,
        hasil_kerja="sesuai",
        behaviours=ALL_ATAS,
        version=a.version,
    )
    url = reverse("performance:curve", args=[org.period.pk, org.dinas.pk])
    resp = _client(org.u_kabid).get(url, HTTP_HX_REQUEST="true")
    body = resp.content.decode()
    assert resp.status_code == 200 and 'hx-trigger="every 20s"' in body
    assert 'data-testid="count-baik">1<' in body
    assert _client(org.u_kadis).get(url).status_code == 404
    assert _client(org.u_bkpp).get(url).status_code == 200


def test_override_admin(org: Org) -> None:
    from penata.core.roles import Role
    from penata.core.tests.factories import UserFactory
    from penata.performance.models import AppraiserOverride

    c = _client(UserFactory(role=Role.ADMINISTRATOR))
    assert c.get("/admin/performance/appraiseroverride/").status_code == 200
    resp = c.post(
        "/admin/performance/appraiseroverride/add/",
        {"employee": org.staff[0].pk, "appraiser": org.kadis.pk, "reason": "plt", "period": ""},
    )
    assert resp.status_code == 302, resp.content.decode()[:2000]
    assert AppraiserOverride.objects.get().appraiser_id == org.kadis.pk


def test_distribution_query_count_is_constant(org: Org, django_assert_max_num_queries: Any) -> None:
    from penata.workforce.tests.factories import EmployeeFactory, OrgUnitFactory

    for _ in range(5):
        dinas = OrgUnitFactory()
        emp = EmployeeFactory(org_unit=dinas)
        Appraisal.objects.create(period=org.period, employee=emp, org_unit=dinas, opd=dinas)
    c = _client(org.u_bkpp)
    with django_assert_max_num_queries(12):
        resp = c.get(reverse("performance:distribution"))
    assert resp.content.decode().count('data-testid="curve-panel"') == 5


def test_distribution_scope_of_an_opd_operator(org: Org) -> None:
    from penata.core.roles import Role
    from penata.core.tests.factories import UserFactory
    from penata.workforce.tests.factories import EmployeeFactory, OrgUnitFactory

    other = OrgUnitFactory(name="Dinas Lain")
    emp = EmployeeFactory(org_unit=other)
    Appraisal.objects.create(period=org.period, employee=emp, org_unit=other, opd=other)
    submitted(org)
    url = reverse("performance:distribution")
    own = _client(UserFactory(role=Role.OPD_OPERATOR, org_unit=org.bidang)).get(url)
    body = own.content.decode()
    assert org.dinas.name in body and "Dinas Lain" not in body
    unitless = _client(UserFactory(role=Role.OPD_OPERATOR)).get(url).content.decode()
    assert 'data-testid="empty-state"' in unitless


def test_team_page_is_paged_filtered_and_searchable(
    django_assert_max_num_queries: Any,
) -> None:
    """120 staff: 50 per page, a status filter with counts, search by name and NIP, and the same
    number of queries whatever the team size."""
    from penata.performance.views import TEAM_PAGE_SIZE

    org = build_org(n_staff=3)
    for i in range(3):
        submitted(org, i)
    extra = [EmployeeFactory(org_unit=org.bidang) for _ in range(117)]
    Appraisal.objects.bulk_create(
        Appraisal(
            period=org.period,
            employee=e,
            appraiser=org.kabid,
            org_unit=org.bidang,
            opd=org.dinas,
            status=Appraisal.Status.DRAFT,
        )
        for e in extra
    )
    c = _client(org.u_kabid)
    url = reverse("performance:team")
    with django_assert_max_num_queries(20):
        first = c.get(url)
    page = first.content.decode()
    assert page.count('data-testid="appraisee-') == TEAM_PAGE_SIZE
    assert "Halaman 1 dari 3 (120 baris)" in page
    assert 'data-status="submitted"' in page and 'data-status="draft"' in page
    assert 'data-testid="curve-panel"' in page
    last = c.get(url, {"periode": org.period.pk, "page": 3}).content.decode()
    assert last.count('data-testid="appraisee-') == 20
    with django_assert_max_num_queries(20):
        c.get(url, {"periode": org.period.pk, "page": 2})
    waiting = c.get(url, {"periode": org.period.pk, "status": "submitted"}).content.decode()
    assert waiting.count('data-testid="appraisee-') == 3
    assert all(f"appraisee-{e.nip}" in waiting for e in org.staff)
    target = extra[40]
    by_name = c.get(url, {"periode": org.period.pk, "q": target.name}).content.decode()
    assert f"appraisee-{target.nip}" in by_name
    by_nip = c.get(url, {"periode": org.period.pk, "q": target.nip[:14]}).content.decode()
    assert f"appraisee-{target.nip}" in by_nip
    # nonsense is harmless: an unknown status shows everyone, a page past the end the last one
    odd = c.get(url, {"periode": "9" * 30, "status": "x'; --", "page": "999", "q": "%" * 300})
    assert odd.status_code == 200
    nobody = c.get(url, {"periode": org.period.pk, "q": "zz-tidak-ada"}).content.decode()
    assert "Tidak ada SKP yang cocok" in nobody
