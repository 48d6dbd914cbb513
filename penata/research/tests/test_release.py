"""Releases: no direct identifier anywhere, k-anonymity, unlinkable pseudonyms, files."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import polars as pl
import pyarrow.parquet as pq
import pytest

from penata.research import release, rules
from penata.research.tests import world

ALL = list(rules.VARIABLE_CODES)


def _coarse(i: int, rng: Any) -> dict[str, Any]:
    """Few quasi-identifier combinations (3 OPDs × 2 age bands × 2 genders), so most survive."""
    year = rng.choice([1985, 1995])
    return {
        "birth_date": dt.date(year, 6, 1 + i % 28),
        "rank_code": rng.choice(["III/a", "III/b"]),
        "gender": "L" if i % 2 else "P",
    }


@pytest.fixture
def staff(db: None) -> list[Any]:
    units = world.opds(3)
    emps = world.people(120, units, seed=3, attrs=_coarse)
    world.rate(emps, 2024, lambda e: "baik")
    world.rate(emps[:100], 2025, lambda e: "sangat_baik" if e.pk % 3 else "baik")
    world.train(emps[:30], world.program(), 2025)
    return emps


def _extract(key: bytes = b"k" * 32, k: int = 5) -> release.Extract:
    return release.build_extract(variables=ALL, year_from=2024, year_to=2025, key=key, k=k)


def test_no_direct_identifier_in_any_column(staff: list[Any]) -> None:
    ex = _extract()
    assert ex.frame.height > 0
    for col in ex.frame.columns:
        assert not any(d in col for d in rules.DIRECT_IDENTIFIERS), col
    cells = {str(v) for col in ex.frame.columns for v in ex.frame.get_column(col).to_list()}
    for e in staff:
        for secret in (e.nip, e.nik, e.email, e.phone, e.name, e.birth_date.isoformat()):
            assert secret not in cells, secret
        assert str(e.pk) not in {c for c in cells if c.isdigit() and len(c) > 3}
    # nothing looks like a NIP, NIK, e-mail or phone number
    pattern = re.compile(r"\d{10,}|@[a-z]|^08\d{8,}$")
    others = {str(v) for c in ex.frame.columns if c != "pseudonim" for v in ex.frame[c].to_list()}
    assert not [c for c in others if pattern.search(c)]
    assert all(re.fullmatch(r"[0-9a-f]{16}", p) for p in ex.frame["pseudonim"].to_list())


def test_k_anonymous_and_report(staff: list[Any]) -> None:
    ex = _extract(k=5)
    qis = ex.report["quasi_identifiers"]
    assert set(qis) == set(rules.QUASI_IDENTIFIERS)
    assert rules.k_anonymous(ex.frame.select(qis).iter_rows(), 5)
    assert ex.report["rows_in"] == 120
    assert ex.report["rows_out"] + ex.report["suppressed"] == 120
    assert (
        sum(
            ex.report["suppressed_by"].get(f"opd={o}", 0)
            for o in set(ex.frame.get_column("opd").to_list())
        )
        <= ex.report["suppressed"]
    )
    assert "tanggal lahir → kelompok usia 5 tahun" in ex.report["generalised"]
    assert ex.report["min_class"] >= 5


def test_pseudonyms_stable_within_and_differ_across_releases(staff: list[Any]) -> None:
    a1 = _extract(key=b"a" * 32)
    a2 = _extract(key=b"a" * 32)
    b = _extract(key=b"b" * 32)
    assert a1.frame.get_column("pseudonim").to_list() == a2.frame.get_column("pseudonim").to_list()
    pa = set(a1.frame.get_column("pseudonim").to_list())
    pb = set(b.frame.get_column("pseudonim").to_list())
    assert len(pa) == a1.frame.height
    assert not pa & pb


def test_files_written_csv_parquet_dictionary_readme(staff: list[Any], settings: Any) -> None:
    ex = _extract()
    sizes = release.write_files(999, ex, readme="# uji")
    folder = release.release_dir(999)
    assert set(sizes) == {"csv", "parquet", "kamus", "readme"}
    table = pq.read_table(folder / "data.parquet")
    assert table.column_names == ex.frame.columns and table.num_rows == ex.frame.height
    csv_frame = pl.read_csv(folder / "data.csv", encoding="utf8-lossy")
    assert csv_frame.height == ex.frame.height
    kamus = (folder / "kamus-data.csv").read_text(encoding="utf-8-sig")
    for col in ex.frame.columns:
        assert f"\n{col}," in kamus
    assert "predikat_2025" in ex.frame.columns and "skor_predikat_2025" in ex.frame.columns


def test_training_column_lists_codes_and_years(staff: list[Any]) -> None:
    ex = release.build_extract(
        variables=["pelatihan", "opd"], year_from=2024, year_to=2025, key=b"x", k=1
    )
    values = set(ex.frame.get_column("pelatihan").to_list())
    assert values == {"", "literasi-data@2025"}


def test_age_band_reference_is_end_of_period() -> None:
    assert rules.age_band(dt.date(1990, 12, 31), dt.date(2025, 12, 31)) == "35-39"
    assert rules.age_band(dt.date(1991, 1, 1), dt.date(2025, 12, 31)) == "30-34"


def test_release_is_set_based_query_count_flat(db: None) -> None:
    """The same number of queries for 20 and 200 employees: nothing is queried per person."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    units = world.opds(2)
    counts = []
    for n in (20, 180):
        emps = world.people(n, units, seed=n)
        world.train(emps[:5], world.program(code=f"p-{n}", title=f"P {n}"), 2025)
        with CaptureQueriesContext(connection) as ctx:
            release.build_extract(variables=ALL, year_from=2024, year_to=2025, key=b"q", k=2)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] <= 12


def test_failed_build_marks_release_and_progress_failed(db: None, monkeypatch: Any) -> None:
    from penata.core.models import TaskProgress
    from penata.core.roles import Role
    from penata.core.tests.factories import UserFactory
    from penata.research import services
    from penata.research.models import Release
    from penata.research.tasks import release_task
    from penata.research.tests.test_views import _pdf

    bkpp = UserFactory(role=Role.BKPP)
    res = UserFactory(role=Role.RESEARCHER)
    inst = services.institution_save(actor=bkpp, fields={"name": "U"})
    services.researcher_link(actor=bkpp, institution=inst, user=res)
    req = services.request_submit(
        actor=res,
        title="t",
        purpose="p",
        question="q",
        variables=["opd"],
        year_from=2024,
        year_to=2025,
        document=_pdf(),
        today=dt.date(2026, 1, 1),
    )
    services.request_decide(
        actor=bkpp,
        request=req,
        approve=True,
        reason="Alasan yang cukup.",
        expires_on=dt.date.today() + dt.timedelta(days=5),
    )
    req.refresh_from_db()
    rel = services.release_start(actor=bkpp, request=req)

    def boom(**kw: Any) -> None:
        raise RuntimeError("disk penuh")

    monkeypatch.setattr(release, "build_extract", boom)
    with pytest.raises(RuntimeError):
        release_task.call(rel.pk)
    rel.refresh_from_db()
    assert rel.status == Release.Status.FAILED
    prog = TaskProgress.objects.get(pk=rel.progress_id)
    assert prog.status == "failed" and "disk penuh" in prog.message
