"""Open selection (seleksi terbuka JPT pratama): administrative check per requirement, panel
scores hidden until a stage closes, stage weighting, top three to the PPK, public results,
fairness per stage, access."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from penata.core.models import AuditEvent
from penata.core.services import api_token_create
from penata.core.tests.factories import UserFactory
from penata.talent import selection as svc
from penata.talent import selection_rules as sr
from penata.talent.models import OpenSelection, SelectionApplicant
from penata.talent.services import TalentError
from penata.talent.tests.factories import potential
from penata.workforce.tests.factories import (
    EmployeeFactory,
    PositionFactory,
    education_level,
    pns_rank,
)

D = Decimal
TODAY = dt.date(2026, 3, 10)


# --- rules: the administrative check, requirement by requirement ------------------------------

REQ = sr.Requirements(
    min_rank_order=13,
    min_rank_code="IV/a",
    min_education_order=7,
    min_education_name="S1",
    min_experience_years=D(5),
    max_age=56,
    age_on=dt.date(2026, 6, 1),
    min_competency=D(70),
)
OK = sr.ApplicantFacts(
    rank_order=13,
    education_order=7,
    experience_years=D(5),
    birth_date=dt.date(1970, 6, 1),  # exactly 56 on age_on
    competency_score=D(70),
)


def _fails(**kw: Any) -> list[str]:
    facts = sr.ApplicantFacts(**{**OK.__dict__, **kw})
    return [f.requirement for f in sr.admin_check(facts, REQ)]


def test_admin_check_passes_at_every_boundary() -> None:
    assert sr.admin_check(OK, REQ) == []


@pytest.mark.parametrize(
    ("change", "requirement"),
    [
        ({"rank_order": 12}, "pangkat"),
        ({"rank_order": None}, "pangkat"),
        ({"education_order": 6}, "pendidikan"),
        ({"education_order": None}, "pendidikan"),
        ({"experience_years": D("4.9")}, "pengalaman"),
        ({"experience_years": None}, "pengalaman"),
        ({"birth_date": dt.date(1969, 6, 1)}, "usia"),  # 57 on age_on
        ({"birth_date": None}, "usia"),
        ({"competency_score": D("69.99")}, "kompetensi"),
        ({"competency_score": None}, "kompetensi"),
    ],
)
def test_admin_check_names_each_failing_requirement(change: dict, requirement: str) -> None:
    assert _fails(**change) == [requirement]


def test_admin_check_names_every_failure_with_a_message() -> None:
    out = sr.admin_check(sr.ApplicantFacts(12, 6, D(1), dt.date(1960, 1, 1), D(50)), REQ)
    assert [f.requirement for f in out] == [
        "pangkat",
        "pendidikan",
        "pengalaman",
        "usia",
        "kompetensi",
    ]
    assert "IV/a" in out[0].message and "56" in out[3].message


def test_unset_requirements_are_not_checked() -> None:
    none = sr.Requirements(None, "", None, "", None, None, dt.date(2026, 1, 1), None)
    assert sr.admin_check(sr.ApplicantFacts(None, None, None, None, None), none) == []


def test_stage_weighting_hand_computed() -> None:
    # assessment: members 80 and 90 → 85; paper 70 and 75 → 72.50; interview 90 and 80 → 85
    a = sr.stage_score([D(80), D(90)])
    p = sr.stage_score([D(70), D(75)])
    i = sr.stage_score([D(90), D(80)])
    assert (a, p, i) == (D("85.00"), D("72.50"), D("85.00"))
    w = {"assessment": D(40), "paper": D(20), "interview": D(40)}
    # 0.4 × 85 + 0.2 × 72.5 + 0.4 × 85 = 34 + 14.5 + 34 = 82.50
    assert sr.final_score({"assessment": a, "paper": p, "interview": i}, w) == D("82.50")
    assert sr.stage_score([D(70), D(71), D(71)]) == D("70.67")
    assert sr.stage_score([]) is None


def test_weights_must_sum_to_100() -> None:
    with pytest.raises(sr.SelectionRuleError):
        sr.check_weights({"assessment": D(50), "paper": D(20), "interview": D(40)})


# --- the flow ------------------------------------------------------------------------------------


def _selection(**kw: Any) -> OpenSelection:
    fields: dict[str, Any] = {
        "title": "Seleksi Terbuka Kepala Dinas Uji",
        "position": PositionFactory(kind="jpt_pratama", name="Kepala Dinas Uji"),
        "opens_on": dt.date(2026, 3, 1),
        "closes_on": dt.date(2026, 3, 20),
        "age_on": dt.date(2026, 6, 1),
        "min_rank": pns_rank("IV/a"),
        "min_education": education_level("s1"),
        "min_experience_years": D(5),
        "max_age": 56,
    }
    fields.update(kw)
    return svc.selection_create(actor=None, **fields)


def _asn(name: str, *, rank: str = "IV/a", birth: dt.date = dt.date(1975, 1, 1), **kw: Any) -> Any:
    e = EmployeeFactory(name=name, rank=pns_rank(rank), birth_date=birth, **kw)
    u = UserFactory(username=f"asn_{e.pk}", role="employee", employee=e)
    return e, u


@pytest.fixture
def flow(db: None, users: dict[str, Any]) -> dict[str, Any]:
    """A selection with four ASN applicants (one failing rank), one external applicant, a panel
    of two, administrative check run."""
    s = _selection()
    apps = []
    for i, (name, rank, gender) in enumerate(
        [
            ("Ani", "IV/b", "P"),
            ("Budi", "IV/a", "L"),
            ("Citra", "IV/a", "P"),
            ("Dodi", "III/d", "L"),
        ]
    ):
        e, u = _asn(name, rank=rank, gender=gender)
        potential(e, 80)
        apps.append(svc.apply_own(actor=u, selection=s, experience_years=6 + i, today=TODAY))
    ext = svc.applicant_add_external(
        actor=users["bkpp"],
        selection=s,
        data={
            "nip": "197501012000031001",
            "name": "Eko (Kab. Demak)",
            "gender": "L",
            "birth_date": dt.date(1975, 1, 1),
            "agency": "Pemerintah Kabupaten Demak",
            "rank": pns_rank("IV/a"),
            "education": education_level("s2"),
            "experience_years": "8",
        },
    )
    apps.append(ext)
    m1 = UserFactory(username="panel1", role="employee")
    m2 = UserFactory(username="panel2", role="researcher")
    svc.panel_add(actor=users["bkpp"], selection=s, user=m1, role_note="akademisi")
    svc.panel_add(actor=users["bkpp"], selection=s, user=m2, role_note="BKN")
    svc.admin_check_run(actor=users["bkpp"], selection=s)
    return {"s": s, "apps": apps, "m1": m1, "m2": m2, "bkpp": users["bkpp"]}


SCORES = {  # applicant name → stage → (member 1, member 2)
    "Ani": {"assessment": (80, 90), "paper": (70, 75), "interview": (90, 80)},
    "Budi": {"assessment": (70, 70), "paper": (80, 80), "interview": (70, 70)},
    "Citra": {"assessment": (85, 85), "paper": (60, 60), "interview": (88, 86)},
    "Eko (Kab. Demak)": {"assessment": (60, 62), "paper": (65, 65), "interview": (60, 60)},
}


def _score_all(f: dict[str, Any], *, close: bool = True) -> None:
    s = f["s"]
    for st in s.stages.all():
        for a in svc.stage_applicants(st):
            for j, m in enumerate((f["m1"], f["m2"])):
                svc.score_set(actor=m, stage=st, applicant=a, score=SCORES[a.name][st.kind][j])
        if close:
            svc.stage_close(actor=f["bkpp"], stage=st)


def test_admin_check_and_override_are_audited(flow: dict[str, Any]) -> None:
    by = {a.name: SelectionApplicant.objects.get(pk=a.pk) for a in flow["apps"]}
    assert by["Dodi"].admin_passed is False
    assert [x["requirement"] for x in by["Dodi"].admin_failures] == ["pangkat"]
    assert by["Eko (Kab. Demak)"].external and by["Eko (Kab. Demak)"].admin_passed
    assert all(by[n].admin_passed for n in ("Ani", "Budi", "Citra"))
    with pytest.raises(TalentError):
        svc.admin_override(actor=flow["bkpp"], applicant=by["Dodi"], passed=True, reason="x")
    svc.admin_override(
        actor=flow["bkpp"],
        applicant=by["Dodi"],
        passed=True,
        reason="SK kenaikan pangkat IV/a terbit 1 Maret, belum masuk data.",
    )
    ev = AuditEvent.objects.filter(action="selection.admin_override").get()
    assert ev.before == {"admin_passed": False, "override": False}
    assert ev.after["admin_passed"] is True and "SK" in ev.after["reason"]
    # a re-run of the check keeps the override, the failure stays named
    svc.admin_check_run(actor=flow["bkpp"], selection=flow["s"])
    d = SelectionApplicant.objects.get(pk=by["Dodi"].pk)
    assert d.admin_passed is True and d.admin_failures[0]["requirement"] == "pangkat"
    assert AuditEvent.objects.filter(action="selection.admin_check").count() == 2


def test_apply_is_refused_when_closed_twice_or_without_employee(flow: dict[str, Any]) -> None:
    _e, u = _asn("Fajar")
    with pytest.raises(TalentError, match="tidak sedang dibuka"):
        svc.apply_own(actor=u, selection=flow["s"], experience_years=5, today=TODAY)
    s2 = _selection(title="Seleksi kedua")
    svc.apply_own(actor=u, selection=s2, experience_years=5, today=TODAY)
    with pytest.raises(TalentError, match="sudah melamar"):
        svc.apply_own(actor=u, selection=s2, experience_years=5, today=TODAY)
    with pytest.raises(TalentError, match="tidak terhubung"):
        svc.apply_own(
            actor=UserFactory(username="nobody"), selection=s2, experience_years=5, today=TODAY
        )
    with pytest.raises(TalentError, match="Pengalaman"):
        svc.apply_own(actor=_asn("Gita")[1], selection=s2, experience_years="abc", today=TODAY)
    with pytest.raises(TalentError, match="NIP"):
        svc.applicant_add_external(
            actor=None, selection=s2, data={"nip": "123", "name": "X", "agency": "Y"}
        )


def test_member_sees_only_own_scores_until_the_stage_closes(flow: dict[str, Any]) -> None:
    _score_all(flow, close=False)
    st = flow["s"].stages.get(kind="assessment")
    mine = list(svc.scores_visible_to(flow["m1"], st))
    assert mine and {x.member.user_id for x in mine} == {flow["m1"].pk}
    assert not svc.scores_visible_to(flow["bkpp"], st).exists()  # BKPP neither, before close
    # the scoring page shows only the own score; the other member's 90 for Ani is absent
    c = Client()
    c.force_login(flow["m1"])
    url = reverse("talent:selection_score", args=[flow["s"].pk, st.pk])
    html = c.get(url).content.decode()
    assert 'value="80.00"' in html and 'data-testid="others"' not in html
    assert "90.00" not in html and "90,00" not in html
    # API: the same
    _t, raw = api_token_create(user=flow["m1"], name="uji")
    api_url = f"/api/v1/talent/selections/{flow['s'].pk}/stages/{st.pk}/scores"
    body = c.get(api_url, HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert body and all(x["own"] for x in body)
    # a non-member gets 404 on the page and the API
    other = UserFactory(username="outsider", role="employee")
    c2 = Client()
    c2.force_login(other)
    assert c2.get(url).status_code == 404
    _t, raw2 = api_token_create(user=other, name="uji")
    assert c2.get(api_url, HTTP_AUTHORIZATION=f"Bearer {raw2}").status_code == 404
    # closing the stage reveals every member's scores, and freezes them
    svc.stage_close(actor=flow["bkpp"], stage=st)
    st.refresh_from_db()
    assert {x.member.user_id for x in svc.scores_visible_to(flow["m1"], st)} == {
        flow["m1"].pk,
        flow["m2"].pk,
    }
    html = c.get(url).content.decode()
    assert "90,00" in html or "90.00" in html
    ani = SelectionApplicant.objects.get(selection=flow["s"], name="Ani")
    with pytest.raises(TalentError, match="ditutup"):
        svc.score_set(actor=flow["m1"], stage=st, applicant=ani, score=99)


def test_api_put_own_scores_all_or_nothing(flow: dict[str, Any]) -> None:
    st = flow["s"].stages.get(kind="paper")
    ani = SelectionApplicant.objects.get(selection=flow["s"], name="Ani")
    dodi = SelectionApplicant.objects.get(selection=flow["s"], name="Dodi")  # failed the check
    _t, raw = api_token_create(user=flow["m2"], name="uji")
    url = f"/api/v1/talent/selections/{flow['s'].pk}/stages/{st.pk}/scores"
    c = Client()
    bad = {"scores": [{"applicant_id": ani.pk, "score": 75}, {"applicant_id": dodi.pk, "score": 9}]}
    resp = c.put(url, json.dumps(bad), "application/json", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert resp.status_code == 400 and "scores[1]" in resp.json()["message"]
    assert not st.scores.exists()
    ok = {"scores": [{"applicant_id": ani.pk, "score": 75}]}
    resp = c.put(url, json.dumps(ok), "application/json", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert resp.status_code == 200 and resp.json()[0]["score"] in ("75.00", 75, "75")


def test_stage_close_needs_every_score(flow: dict[str, Any]) -> None:
    st = flow["s"].stages.get(kind="interview")
    with pytest.raises(TalentError, match="Belum dinilai"):
        svc.stage_close(actor=flow["bkpp"], stage=st)


def test_ranking_top3_report_and_ppk_choice(flow: dict[str, Any]) -> None:
    _score_all(flow)
    top = svc.rank_and_report(actor=flow["bkpp"], selection=flow["s"])
    # Ani 82.50 (hand-computed above); Citra 0.4×85 + 0.2×60 + 0.4×87 = 34 + 12 + 34.8 = 80.80;
    # Budi 0.4×70 + 0.2×80 + 0.4×70 = 72.00; Eko 0.4×61 + 0.2×65 + 0.4×60 = 61.40
    assert [(a.name, a.final_score) for a in top] == [
        ("Ani", D("82.50")),
        ("Citra", D("80.80")),
        ("Budi", D("72.00")),
    ]
    ani = top[0]
    assert ani.stage_scores == {"assessment": "85.00", "paper": "72.50", "interview": "85.00"}
    s = OpenSelection.objects.get(pk=flow["s"].pk)
    assert s.status == "reported" and s.used["weights"] == {
        "assessment": "40.00",
        "paper": "20.00",
        "interview": "40.00",
    }
    ev = AuditEvent.objects.get(action="selection.report_top3")
    assert [x["applicant"] for x in ev.after["top3"]] == [a.pk for a in top]
    pdf = svc.report_pdf(s)
    assert pdf.startswith(b"%PDF")
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(svc.report_xlsx(s))).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "Peringkat" and [r[2] for r in rows[1:]] == [
        "Ani",
        "Citra",
        "Budi",
        "Eko (Kab. Demak)",
    ]
    eko = SelectionApplicant.objects.get(selection=s, name="Eko (Kab. Demak)")
    with pytest.raises(TalentError, match="tiga terbaik"):
        svc.ppk_decide(actor=flow["bkpp"], selection=s, applicant_id=eko.pk, reasons="x" * 20)
    with pytest.raises(TalentError, match="alasan"):
        svc.ppk_decide(actor=flow["bkpp"], selection=s, applicant_id=top[1].pk, reasons="")
    svc.ppk_decide(
        actor=flow["bkpp"],
        selection=s,
        applicant_id=top[1].pk,
        reasons="Rekam jejak pengelolaan anggaran daerah paling sesuai.",
    )
    ev = AuditEvent.objects.get(action="selection.ppk_decide")
    assert ev.after["chosen"] == top[1].pk and ev.after["rank"] == 2
    # pages: the detail shows the ranking and the choice; the PDF/XLSX download
    c = Client()
    c.force_login(flow["bkpp"])
    html = c.get(reverse("talent:selection_detail", args=[s.pk])).content.decode()
    assert "82,50" in html and 'data-testid="ppk-choice"' in html
    assert c.get(reverse("talent:selection_pdf", args=[s.pk]))["Content-Type"] == "application/pdf"
    assert c.get(reverse("talent:selection_xlsx", args=[s.pk])).status_code == 200


def test_public_results_expose_no_nip_or_scores(flow: dict[str, Any]) -> None:
    _score_all(flow)
    svc.rank_and_report(actor=flow["bkpp"], selection=flow["s"])
    assert svc.public_results() == []  # not yet published
    svc.publish(actor=flow["bkpp"], selection=flow["s"])
    res = svc.public_results()
    assert len(res) == 1
    r = res[0]
    assert set(r) == {"id", "title", "position", "published_at", "top3"}
    assert r["top3"] == [
        {"rank": 1, "name": "Ani"},
        {"rank": 2, "name": "Citra"},
        {"rank": 3, "name": "Budi"},
    ]
    text = json.dumps(res)
    for a in SelectionApplicant.objects.filter(selection=flow["s"]):
        assert a.nip not in text
    assert "Eko" not in text and "Dodi" not in text
    assert "82.5" not in text and "score" not in text


def test_fairness_per_stage(flow: dict[str, Any]) -> None:
    _score_all(flow)
    svc.rank_and_report(actor=flow["bkpp"], selection=flow["s"])
    stages = dict(svc.stage_fairness(flow["s"]))
    assert list(stages) == [
        "Seleksi administrasi",
        "Asesmen kompetensi",
        "Penulisan makalah",
        "Wawancara",
        "Tiga terbaik",
    ]
    gender = {g.group: g for g in stages["Seleksi administrasi"][0][0]}
    # women 2/2 passed, men 2/3 (Dodi failed rank): ratio 0.67 < 0.8 → warning
    assert (gender["Perempuan"].selected, gender["Perempuan"].total) == (2, 2)
    assert (gender["Laki-laki"].selected, gender["Laki-laki"].total) == (2, 3)
    assert gender["Laki-laki"].warning and not gender["Perempuan"].warning
    top = {g.group: g for g in stages["Tiga terbaik"][0][0]}
    assert (top["Laki-laki"].selected, top["Laki-laki"].total) == (1, 2)
    assert (top["Perempuan"].selected, top["Perempuan"].total) == (2, 2)


def test_asn_applies_from_own_account_page(db: None, users: dict[str, Any]) -> None:
    s = _selection(opens_on=dt.date(2000, 1, 1), closes_on=dt.date(2100, 1, 1))
    e, u = _asn("Hana")
    c = Client()
    c.force_login(u)
    page = c.get(reverse("talent:selection_open")).content.decode()
    assert s.title in page
    resp = c.post(reverse("talent:selection_apply", args=[s.pk]), {"experience_years": "7,5"})
    assert resp.status_code == 302
    a = SelectionApplicant.objects.get(selection=s)
    assert (a.employee_id, a.experience_years, a.applied_by_id) == (e.pk, D("7.5"), u.pk)
    page = c.get(reverse("talent:selection_open")).content.decode()
    assert 'data-testid="my-applications"' in page and s.title in page
    _t, raw = api_token_create(user=u, name="uji")
    body = c.get("/api/v1/talent/selection-applications", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert [x["selection_id"] for x in body] == [s.pk]
    # another ASN does not see it
    _e2, u2 = _asn("Indra")
    _t, raw2 = api_token_create(user=u2, name="uji")
    assert (
        c.get("/api/v1/talent/selection-applications", HTTP_AUTHORIZATION=f"Bearer {raw2}").json()
        == []
    )


def test_bkpp_creates_selection_through_the_page(
    client_for: Any, db: None, users: dict[str, Any]
) -> None:
    pos = PositionFactory(kind="jpt_pratama", name="Kepala Badan Uji")
    c = client_for("bkpp")
    assert c.get(reverse("talent:selection_create")).status_code == 200
    data = {
        "title": "Seleksi Kepala Badan",
        "position": pos.pk,
        "opens_on": "2026-04-01",
        "closes_on": "2026-04-15",
        "age_on": "2026-07-01",
        "max_age": 56,
        "w_assessment": 50,
        "w_paper": 20,
        "w_interview": 20,
        "basis": "PP 17/2020",
    }
    resp = c.post(reverse("talent:selection_create"), data)
    assert resp.status_code == 200 and "berjumlah 100" in resp.content.decode()
    data["w_interview"] = 30
    resp = c.post(reverse("talent:selection_create"), data)
    s = OpenSelection.objects.get()
    assert resp.status_code == 302 and {st.kind: st.weight for st in s.stages.all()} == {
        "assessment": D(50),
        "paper": D(20),
        "interview": D(30),
    }
    assert AuditEvent.objects.filter(action="selection.create").exists()


@pytest.mark.parametrize("role", ["employee", "opd_operator", "supervisor", "researcher"])
def test_others_cannot_open_selection_pages(
    role: str, client_for: Any, flow: dict[str, Any]
) -> None:
    c = client_for(role)
    assert c.get(reverse("talent:selection_detail", args=[flow["s"].pk])).status_code == 403
    assert c.get(reverse("talent:selection_pdf", args=[flow["s"].pk])).status_code == 403
    assert c.post(reverse("talent:selection_rank", args=[flow["s"].pk])).status_code == 403


def test_talent_committee_views_but_does_not_manage(client_for: Any, flow: dict[str, Any]) -> None:
    c = client_for("talent_committee")
    assert c.get(reverse("talent:selection_detail", args=[flow["s"].pk])).status_code == 200
    assert c.post(reverse("talent:selection_admin_check", args=[flow["s"].pk])).status_code == 403


def test_list_and_detail_pages_query_count(
    client_for: Any, flow: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    _score_all(flow)
    svc.rank_and_report(actor=flow["bkpp"], selection=flow["s"])
    c = client_for("bkpp")
    with django_assert_max_num_queries(20):
        assert c.get(reverse("talent:selection_list")).status_code == 200
    with django_assert_max_num_queries(35):
        assert c.get(reverse("talent:selection_detail", args=[flow["s"].pk])).status_code == 200


def test_open_and_score_pages_query_count(
    flow: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    _score_all(flow, close=False)
    c = Client()
    c.force_login(flow["m1"])
    with django_assert_max_num_queries(20):
        html = c.get(reverse("talent:selection_open")).content.decode()
    assert 'data-testid="panel-selections"' in html
    st = flow["s"].stages.get(kind="interview")
    with django_assert_max_num_queries(20):
        assert (
            c.get(reverse("talent:selection_score", args=[flow["s"].pk, st.pk])).status_code == 200
        )


def test_admin_check_cannot_rerun_once_scoring_started(flow: dict[str, Any]) -> None:
    _score_all(flow, close=False)
    with pytest.raises(TalentError, match="sudah lewat"):
        svc.admin_check_run(actor=flow["bkpp"], selection=flow["s"])


def test_panel_member_scores_through_the_page(flow: dict[str, Any]) -> None:
    st = flow["s"].stages.get(kind="paper")
    ani = SelectionApplicant.objects.get(selection=flow["s"], name="Ani")
    c = Client()
    c.force_login(flow["m2"])
    url = reverse("talent:selection_score", args=[flow["s"].pk, st.pk])
    resp = c.post(url, {f"score-{ani.pk}": "77,5"})
    assert resp.status_code == 302
    assert st.scores.get().score == D("77.50")
    resp = c.post(url, {f"score-{ani.pk}": "150"}, follow=True)
    assert "0–100" in resp.content.decode() and st.scores.get().score == D("77.50")


def test_bkpp_enters_external_applicant_through_the_page(
    client_for: Any, db: None, users: dict[str, Any]
) -> None:
    s = _selection()
    c = client_for("bkpp")
    html = c.get(reverse("talent:selection_detail", args=[s.pk])).content.decode()
    assert 'data-testid="external-form"' in html
    data = {
        "nip": "197501012000031001",
        "name": "Rudi Hartono",
        "gender": "L",
        "birth_date": "1975-01-01",
        "agency": "Pemerintah Kabupaten Kendal",
        "rank": pns_rank("IV/a").pk,
        "education": education_level("s1").pk,
        "experience_years": "9",
    }
    assert c.post(reverse("talent:selection_external", args=[s.pk]), data).status_code == 302
    a = SelectionApplicant.objects.get(selection=s)
    assert a.external and a.agency == "Pemerintah Kabupaten Kendal" and a.employee_id is None
    resp = c.post(reverse("talent:selection_external", args=[s.pk]), data, follow=True)
    assert "sudah terdaftar" in resp.content.decode()
    assert AuditEvent.objects.filter(action="selection.applicant_external").count() == 1


def test_researcher_panel_member_reaches_the_scoring_page(flow: dict[str, Any]) -> None:
    c = Client()
    c.force_login(flow["m2"])  # a researcher account (e.g. an academic on the panel)
    html = c.get(reverse("talent:selection_open")).content.decode()
    assert 'data-testid="panel-selections"' in html and 'data-testid="apply"' not in html
    assert 'data-testid="my-applications"' not in html
