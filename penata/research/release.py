"""The pseudonymised extract of a data request, built set-based.

One query per source (registry, JP ledger per year, appraisals, talent boxes, completed
training), joined in memory with polars; generalisation, pseudonyms and the k-anonymity
suppression run over whole columns. Nothing here queries per person.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow.parquet as pq
from django.conf import settings

from penata.core.exports import csv_text
from penata.research import rules

ACTIVE_STATUSES = ("aktif", "cuti", "tugas_belajar")
UNKNOWN = "?"


@dataclass
class Extract:
    frame: pl.DataFrame
    report: dict[str, Any]


def _employees() -> pl.DataFrame:
    from penata.workforce.models import Employee

    rows = list(
        Employee.objects.filter(status__in=ACTIVE_STATUSES)
        .order_by()
        .values_list(
            "pk",
            "birth_date",
            "gender",
            "employment_type",
            "org_unit__opd__name",
            "rank__code",
            "rank__kind",
        )
    )
    schema = {
        "id": pl.Int64,
        "birth_date": pl.Date,
        "gender": pl.Utf8,
        "employment_type": pl.Utf8,
        "opd_name": pl.Utf8,
        "rank_code": pl.Utf8,
        "rank_kind": pl.Utf8,
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def _jp(years: list[int]) -> dict[int, dict[int, int]]:
    from penata.learning.selectors import jp_counted

    return {y: jp_counted(y) for y in years}


def _predikat(years: list[int]) -> pl.DataFrame:
    from penata.performance.models import Appraisal

    rows = list(
        Appraisal.objects.filter(
            period__year__in=years,
            period__kind="annual",
            status__in=["rated", "objected", "final"],
        )
        .exclude(predikat="")
        .order_by()
        .values_list("employee_id", "period__year", "predikat")
    )
    return pl.DataFrame(
        rows, schema={"id": pl.Int64, "year": pl.Int64, "predikat": pl.Utf8}, orient="row"
    )


def _boxes(years: list[int]) -> pl.DataFrame:
    from penata.talent.models import TalentBox

    rows = list(
        TalentBox.objects.filter(period__year__in=years, period__kind="annual")
        .order_by()
        .values_list("employee_id", "period__year", "box")
    )
    return pl.DataFrame(
        rows, schema={"id": pl.Int64, "year": pl.Int64, "box": pl.Int64}, orient="row"
    )


def _training(years: list[int]) -> pl.DataFrame:
    from penata.learning.models import Enrolment

    rows = list(
        Enrolment.objects.filter(
            status="completed",
            completed_on__year__gte=years[0],
            completed_on__year__lte=years[-1],
        )
        .order_by()
        .values_list("employee_id", "session__program__code", "completed_on")
    )
    return pl.DataFrame(
        [(e, c, d.year) for e, c, d in rows if d is not None],
        schema={"id": pl.Int64, "program": pl.Utf8, "year": pl.Int64},
        orient="row",
    )


def collect(*, variables: list[str], years: list[int]) -> pl.DataFrame:
    """The raw frame: one row per active employee with the raw quasi-identifiers (birth date,
    gender, type, OPD name, rank) and the chosen outcome columns. One query per source."""
    chosen = set(variables)
    frame = _employees()
    if "jp" in chosen or "capai_20jp" in chosen:
        for y, counted in _jp(years).items():
            jp = pl.DataFrame(
                list(counted.items()), schema={"id": pl.Int64, f"jp_{y}": pl.Int64}, orient="row"
            )
            frame = frame.join(jp, on="id", how="left").with_columns(pl.col(f"jp_{y}").fill_null(0))
    if "predikat" in chosen:
        pred = _predikat(years)
        for y in years:
            py = pred.filter(pl.col("year") == y).select(
                "id", pl.col("predikat").alias(f"predikat_{y}")
            )
            frame = frame.join(py, on="id", how="left")
    if "kotak_talenta" in chosen:
        boxes = _boxes(years)
        for y in years:
            by = boxes.filter(pl.col("year") == y).select(
                "id", pl.col("box").alias(f"kotak_talenta_{y}")
            )
            frame = frame.join(by, on="id", how="left")
    if "pelatihan" in chosen:
        tr = _training(years)
        if tr.height:
            tr = (
                tr.unique()
                .sort("program", "year")
                .group_by("id", maintain_order=True)
                .agg(pl.concat_str("program", pl.lit("@"), pl.col("year").cast(pl.Utf8)).alias("t"))
                .select("id", pl.col("t").list.join(";").alias("pelatihan"))
            )
            frame = frame.join(tr, on="id", how="left")
        else:
            frame = frame.with_columns(pl.lit(None, dtype=pl.Utf8).alias("pelatihan"))
        frame = frame.with_columns(pl.col("pelatihan").fill_null(""))
    return frame


def anonymise(
    raw: pl.DataFrame,
    *,
    variables: list[str],
    years: list[int],
    key: bytes,
    k: int,
    jp_target: int = 20,
) -> Extract:
    """Generalise, pseudonymise and suppress ``raw`` (see :func:`collect`) into the release
    frame and its report. Pure: no database."""
    chosen = [v for v in rules.VARIABLE_CODES if v in set(variables)]
    ref = dt.date(years[-1], 12, 31)
    n_in = raw.height
    groups = {
        (code, kind): rules.golongan_group(code, kind)
        for code, kind in raw.select("rank_code", "rank_kind").unique().iter_rows()
    }
    ages = {b: rules.age_band(b, ref) for b in raw.get_column("birth_date").unique().to_list()}
    group_keys = pl.DataFrame(
        [(c, kd, g) for (c, kd), g in groups.items()],
        schema={"rank_code": pl.Utf8, "rank_kind": pl.Utf8, "kelompok_golongan": pl.Utf8},
        orient="row",
    )
    frame = raw.join(group_keys, on=["rank_code", "rank_kind"], how="left", nulls_equal=True)
    frame = frame.with_columns(
        pl.col("birth_date")
        .replace_strict(ages, default=UNKNOWN, return_dtype=pl.Utf8)
        .alias("kelompok_usia"),
        pl.col("gender").fill_null(UNKNOWN).alias("jenis_kelamin"),
        pl.col("opd_name").fill_null(UNKNOWN).alias("opd"),
        pl.col("kelompok_golongan").fill_null(UNKNOWN),
        pl.col("employment_type").fill_null(UNKNOWN).alias("status_kepegawaian"),
        pl.col("id")
        .map_elements(lambda i: rules.pseudonym(key, i), return_dtype=pl.Utf8)
        .alias("pseudonim"),
    )
    if "capai_20jp" in chosen:
        frame = frame.with_columns(
            (pl.col(f"jp_{y}") >= jp_target).cast(pl.Int8).alias(f"capai_20jp_{y}") for y in years
        )
    if "predikat" in chosen:
        frame = frame.with_columns(
            pl.col(f"predikat_{y}")
            .replace_strict(rules.PREDIKAT_SCORE, default=None, return_dtype=pl.Int8)
            .alias(f"skor_predikat_{y}")
            for y in years
        )
    qis = [c for c in rules.QUASI_IDENTIFIERS if c in chosen]
    if qis:
        frame = frame.with_columns(pl.len().over(qis).alias("_n"))
        small = frame.filter(pl.col("_n") < k)
        frame = frame.filter(pl.col("_n") >= k).drop("_n")
        counts = frame.group_by(qis).len().get_column("len")
        classes = counts.len()
        min_class = int(counts.min() or 0) if classes else 0  # type: ignore[arg-type]
    else:
        small = frame.head(0)
        classes = 1 if frame.height else 0
        min_class = frame.height
    suppressed_by: dict[str, int] = {}
    for q in qis:
        for value, n in small.group_by(q).len().sort(q).iter_rows():
            suppressed_by[f"{q}={value}"] = int(n)
    columns = rules.columns_for(chosen, years)
    frame = frame.select(columns).sort("pseudonim")
    report = {
        "k": k,
        "rows_in": n_in,
        "rows_out": frame.height,
        "suppressed": small.height,
        "suppressed_share": round(100 * small.height / n_in, 2) if n_in else 0.0,
        "classes": classes,
        "min_class": min_class,
        "quasi_identifiers": qis,
        "generalised": [
            rules.BY_CODE[q].generalisation for q in qis if rules.BY_CODE[q].generalisation
        ],
        "suppressed_by": suppressed_by,
        "columns": frame.columns,
        "years": years,
        "reference_date": ref.isoformat(),
    }
    return Extract(frame, report)


def build_extract(
    *,
    variables: list[str],
    year_from: int,
    year_to: int,
    key: bytes,
    k: int,
    on_step: Callable[[int, str], None] | None = None,
) -> Extract:
    """The release frame and its report for the chosen ``variables`` and years."""
    from penata.learning.selectors import jp_target

    step = on_step or (lambda _n, _m: None)
    years = list(range(year_from, year_to + 1))
    step(1, "Membaca data pegawai, JP, predikat, talenta dan pelatihan…")
    raw = collect(variables=variables, years=years)
    step(3, "Menyamarkan identitas dan menekan kombinasi langka…")
    return anonymise(raw, variables=variables, years=years, key=key, k=k, jp_target=jp_target())


# --- files -------------------------------------------------------------------------------------

FILES = {
    "csv": ("data.csv", "text/csv"),
    "parquet": ("data.parquet", "application/vnd.apache.parquet"),
    "kamus": ("kamus-data.csv", "text/csv"),
    "readme": ("README.md", "text/markdown"),
}


def release_dir(release_id: int) -> Path:
    """Release files live under the data dir, never under the public media root."""
    return Path(settings.DATA_DIR) / "research" / "releases" / str(release_id)


def _neutral(frame: pl.DataFrame) -> pl.DataFrame:
    """CSV cells a spreadsheet would run as formulas get an apostrophe (as core.exports)."""
    from penata.core.exports import FORMULA_PREFIXES

    def risky(c: str) -> pl.Expr:
        return pl.any_horizontal([pl.col(c).str.starts_with(p) for p in FORMULA_PREFIXES])

    return frame.with_columns(
        pl.when(risky(c)).then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c in frame.columns
        if frame.schema[c] == pl.Utf8
    )


def base_variable(column: str) -> str:
    """The dictionary variable a release column comes from (``predikat_2025`` → predikat)."""
    if column.startswith("skor_predikat_"):
        return "predikat"
    for v in rules.VARIABLES:
        if column == v.code or (v.per_year and column.startswith(v.code + "_")):
            return v.code
    return column


def dictionary_rows(columns: list[str]) -> list[list[str]]:
    out = []
    for col in columns:
        if col == "pseudonim":
            out.append(
                [
                    col,
                    "Pseudonim",
                    "kunci",
                    "Kode acak per orang, tetap di dalam rilis ini, tidak bisa dihubungkan "
                    "dengan rilis lain.",
                ]
            )
            continue
        base = base_variable(col)
        var = rules.BY_CODE.get(base)
        out.append(
            [
                col,
                var.label if var else col,
                "kuasi-identifikasi" if var and var.kind == rules.QI else "atribut",
                var.description if var else "",
            ]
        )
    return out


def readme_text(*, title: str, institution: str, report: dict[str, Any], expires: str) -> str:
    gen = "\n".join(f"- {g}" for g in report["generalised"]) or "- (tidak ada)"
    sup = (
        "\n".join(f"- {key}: {n} baris" for key, n in report["suppressed_by"].items())
        or "- (tidak ada)"
    )
    return f"""# Rilis data penelitian: {title}

Lembaga: {institution}. Akses berakhir: {expires}. Disusun oleh Penata (BKPP Kota Semarang).

Data pribadi ASN dilindungi UU 27/2022. Berkas ini hanya boleh dipakai untuk tujuan penelitian
yang disetujui, tidak boleh dibagikan, dan tidak boleh dipakai untuk mengenali orang.

## Isi

- `data.csv` dan `data.parquet`: {report["rows_out"]} baris, satu baris per pegawai, kolom sama.
- `kamus-data.csv`: arti setiap kolom.

## Perlindungan

- Tanpa nama, NIP, NIK, e-mail, telepon, alamat, tempat/tanggal lahir atau teks bebas.
- `pseudonim` adalah HMAC-SHA256 dengan kunci rahasia khusus permintaan ini (disimpan di server
  BKPP): tetap untuk orang yang sama di dalam rilis permintaan ini, dan berbeda di permintaan
  lain sehingga dua rilis tidak bisa digabungkan.
- Generalisasi:
{gen}
- k-anonimitas dengan k = {report["k"]}: setiap kombinasi kuasi-identifikasi
  ({", ".join(report["quasi_identifiers"]) or "-"}) muncul paling sedikit {report["k"]} kali.
  {report["suppressed"]} dari {report["rows_in"]} baris ({report["suppressed_share"]}%) ditekan
  (dihapus). Kelas kesetaraan: {report["classes"]}, terkecil {report["min_class"]}.
- Baris ditekan menurut nilai:
{sup}

## Mengulang analisis dampak pelatihan (difference-in-differences)

Untuk program P dan tahun T: peserta = baris yang kolom `pelatihan` memuat `P@T`; pembanding =
baris tanpa `P@` sama sekali. Perubahan = `skor_predikat_T` − `skor_predikat_(T-1)` (baris tanpa
keduanya dibuang). Strata = (`opd`, `kelompok_golongan`, `kelompok_usia`); hanya strata yang
punya peserta dan pembanding. Dampak = Σ (n_peserta_s / N_peserta) × (rata-rata perubahan
peserta_s − rata-rata perubahan pembanding_s). Galat baku: varians perubahan dalam strata
digabung per kelompok, SE² = Σ w_s² (σ²_peserta / n_peserta_s + σ²_pembanding / n_pembanding_s);
selang 95% = dampak ± 1,96 × SE. Angka di dasbor Penata dihitung dari data lengkap; hasil dari
rilis ini sama bila tidak ada baris peserta/pembanding yang ditekan.
"""


def write_files(release_id: int, extract: Extract, *, readme: str) -> dict[str, int]:
    """Write the four files; returns their sizes in bytes.

    All or nothing: the files are written into a fresh ``<id>.part-…`` folder beside the
    release's, which then replaces the release's folder with one rename. A process killed while
    writing leaves only a ``.part`` folder (removed by the next build of the release), never a
    release folder with some files missing or cut short (docs/operations.md, crash tests in
    ``penata/core/tests/test_faults.py``)."""
    from penata.core.faults import fault_point

    folder = release_dir(release_id)
    folder.parent.mkdir(parents=True, exist_ok=True)
    clear_partial(release_id)
    part = folder.with_name(f"{folder.name}.part-{uuid.uuid4().hex[:12]}")
    part.mkdir()
    frame = extract.frame
    csv_bytes = _neutral(frame).write_csv().encode("utf-8-sig")
    (part / FILES["csv"][0]).write_bytes(csv_bytes)
    pq.write_table(frame.to_arrow(), part / FILES["parquet"][0])
    fault_point("research.release")  # crash tests stop here: two of the four files written
    kamus = csv_text(["kolom", "label", "jenis", "keterangan"], dictionary_rows(frame.columns))
    (part / FILES["kamus"][0]).write_bytes(kamus.encode("utf-8"))  # csv_text starts with the BOM
    (part / FILES["readme"][0]).write_text(readme, encoding="utf-8")
    for name, _ct in FILES.values():
        with (part / name).open("rb") as fh:
            os.fsync(fh.fileno())
    sizes = {kind: (part / name).stat().st_size for kind, (name, _ct) in FILES.items()}
    old = None
    if folder.exists():  # a re-build: move the previous files aside, then swap
        old = folder.with_name(f"{folder.name}.old-{uuid.uuid4().hex[:12]}")
        os.replace(folder, old)
    os.replace(part, folder)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return sizes


def clear_partial(release_id: int) -> None:
    """Remove what an interrupted build left beside the release's folder."""
    folder = release_dir(release_id)
    if not folder.parent.exists():
        return
    for stale in folder.parent.glob(f"{folder.name}.part-*"):
        shutil.rmtree(stale, ignore_errors=True)
    for stale in folder.parent.glob(f"{folder.name}.old-*"):
        shutil.rmtree(stale, ignore_errors=True)
