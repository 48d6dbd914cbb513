"""The dictionary edits and the standards: one position, and in bulk per position family."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from penata.core.models import AuditEvent
from penata.learning import standards
from penata.learning.models import Competency, CompetencyStandard
from penata.learning.services import LearningError
from penata.learning.tests.factories import CompetencyStandardFactory, competency
from penata.workforce.models import PositionKind
from penata.workforce.tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory

pytestmark = pytest.mark.django_db


def _levels(position: Any) -> dict[str, int]:
    return dict(
        CompetencyStandard.objects.filter(position=position).values_list(
            "competency__code", "level"
        )
    )


@pytest.fixture
def family() -> dict[str, Any]:
    a, b = OrgUnitFactory(name="Dinas A"), OrgUnitFactory(name="Dinas B")
    guru_a = [
        PositionFactory(org_unit=a, family="Guru", kind=PositionKind.FUNGSIONAL) for _ in range(3)
    ]
    guru_b = [PositionFactory(org_unit=OrgUnitFactory(parent=b), family="guru") for _ in range(2)]
    other = PositionFactory(org_unit=a, family="Perawat")
    for p in guru_a[:1]:
        EmployeeFactory(org_unit=a, position=p)
    return {"a": a, "b": b, "guru_a": guru_a, "guru_b": guru_b, "other": other}


def test_assign_by_family_upserts_every_matching_position(users: Any, family: Any) -> None:
    lit, pb = competency("literasi_digital"), competency("pembelajaran")
    CompetencyStandardFactory(position=family["guru_a"][0], competency=lit, level=1)
    CompetencyStandardFactory(position=family["guru_a"][1], competency=lit, level=3)
    CompetencyStandardFactory(
        position=family["guru_a"][0], competency=competency("kearsipan"), level=2
    )
    levels = {lit.pk: 3, pb.pk: 4}
    preview = standards.family_preview("Guru", levels)
    assert preview == {"positions": 5, "holders": 1, "created": 8, "updated": 1, "unchanged": 1}
    assert CompetencyStandard.objects.count() == 3  # the preview wrote nothing
    counts = standards.standards_assign_family(actor=users["bkpp"], family="Guru", levels=levels)
    assert counts == {"positions": 5, "created": 8, "updated": 1, "unchanged": 1}
    for p in family["guru_a"] + family["guru_b"]:
        assert _levels(p)["literasi_digital"] == 3 and _levels(p)["pembelajaran"] == 4
    assert _levels(family["guru_a"][0])["kearsipan"] == 2  # other competencies stay
    assert _levels(family["other"]) == {}
    event = AuditEvent.objects.get(action="standard.assign_family")
    assert event.after["positions"] == 5 and event.after["created"] == 8
    # Applying again changes nothing.
    again = standards.standards_assign_family(actor=users["bkpp"], family="guru", levels=levels)
    assert again["created"] == again["updated"] == 0 and again["unchanged"] == 10


def test_assign_by_family_restricted_to_kind_and_opd(users: Any, family: Any) -> None:
    lit = competency("literasi_digital")
    counts = standards.standards_assign_family(
        actor=users["bkpp"], family="Guru", levels={lit.pk: 2}, opd=family["b"]
    )
    assert counts["positions"] == 2
    assert all(_levels(p) == {} for p in family["guru_a"])
    counts = standards.standards_assign_family(
        actor=users["bkpp"], family="Guru", levels={lit.pk: 2}, kind=PositionKind.FUNGSIONAL
    )
    assert counts["positions"] == 3


def test_assign_refusals_write_nothing(users: Any, family: Any) -> None:
    lit = competency("literasi_digital")
    with pytest.raises(LearningError) as exc:
        standards.standards_assign_family(actor=users["bkpp"], family="Guru", levels={lit.pk: 6})
    assert exc.value.code == "level_invalid"
    with pytest.raises(LearningError) as exc:
        standards.standards_assign_family(actor=users["bkpp"], family="Pilot", levels={lit.pk: 2})
    assert exc.value.code == "no_positions"
    with pytest.raises(LearningError) as exc:
        standards.standards_assign_family(
            actor=users["opd_operator"], family="Guru", levels={lit.pk: 2}
        )
    assert exc.value.code == "forbidden"
    assert not CompetencyStandard.objects.exists()


def test_set_one_position(users: Any) -> None:
    pos = PositionFactory()
    lit, ad = competency("literasi_digital"), competency("analisis_data")
    CompetencyStandardFactory(position=pos, competency=ad, level=2)
    counts = standards.standards_set(
        actor=users["bkpp"], position=pos, levels={lit.pk: 3, ad.pk: None}
    )
    assert counts == {"created": 1, "updated": 0, "removed": 1}
    assert _levels(pos) == {"literasi_digital": 3}
    assert AuditEvent.objects.filter(action="standard.set").count() == 1


def test_family_page_preview_then_apply(client_for: Any, family: Any) -> None:
    lit = competency("literasi_digital")
    client = client_for("bkpp")
    url = reverse("learning:standard_family")
    data = {"family": "Guru", "kind": "", "opd": "", f"c{lit.pk}": "3"}
    page = client.post(url, {**data, "action": "preview"}).content.decode()
    assert 'data-testid="family-preview"' in page and "5 jabatan" in page
    assert not CompetencyStandard.objects.exists()
    resp = client.post(url, {**data, "action": "apply"})
    assert resp.status_code == 302 and CompetencyStandard.objects.count() == 5
    edit = client.post(
        reverse("learning:standard_edit", args=[family["other"].pk]), {f"c{lit.pk}": "2"}
    )
    assert edit.status_code == 302 and _levels(family["other"]) == {"literasi_digital": 2}
    assert client_for("opd_operator").get(url).status_code == 403
    EmployeeFactory(org_unit=family["a"], position=family["guru_a"][0])  # two holders now
    listing = client.get(reverse("learning:standard_list"), {"rumpun": "Guru"}).content.decode()
    assert listing.count('<td class="text-end">1</td>') == 5  # one competency each


def test_dictionary_national_competencies_are_read_only_except_description(users: Any) -> None:
    integ = Competency.objects.get(code="integritas")
    standards.competency_save(
        actor=users["bkpp"],
        competency=integ,
        values={"name": "Diubah", "description": "Uraian kota", "kind": "teknis"},
        levels={1: "diubah"},
    )
    integ.refresh_from_db()
    assert integ.name == "Integritas" and integ.description == "Uraian kota"
    assert integ.kind == "manajerial" and integ.levels.get(level=1).description != "diubah"
    new = standards.competency_save(
        actor=users["bkpp"],
        code="smart_city",
        values={"name": "Smart City", "area": "Digital", "is_digital": True},
        levels={1: "Mengenal", 2: "Menerapkan"},
    )
    assert new.kind == "teknis" and new.levels.count() == 2
    with pytest.raises(LearningError):
        standards.competency_save(actor=users["bkpp"], code="smart_city", values={"name": "X"})
    with pytest.raises(LearningError):
        standards.competency_save(actor=users["employee"], competency=new, values={"name": "Y"})


def test_dictionary_pages(client_for: Any) -> None:
    client = client_for("bkpp")
    page = client.get(reverse("learning:competency_list")).content.decode()
    assert "Literasi Digital" in page and "Integritas" in page
    integ = Competency.objects.get(code="integritas")
    form = client.get(reverse("learning:competency_edit", args=[integ.pk])).content.decode()
    assert 'name="description"' in form and 'name="name"' not in form
    resp = client.post(
        reverse("learning:competency_create"),
        {
            "code": "gis",
            "name": "Sistem Informasi Geografis",
            "area": "Digital",
            "is_active": "on",
            "level_1": "Dasar",
        },
    )
    assert resp.status_code == 302 and Competency.objects.filter(code="gis", kind="teknis").exists()
    detail = client_for("employee").get(resp["Location"]).content.decode()
    assert "Sistem Informasi Geografis" in detail and 'data-testid="competency-edit"' not in detail
