"""The SKP workflow: who may do what, from which state, and what the audit log keeps."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections
from django.utils import timezone

from penata.core.models import AuditEvent
from penata.performance import services
from penata.performance.models import Appraisal, AppraiserOverride, Objection
from penata.performance.selectors import appraisals_visible_to, appraisers_for
from penata.performance.services import TransitionError
from penata.performance.tests.conftest import ALL_ATAS, ALL_SESUAI, Org, build_org, submitted
from penata.workforce.models import Employee, PositionKind
from penata.workforce.tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory

pytestmark = pytest.mark.django_db


def _rate(
    org: Org, a: Appraisal, hasil: str = "sesuai", beh: dict[str, str] | None = None
) -> Appraisal:
    a.refresh_from_db()
    return services.appraisal_rate(
        actor=org.u_kabid,
        appraisal=a,
        hasil_kerja=hasil,
        behaviours=beh or ALL_SESUAI,
        version=a.version,
    )


# --- appraiser derivation --------------------------------------------------------------------


def test_appraiser_is_the_unit_head_or_the_nearest_ancestor_head(org: Org) -> None:
    emps = Employee.objects.select_related("org_unit").filter(
        pk__in=[org.kadis.pk, org.kabid.pk, *[e.pk for e in org.staff]]
    )
    result = appraisers_for(emps, org.period)
    assert result[org.staff[0].pk] == org.kabid.pk
    assert result[org.kabid.pk] == org.kadis.pk  # the head of the bidang goes up a level
    assert result[org.kadis.pk] is None  # nobody above in this tree


def test_unit_without_head_goes_to_the_ancestor(org: Org) -> None:
    seksi = OrgUnitFactory(parent=org.bidang, kind="seksi")
    emp = EmployeeFactory(org_unit=seksi)
    assert appraisers_for([emp])[emp.pk] == org.kabid.pk
    # A pengawas head of the seksi takes over.
    head = EmployeeFactory(
        org_unit=seksi, position=PositionFactory(org_unit=seksi, kind=PositionKind.PENGAWAS)
    )
    assert appraisers_for([emp])[emp.pk] == head.pk


def test_overrides_win_period_before_global(org: Org) -> None:
    emp = org.staff[0]
    AppraiserOverride.objects.create(employee=emp, appraiser=org.kadis, reason="plt")
    assert appraisers_for([emp], org.period)[emp.pk] == org.kadis.pk
    other = org.staff[1]
    AppraiserOverride.objects.create(period=org.period, employee=emp, appraiser=other, reason="x")
    assert appraisers_for([emp], org.period)[emp.pk] == other.pk


def test_derivation_is_set_based(org: Org, django_assert_max_num_queries: Any) -> None:
    for _ in range(20):
        EmployeeFactory(org_unit=org.bidang)
    emps = list(Employee.objects.select_related("org_unit"))
    with django_assert_max_num_queries(2):
        appraisers_for(emps, org.period)


# --- the workflow ------------------------------------------------------------------------------


def test_full_workflow_is_audited(org: Org) -> None:
    a = submitted(org)
    assert a.status == Appraisal.Status.SUBMITTED and a.appraiser_id == org.kabid.pk
    a = _rate(org, a, "di_atas", ALL_ATAS)
    assert (a.status, a.perilaku, a.predikat) == ("rated", "di_atas", "sangat_baik")
    assert a.behaviours.count() == 7
    event = AuditEvent.objects.filter(action="appraisal.rate").get()
    assert event.before["status"] == "submitted"
    assert event.after["predikat"] == "sangat_baik"
    assert event.after["behaviours"]["loyal"] == "di_atas"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "appraisal.start",
        "planned_result.add",
        "appraisal.submit",
        "appraisal.rate",
    } <= actions


def test_only_the_appraiser_rates(org: Org) -> None:
    a = submitted(org)
    for actor in (org.u_kadis, org.u_staff[0], org.u_staff[1], org.u_bkpp):
        with pytest.raises(PermissionDenied):
            services.appraisal_rate(
                actor=actor,
                appraisal=a,
                hasil_kerja="sesuai",
                behaviours=ALL_SESUAI,
                version=a.version,
            )
    a.refresh_from_db()
    assert a.status == "submitted" and a.predikat == ""


def test_submitted_skp_cannot_be_edited_by_the_employee(org: Org) -> None:
    a = submitted(org)
    with pytest.raises(TransitionError) as exc:
        services.planned_result_add(
            actor=org.u_staff[0], appraisal=a, description="x", indicator="y", target="z"
        )
    assert exc.value.code == "illegal_transition"
    assert "Diajukan" in exc.value.message
    result = a.results.get()
    with pytest.raises(TransitionError):
        services.planned_result_update(actor=org.u_staff[0], result=result, realisation="10")
    with pytest.raises(TransitionError):
        services.appraisal_submit(actor=org.u_staff[0], appraisal=a)


def test_other_employee_cannot_edit(org: Org) -> None:
    a = services.appraisal_start(actor=org.u_staff[0], period=org.period, employee=org.staff[0])
    with pytest.raises(PermissionDenied):
        services.planned_result_add(
            actor=org.u_staff[1], appraisal=a, description="x", indicator="y", target="z"
        )
    with pytest.raises(PermissionDenied):
        services.appraisal_start(actor=org.u_staff[1], period=org.period, employee=org.staff[0])


def test_refused_transitions(org: Org) -> None:
    a = services.appraisal_start(actor=org.u_staff[0], period=org.period, employee=org.staff[0])
    with pytest.raises(TransitionError) as exc:
        services.appraisal_submit(actor=org.u_staff[0], appraisal=a)
    assert exc.value.code == "no_results"
    with pytest.raises(TransitionError) as exc:  # a draft cannot be rated
        services.appraisal_rate(
            actor=org.u_kabid,
            appraisal=a,
            hasil_kerja="sesuai",
            behaviours=ALL_SESUAI,
            version=a.version,
        )
    assert exc.value.code == "illegal_transition"
    with pytest.raises(TransitionError) as exc:
        services.appraisal_start(actor=org.u_staff[0], period=org.period, employee=org.staff[0])
    assert exc.value.code == "already_exists"
    with pytest.raises(TransitionError) as exc:  # a draft cannot be objected to
        services.objection_file(actor=org.u_staff[0], appraisal=a, reason="x")
    assert exc.value.code == "illegal_transition"


def test_incomplete_behaviour_is_refused(org: Org) -> None:
    a = submitted(org)
    partial = dict(ALL_SESUAI)
    partial.pop("loyal")
    with pytest.raises(ValidationError):
        services.appraisal_rate(
            actor=org.u_kabid,
            appraisal=a,
            hasil_kerja="sesuai",
            behaviours=partial,
            version=a.version,
        )


def test_stale_version_is_refused(org: Org) -> None:
    a = submitted(org)
    seen = a.version
    services.appraisal_rate(
        actor=org.u_kabid, appraisal=a, hasil_kerja="sesuai", behaviours=ALL_SESUAI, version=seen
    )
    with pytest.raises(TransitionError) as exc:
        services.appraisal_rate(
            actor=org.u_kabid,
            appraisal=a,
            hasil_kerja="di_bawah",
            behaviours=ALL_SESUAI,
            version=seen,
        )
    assert exc.value.code == "stale_version"
    a.refresh_from_db()
    assert a.hasil_kerja == "sesuai"


def test_closed_period_refuses_changes(org: Org) -> None:
    a = submitted(org)
    services.period_set_status(actor=org.u_bkpp, period=org.period, status="closed")
    a.refresh_from_db()
    with pytest.raises(TransitionError) as exc:
        services.appraisal_rate(
            actor=org.u_kabid,
            appraisal=a,
            hasil_kerja="sesuai",
            behaviours=ALL_SESUAI,
            version=a.version,
        )
    assert exc.value.code == "period_closed"
    with pytest.raises(TransitionError):
        services.period_set_status(actor=org.u_bkpp, period=org.period, status="closed")
    with pytest.raises(PermissionDenied):
        services.period_set_status(actor=org.u_kabid, period=org.period, status="open")


# --- objections --------------------------------------------------------------------------------


def test_objection_goes_to_the_appraisers_superior(org: Org) -> None:
    a = _rate(org, submitted(org), "di_bawah")
    objection = services.objection_file(actor=org.u_staff[0], appraisal=a, reason="Target tercapai")
    assert objection.decider_id == org.kadis.pk
    a.refresh_from_db()
    assert a.status == "objected"
    with pytest.raises(PermissionDenied):  # the appraiser does not decide their own rating
        services.objection_decide(actor=org.u_kabid, objection=objection, decision="rejected")
    services.objection_decide(
        actor=org.u_kadis,
        objection=objection,
        decision="upheld",
        new_hasil_kerja="sesuai",
        new_perilaku="sesuai",
    )
    a.refresh_from_db()
    assert (a.status, a.predikat) == ("rated", "baik")
    with pytest.raises(TransitionError) as exc:
        services.objection_decide(
            actor=org.u_kadis, objection=Objection.objects.get(), decision="rejected"
        )
    assert exc.value.code == "already_decided"


def test_objection_window(org: Org) -> None:
    a = _rate(org, submitted(org))
    days = org.period.objection_days
    assert a.rated_at is not None
    with pytest.raises(TransitionError) as exc:
        services.objection_file(
            actor=org.u_staff[0],
            appraisal=a,
            reason="x",
            now=a.rated_at + dt.timedelta(days=days, seconds=1),
        )
    assert exc.value.code == "objection_window_closed"
    services.objection_file(
        actor=org.u_staff[0], appraisal=a, reason="x", now=a.rated_at + dt.timedelta(days=days)
    )
    a.refresh_from_db()
    assert a.status == "objected"


# --- finalisation and the curve ------------------------------------------------------------------


def test_finalisation_checks_the_curve(db: None) -> None:
    org = build_org(n_staff=4)
    for i in range(4):
        _rate(org, submitted(org, i), "sesuai")  # four Baik
    with pytest.raises(TransitionError) as exc:
        services.appraisals_finalise_unit(actor=org.u_bkpp, period=org.period, opd=org.dinas)
    assert exc.value.code == "no_unit_predikat"
    services.unit_predikat_set(actor=org.u_bkpp, period=org.period, opd=org.dinas, predikat="baik")
    with pytest.raises(TransitionError) as exc:
        services.appraisals_finalise_unit(actor=org.u_bkpp, period=org.period, opd=org.dinas)
    assert exc.value.code == "curve_violated"
    # 4 of 4 Baik: at most 70% (2 people allowed) → 2 too many; and nobody Butuh Perbaikan/Kurang.
    assert (
        "paling banyak 70% Baik" in exc.value.message and "kelebihan 2 orang" in exc.value.message
    )
    assert "paling sedikit satu orang Butuh Perbaikan atau Kurang/Misconduct" in exc.value.message
    assert not Appraisal.objects.filter(status="final").exists()
    # Re-rate to a spread that keeps to the curve: 2 Baik, 1 Sangat Baik, 1 Butuh Perbaikan.
    a0, a1 = Appraisal.objects.filter(employee__in=org.staff[:2]).order_by("employee__name")
    _rate(org, a0, "di_atas", ALL_ATAS)
    _rate(org, a1, "di_bawah")
    n = services.appraisals_finalise_unit(actor=org.u_bkpp, period=org.period, opd=org.dinas)
    assert n == 4
    assert (
        AuditEvent.objects.filter(action="appraisal.finalise_unit").get().after["counts"]["baik"]
        == 2
    )


def test_finalisation_waits_for_pending(org: Org) -> None:
    submitted(org)
    services.unit_predikat_set(
        actor=org.u_bkpp, period=org.period, opd=org.dinas, predikat="istimewa"
    )
    with pytest.raises(TransitionError) as exc:
        services.appraisals_finalise_unit(actor=org.u_bkpp, period=org.period, opd=org.dinas)
    assert exc.value.code == "unit_not_ready"
    with pytest.raises(PermissionDenied):
        services.appraisals_finalise_unit(actor=org.u_kabid, period=org.period, opd=org.dinas)


# --- scoping -----------------------------------------------------------------------------------


def test_appraisal_scope(org: Org) -> None:
    a0 = submitted(org, 0)
    a1 = submitted(org, 1)
    assert set(appraisals_visible_to(org.u_staff[0])) == {a0}
    assert set(appraisals_visible_to(org.u_kabid)) == {a0, a1}
    assert set(appraisals_visible_to(org.u_kadis)) == set()
    assert set(appraisals_visible_to(org.u_bkpp)) == {a0, a1}


# --- concurrency -------------------------------------------------------------------------------


def _in_threads(*jobs: Any) -> list[Any]:
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(i: int, job: Any) -> None:
        try:
            barrier.wait()
            results[i] = job()
        except Exception as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, j)) for i, j in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_supervisors_rating_at_once_both_survive() -> None:
    org = build_org(n_staff=1)
    # A second bidang with its own head and staff member.
    bidang2 = OrgUnitFactory(parent=org.dinas)
    head2 = EmployeeFactory(
        org_unit=bidang2, position=PositionFactory(org_unit=bidang2, kind=PositionKind.PENGAWAS)
    )
    staff2 = EmployeeFactory(org_unit=bidang2)
    from penata.core.roles import Role
    from penata.core.tests.factories import UserFactory

    u_head2 = UserFactory(role=Role.SUPERVISOR, employee=head2)
    u_staff2 = UserFactory(role=Role.EMPLOYEE, employee=staff2)
    a1 = submitted(org, 0)
    a2 = services.appraisal_start(actor=u_staff2, period=org.period, employee=staff2)
    services.planned_result_add(
        actor=u_staff2, appraisal=a2, description="d", indicator="i", target="t"
    )
    a2 = services.appraisal_submit(actor=u_staff2, appraisal=a2)
    results = _in_threads(
        lambda: services.appraisal_rate(
            actor=org.u_kabid,
            appraisal=a1,
            hasil_kerja="di_atas",
            behaviours=ALL_ATAS,
            version=a1.version,
        ),
        lambda: services.appraisal_rate(
            actor=u_head2,
            appraisal=a2,
            hasil_kerja="di_bawah",
            behaviours=ALL_SESUAI,
            version=a2.version,
        ),
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    a1.refresh_from_db()
    a2.refresh_from_db()
    assert (a1.status, a1.predikat) == ("rated", "sangat_baik")
    assert (a2.status, a2.predikat) == ("rated", "butuh_perbaikan")
    assert AuditEvent.objects.filter(action="appraisal.rate").count() == 2


@pytest.mark.django_db(transaction=True)
def test_same_appraisal_rated_twice_at_once_one_gets_a_conflict() -> None:
    org = build_org(n_staff=1)
    a = submitted(org, 0)
    seen = a.version
    results = _in_threads(
        lambda: services.appraisal_rate(
            actor=org.u_kabid, appraisal=a, hasil_kerja="di_atas", behaviours=ALL_ATAS, version=seen
        ),
        lambda: services.appraisal_rate(
            actor=org.u_kabid,
            appraisal=a,
            hasil_kerja="di_bawah",
            behaviours=ALL_SESUAI,
            version=seen,
        ),
    )
    ok = [r for r in results if isinstance(r, Appraisal)]
    refused = [r for r in results if isinstance(r, TransitionError)]
    assert len(ok) == 1 and len(refused) == 1, results
    assert refused[0].code == "stale_version"
    a.refresh_from_db()
    assert a.predikat == ok[0].predikat and a.version == seen + 1


def test_rated_at_is_set(org: Org) -> None:
    a = _rate(org, submitted(org))
    assert a.rated_at is not None and a.rated_at <= timezone.now()


def test_override_service_is_audited_and_used(org: Org) -> None:
    emp = org.staff[0]
    with pytest.raises(PermissionDenied):
        services.appraiser_override_set(
            actor=org.u_kabid, employee=emp, appraiser=org.kadis, reason="plt"
        )
    services.appraiser_override_set(
        actor=org.u_bkpp, employee=emp, appraiser=org.kadis, reason="kabid cuti"
    )
    services.appraiser_override_set(
        actor=org.u_bkpp, employee=emp, appraiser=org.kadis, reason="kabid cuti panjang"
    )
    assert AppraiserOverride.objects.count() == 1
    a = services.appraisal_start(actor=org.u_staff[0], period=org.period, employee=emp)
    assert a.appraiser_id == org.kadis.pk
    assert AuditEvent.objects.filter(action="appraiser_override.set").count() == 2
    services.appraiser_override_delete(actor=org.u_bkpp, override=AppraiserOverride.objects.get())
    assert not AppraiserOverride.objects.exists()
