"""The write API of the SKP: submit, rate, objection, finalise an OPD (through the services)."""

from __future__ import annotations

from typing import Any

from django.test import Client

from penata.core.models import AuditEvent, User
from penata.core.services import api_token_create
from penata.performance import services
from penata.performance.models import Appraisal
from penata.performance.tests.conftest import ALL_ATAS, ALL_SESUAI, Org, submitted


def post(user: User, path: str, body: dict[str, Any] | None = None) -> Any:
    _t, raw = api_token_create(user=user, name="uji")
    return Client().post(
        f"/api/v1/performance/{path}",
        data=body or {},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )


def rate_body(version: int, hasil: str = "sesuai", behaviours: dict[str, str] | None = None) -> Any:
    return {"hasil_kerja": hasil, "behaviours": behaviours or ALL_SESUAI, "version": version}


def test_full_rating_flow(org: Org) -> None:
    user, emp = org.u_staff[0], org.staff[0]
    draft = services.appraisal_start(actor=user, period=org.period, employee=emp)
    services.planned_result_add(
        actor=user, appraisal=draft, description="Laporan", indicator="Jumlah", target="12"
    )

    resp = post(user, f"appraisals/{draft.pk}/submit")
    assert resp.status_code == 200, resp.json()
    body = resp.json()
    assert body["status"] == "submitted" and len(body["results"]) == 1
    version = body["version"]

    resp = post(org.u_kabid, f"appraisals/{draft.pk}/rate", rate_body(version, "di_atas", ALL_ATAS))
    assert resp.status_code == 200, resp.json()
    body = resp.json()
    assert (body["status"], body["predikat"], body["version"]) == (
        "rated",
        "sangat_baik",
        version + 1,
    )
    assert len(body["behaviours"]) == 7
    assert AuditEvent.objects.filter(action="appraisal.rate").count() == 1

    # The same page version sent again: refused, nothing overwritten.
    resp = post(org.u_kabid, f"appraisals/{draft.pk}/rate", rate_body(version))
    assert resp.status_code == 409
    assert resp.json()["code"] == "stale_version"
    assert "Muat ulang halaman" in resp.json()["message"]
    assert Appraisal.objects.get(pk=draft.pk).predikat == "sangat_baik"

    # Submitting again is an illegal transition.
    resp = post(user, f"appraisals/{draft.pk}/submit")
    assert resp.status_code == 409 and resp.json()["code"] == "illegal_transition"

    # One Sangat Baik of one in a "Baik" OPD: nobody Butuh Perbaikan/Kurang → curve broken.
    opd = Appraisal.objects.get(pk=draft.pk).opd
    assert opd is not None
    services.unit_predikat_set(actor=org.u_bkpp, period=org.period, opd=opd, predikat="baik")
    resp = post(org.u_bkpp, f"periods/{org.period.pk}/opds/{opd.pk}/finalise")
    assert resp.status_code == 409
    assert resp.json()["code"] == "curve_violated"
    assert "melanggar kurva" in resp.json()["message"]
    assert "paling sedikit satu orang Butuh Perbaikan" in resp.json()["message"]
    assert not Appraisal.objects.filter(status="final").exists()
    # ...and only BKPP may try.
    assert post(org.u_kabid, f"periods/{org.period.pk}/opds/{opd.pk}/finalise").status_code == 403


def test_finalise_through_the_api(org: Org) -> None:
    a = submitted(org)
    opd = Appraisal.objects.get(pk=a.pk).opd
    assert opd is not None
    services.appraisal_rate(
        actor=org.u_kabid, appraisal=a, hasil_kerja="di_atas", behaviours=ALL_ATAS, version=2
    )
    services.unit_predikat_set(actor=org.u_bkpp, period=org.period, opd=opd, predikat="istimewa")
    resp = post(org.u_bkpp, f"periods/{org.period.pk}/opds/{opd.pk}/finalise")
    assert resp.status_code == 409 and resp.json()["code"] == "curve_violated"  # 1 of 1 SB > 70%
    services.appraisal_rate(
        actor=org.u_kabid, appraisal=a, hasil_kerja="sesuai", behaviours=ALL_SESUAI, version=3
    )
    resp = post(org.u_bkpp, f"periods/{org.period.pk}/opds/{opd.pk}/finalise")
    assert resp.status_code == 200, resp.json()
    assert resp.json() == {"period_id": org.period.pk, "opd_id": opd.pk, "finalised": 1}
    assert post(org.u_bkpp, f"periods/999999/opds/{opd.pk}/finalise").status_code == 404


def test_only_the_appraiser_rates(org: Org) -> None:
    a = submitted(org)
    path = f"appraisals/{a.pk}/rate"
    # the owner (no rating capability), BKPP (sees every SKP, rates none), another employee
    for user in (org.u_staff[0], org.u_bkpp, org.u_staff[1]):
        resp = post(user, path, rate_body(2))
        assert resp.status_code == 403, (user, resp.json())
        assert resp.json()["code"] == "forbidden"
    # a supervisor who is not this SKP's appraiser does not even see it
    assert post(org.u_kadis, path, rate_body(2)).status_code == 404
    assert Appraisal.objects.get(pk=a.pk).status == "submitted"
    assert post(org.u_kabid, path, rate_body(2)).status_code == 200
    # an incomplete rating is a validation error, not a server error
    resp = post(org.u_kabid, path, {"hasil_kerja": "sesuai", "behaviours": {}, "version": 3})
    assert resp.status_code == 422 and resp.json()["code"] == "validation_error"


def test_objection_and_submit_are_the_owners(org: Org) -> None:
    a = submitted(org)
    services.appraisal_rate(
        actor=org.u_kabid, appraisal=a, hasil_kerja="sesuai", behaviours=ALL_SESUAI, version=2
    )
    path = f"appraisals/{a.pk}/objection"
    assert post(org.u_staff[1], path, {"reason": "Tidak adil"}).status_code == 404
    assert post(org.u_kabid, path, {"reason": "Tidak adil"}).status_code == 403
    assert post(org.u_staff[0], path, {"reason": "   "}).status_code == 422
    resp = post(org.u_staff[0], path, {"reason": "Realisasi saya melebihi target."})
    assert resp.status_code == 200, resp.json()
    assert resp.json()["status"] == "objected"
    resp = post(org.u_staff[0], path, {"reason": "Lagi."})
    assert resp.status_code == 409 and resp.json()["code"] == "illegal_transition"
