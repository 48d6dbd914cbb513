"""ABK run, proposals and their approval through the registry, import, scoping."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from penata.core.models import AuditEvent
from penata.planning import selectors, services
from penata.planning.imports import abk_import
from penata.planning.models import JobProfile, JobTask, Move, ProposalStatus
from penata.planning.tests.factories import JobTaskFactory
from penata.workforce.models import Employee, PositionHistory
from penata.workforce.tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(users: dict[str, Any]) -> dict[str, Any]:
    """Two OPDs. Dinas A: 'Pengadministrasi' with 3 in post, work for 1 (surplus 2).
    Dinas B: 'Pengolah Data' with 0 in post, work for 2 (shortage 2), same family."""
    a = OrgUnitFactory(code="dinas-a", name="Dinas A")
    b = OrgUnitFactory(code="dinas-b", name="Dinas B")
    src = PositionFactory(name="Pengadministrasi", org_unit=a, family="umum", formasi=3)
    dst = PositionFactory(name="Pengolah Data", org_unit=b, family="umum", formasi=2)
    JobTaskFactory(position=src, volume=Decimal("1000"), minutes=Decimal("75"))
    JobTaskFactory(position=dst, volume=Decimal("2000"), minutes=Decimal("75"))
    people = [EmployeeFactory(org_unit=a, position=src) for _ in range(3)]
    for p in people:
        Employee.objects.filter(pk=p.pk).update(retirement_date=dt.date(2060, 1, 1))
    return {"a": a, "b": b, "src": src, "dst": dst, "people": people, "users": users}


def test_analysis_numbers(city: dict[str, Any]) -> None:
    run = services.analysis_compute(actor=city["users"]["bkpp"])
    loads = {x.position_id: x for x in run.loads.all()}
    src, dst = loads[city["src"].pk], loads[city["dst"].pk]
    assert (src.workload_minutes, src.needed, src.in_post) == (75_000, 1, 3)
    assert src.efficiency == pytest.approx(1 / 3) and src.band == "E"
    assert (dst.needed, dst.in_post, dst.efficiency, dst.band) == (2, 0, None, "")
    assert run.needed == 3 and run.in_post == 3
    t = selectors.totals(run.loads.all())
    assert (t["surplus"], t["shortage"]) == (2, 2)
    assert AuditEvent.objects.filter(action="planning.analysis").count() == 1


def test_effective_time_is_a_setting(city: dict[str, Any]) -> None:
    conf = services.planning_settings()
    conf.effective_minutes = 37_500
    conf.save()
    run = services.analysis_compute(actor=None)
    assert run.loads.get(position=city["src"]).needed == 2


def test_proposal_approve_moves_once_and_audits(city: dict[str, Any]) -> None:
    bkpp = city["users"]["bkpp"]
    services.analysis_compute(actor=bkpp)
    proposal = services.proposal_generate(actor=bkpp, title="Uji")
    moves = list(proposal.moves.all())
    assert len(moves) == 2 and proposal.stats["optimal"]["covered"] == 2
    assert all(m.to_position_id == city["dst"].pk for m in moves)
    assert any("rumpun jabatan sama" in r for r in moves[0].reasons)
    history_before = PositionHistory.objects.count()
    services.proposal_approve(actor=bkpp, proposal=proposal, version=proposal.version)
    moved = Employee.objects.filter(position=city["dst"])
    assert moved.count() == 2 and all(e.org_unit_id == city["b"].pk for e in moved)
    assert PositionHistory.objects.count() == history_before + 2
    assert AuditEvent.objects.filter(action="employee.transfer").count() == 2
    assert AuditEvent.objects.filter(action="planning.proposal_approve").count() == 1
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPLIED
    assert Move.objects.filter(proposal=proposal, applied_at__isnull=False).count() == 2
    with pytest.raises(services.PlanningError):
        services.proposal_approve(actor=bkpp, proposal=proposal)
    assert AuditEvent.objects.filter(action="employee.transfer").count() == 2
    assert PositionHistory.objects.count() == history_before + 2


def test_excluded_move_is_not_applied_and_stale_version_refused(city: dict[str, Any]) -> None:
    bkpp = city["users"]["bkpp"]
    services.analysis_compute(actor=bkpp)
    proposal = services.proposal_generate(actor=bkpp, title="Uji")
    move = proposal.moves.first()
    assert move is not None
    services.move_set_excluded(actor=bkpp, move=move, excluded=True, version=1)
    with pytest.raises(services.PlanningError, match="diubah orang lain"):
        services.proposal_approve(actor=bkpp, proposal=proposal, version=1)
    services.proposal_approve(actor=bkpp, proposal=proposal, version=2)
    assert Employee.objects.filter(position=city["dst"]).count() == 1
    assert Employee.objects.get(pk=move.employee_id).position_id == city["src"].pk


def test_retarget_refuses_unqualified(city: dict[str, Any]) -> None:
    bkpp = city["users"]["bkpp"]
    services.analysis_compute(actor=bkpp)
    proposal = services.proposal_generate(actor=bkpp, title="Uji")
    move = proposal.moves.first()
    assert move is not None
    other = PositionFactory(name="Dokter", org_unit=city["b"], family="medis", kind="fungsional")
    with pytest.raises(services.PlanningError, match="tidak memenuhi syarat"):
        services.move_retarget(actor=bkpp, move=move, to_position=other)
    ok = PositionFactory(name="Arsiparis", org_unit=city["b"], family="umum")
    services.move_retarget(actor=bkpp, move=move, to_position=ok)
    move.refresh_from_db()
    assert move.to_position_id == ok.pk and move.reasons[0] == "diubah peninjau"


def test_rank_requirement_blocks_move(city: dict[str, Any]) -> None:
    from penata.workforce.tests.factories import pns_rank

    JobProfile.objects.create(position=city["dst"], min_rank=pns_rank("III/c"))
    services.analysis_compute(actor=None)
    proposal = services.proposal_generate(actor=None, title="Uji")
    assert proposal.moves.count() == 0  # everyone is III/a


def test_no_run_refused(db: None) -> None:
    with pytest.raises(services.PlanningError, match="Hitung ABK dulu"):
        services.proposal_generate(actor=None, title="x")


def test_operator_sees_own_opd_only(city: dict[str, Any]) -> None:
    op = city["users"]["opd_operator"]
    op.org_unit = city["a"]
    op.save()
    run = services.analysis_compute(actor=None)
    assert set(selectors.loads_visible_to(op, run).values_list("opd_id", flat=True)) == {
        city["a"].pk
    }
    assert selectors.loads_visible_to(city["users"]["policy_team"], run).count() == 2
    assert selectors.loads_visible_to(city["users"]["employee"], run).count() == 0
    assert not selectors.proposals_visible_to(op).exists()


def test_cost_and_projection(city: dict[str, Any]) -> None:
    run = services.analysis_compute(actor=None)
    cost = selectors.cost_summary()
    assert cost["is_demo"] and cost["asn_cost"] > 0 and cost["cap_percent"] == 30.0
    p = selectors.retirement_projection(city["users"]["bkpp"], run, today=dt.date(2026, 1, 1))
    assert p["years"] == [2027, 2028, 2029, 2030, 2031] and p["total"] == [2] * 5


def _csv(rows: list[str]) -> bytes:
    head = "kode_unit;jabatan;jenjang;uraian_tugas;satuan_hasil;volume;norma_waktu"
    return "\n".join([head, *rows]).encode()


def test_import_all_or_nothing(city: dict[str, Any]) -> None:
    data = _csv(
        [
            "dinas-a;Pengadministrasi;;Mengarsip surat;berkas;500;10",
            "dinas-a;Tidak Ada;;X;berkas;5;10",
            "dinas-b;Pengolah Data;;Entri data;rekaman;abc;10",
            "dinas-b;Pengolah Data;;Entri data 2;rekaman;5;0",
        ]
    )
    before = JobTask.objects.count()
    report = abk_import(actor=None, data=data, filename="abk.csv")
    assert report.rejected == 3 and not report.written
    assert JobTask.objects.count() == before
    msgs = {e.code: e for e in report.errors}
    assert msgs["position_unknown"].row == 3 and "Tidak Ada" in msgs["position_unknown"].message
    assert msgs["volume_invalid"].column == "volume"
    assert msgs["minutes_invalid"].column == "norma_waktu"
    ok = abk_import(
        actor=None,
        data=_csv(["dinas-a;Pengadministrasi;;Mengarsip surat;berkas;500;10"]),
        filename="abk.csv",
    )
    assert ok.written and ok.created == 1
    again = abk_import(
        actor=None,
        data=_csv(["dinas-a;Pengadministrasi;;Mengarsip surat;berkas;600;10"]),
        filename="abk.csv",
    )
    assert again.updated == 1
    assert JobTask.objects.get(name="Mengarsip surat").volume == 600
    assert AuditEvent.objects.filter(action="planning.abk_import").count() == 2
