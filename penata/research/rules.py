"""Research partnerships: the disclosure-control rules and the training-impact estimator.

Pure functions, no Django import. The personal-data rules follow UU 27/2022 (Pelindungan Data
Pribadi; processing limited to its purpose and minimised, Pasal 16): data released to a
university is pseudonymised, direct identifiers never leave, quasi-identifiers are
generalised and rare combinations suppressed until every combination occurs at least *k* times
(k-anonymity; the k is the setting ``PENATA_RESEARCH_K``, default 5).

The data dictionary (:data:`VARIABLES`) is the single list of what a release may contain; a
request chooses from it and nothing else reaches a file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
import re
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Final

# --- the data dictionary ---------------------------------------------------------------------

QI: Final = "quasi"  # quasi-identifier: generalised, counted for k-anonymity
OUTCOME: Final = "outcome"  # an attribute per person (per year where ``per_year``)


@dataclass(frozen=True)
class Variable:
    code: str
    label: str
    kind: str
    description: str
    per_year: bool = False
    generalisation: str = ""


def gettext_noop(message: str) -> str:
    """Mark a string for the translation catalogue and return it unchanged.

    Django's ``gettext_noop`` by name, so ``makemessages`` collects the data dictionary while
    this module stays free of Django: releases keep the Indonesian text and pages translate it
    when they show it (``research/dictionary.html``, the request form).
    """
    return message


VARIABLES: Final[tuple[Variable, ...]] = (
    Variable(
        "kelompok_usia",
        gettext_noop("Kelompok usia"),
        QI,
        gettext_noop(
            "Usia pada 31 Desember tahun akhir periode, dalam kelompok 5 tahun (mis. 30-34)."
        ),
        generalisation=gettext_noop("tanggal lahir → kelompok usia 5 tahun"),
    ),
    Variable(
        "jenis_kelamin",
        gettext_noop("Jenis kelamin"),
        QI,
        gettext_noop("L (laki-laki) atau P (perempuan)."),
    ),
    Variable(
        "opd",
        gettext_noop("OPD"),
        QI,
        gettext_noop("Perangkat daerah tempat pegawai bekerja (bukan bidang/seksi)."),
        generalisation=gettext_noop("unit kerja → OPD"),
    ),
    Variable(
        "kelompok_golongan",
        gettext_noop("Kelompok golongan"),
        QI,
        gettext_noop(
            "PNS: golongan I, II, III atau IV tanpa ruang; PPPK: kelompok I-IV, V-VIII, IX-XII, "
            "XIII-XVII."
        ),
        generalisation=gettext_noop("golongan/ruang → kelompok golongan"),
    ),
    Variable(
        "status_kepegawaian",
        gettext_noop("Status kepegawaian"),
        QI,
        gettext_noop("pns, pppk atau pppk_paruh_waktu."),
    ),
    Variable(
        "jp",
        gettext_noop("JP diakui"),
        OUTCOME,
        gettext_noop(
            "Jam pelajaran pengembangan kompetensi yang diakui pada tahun itu (batas per jenis "
            "kegiatan diterapkan), kolom jp_<tahun>."
        ),
        per_year=True,
    ),
    Variable(
        "capai_20jp",
        gettext_noop("Mencapai 20 JP"),
        OUTCOME,
        gettext_noop(
            "1 bila JP diakui tahun itu mencapai target (20 JP, PP 17/2020 Pasal 203), kolom "
            "capai_20jp_<tahun>."
        ),
        per_year=True,
    ),
    Variable(
        "predikat",
        gettext_noop("Predikat kinerja"),
        OUTCOME,
        gettext_noop(
            "Predikat SKP tahunan (PermenPANRB 6/2022), kolom predikat_<tahun>; skor ordinal di "
            "kolom skor_predikat_<tahun>: sangat_baik 5, baik 4, butuh_perbaikan 3, kurang 2, "
            "sangat_kurang 1."
        ),
        per_year=True,
    ),
    Variable(
        "kotak_talenta",
        gettext_noop("Kotak talenta"),
        OUTCOME,
        gettext_noop("Kotak 1-9 pada peta talenta periode tahun itu, kolom kotak_talenta_<tahun>."),
        per_year=True,
    ),
    Variable(
        "pelatihan",
        gettext_noop("Pelatihan yang diselesaikan"),
        OUTCOME,
        gettext_noop(
            "Daftar kode program pelatihan yang diselesaikan (lulus) dalam periode beserta "
            "tahunnya, dipisah titik koma: KODE@TAHUN;KODE@TAHUN."
        ),
    ),
)
VARIABLE_CODES: Final = tuple(v.code for v in VARIABLES)
QUASI_IDENTIFIERS: Final = tuple(v.code for v in VARIABLES if v.kind == QI)
BY_CODE: Final = {v.code: v for v in VARIABLES}

# Never in a release, whatever is requested (UU 27/2022: direct identifiers and free text).
DIRECT_IDENTIFIERS: Final = (
    "nama",
    "nip",
    "nik",
    "email",
    "telepon",
    "alamat",
    "tempat_lahir",
    "tanggal_lahir",
    "catatan",
)

PREDIKAT_SCORE: Final[dict[str, int]] = {
    "sangat_baik": 5,
    "baik": 4,
    "butuh_perbaikan": 3,
    "kurang": 2,
    "sangat_kurang": 1,
}


def columns_for(variables: Iterable[str], years: Iterable[int]) -> list[str]:
    """The release's column names, in dictionary order, for the chosen variables and years."""
    chosen = set(variables)
    ys = sorted(years)
    cols = ["pseudonim"]
    for v in VARIABLES:
        if v.code not in chosen:
            continue
        if v.per_year:
            for y in ys:
                cols.append(f"{v.code}_{y}")
                if v.code == "predikat":
                    cols.append(f"skor_predikat_{y}")
        else:
            cols.append(v.code)
    return cols


# --- generalisation --------------------------------------------------------------------------


def age_band(birth: dt.date | None, on: dt.date) -> str:
    """The 5-year age band on ``on`` (``"30-34"``); ``"?"`` without a birth date."""
    if birth is None:
        return "?"
    age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    low = (max(age, 0) // 5) * 5
    return f"{low}-{low + 4}"


_PPPK_BANDS: Final = (("I-IV", 4), ("V-VIII", 8), ("IX-XII", 12), ("XIII-XVII", 17))
_ROMAN: Final = {
    g: i
    for i, g in enumerate(
        (
            "I",
            "II",
            "III",
            "IV",
            "V",
            "VI",
            "VII",
            "VIII",
            "IX",
            "X",
            "XI",
            "XII",
            "XIII",
            "XIV",
            "XV",
            "XVI",
            "XVII",
        ),
        start=1,
    )
}


def golongan_group(code: str | None, kind: str | None) -> str:
    """A rank generalised to its golongan: PNS ``III/a`` → ``III``; PPPK ``IX`` → ``PPPK IX-XII``
    (PP 99/2000 golongan I–IV; Perpres 98/2020 PPPK grades I–XVII); ``"?"`` when unknown."""
    if not code:
        return "?"
    if kind == "pppk":
        n = _ROMAN.get(code.strip().upper())
        if n is None:
            return "?"
        for label, top in _PPPK_BANDS:
            if n <= top:
                return f"PPPK {label}"
        return "?"
    head = code.split("/", 1)[0].strip().upper()
    return head if head in {"I", "II", "III", "IV"} else "?"


# --- pseudonyms ------------------------------------------------------------------------------


def pseudonym(key: bytes, person_id: int) -> str:
    """A stable pseudonym for ``person_id`` under the release's secret ``key`` (HMAC-SHA256,
    16 hex digits). A different key (another request) gives unlinkable pseudonyms."""
    return hmac.new(key, str(person_id).encode(), hashlib.sha256).hexdigest()[:16]


# --- k-anonymity -----------------------------------------------------------------------------


def k_anonymous(rows: Iterable[tuple[Hashable, ...]], k: int) -> bool:
    """Whether every combination in ``rows`` (the quasi-identifier tuples) occurs ≥ k times."""
    counts: dict[tuple[Hashable, ...], int] = defaultdict(int)
    for r in rows:
        counts[r] += 1
    return all(n >= k for n in counts.values())


def suppress(rows: list[tuple[Hashable, ...]], k: int) -> list[bool]:
    """Which rows to keep: those whose quasi-identifier combination occurs at least ``k`` times.
    After removing the others every remaining combination still occurs ≥ k times."""
    counts: dict[tuple[Hashable, ...], int] = defaultdict(int)
    for r in rows:
        counts[r] += 1
    return [counts[r] >= k for r in rows]


# --- difference in differences -----------------------------------------------------------------

Z_95: Final = 1.959963984540054


@dataclass(frozen=True)
class DidResult:
    """The training effect as a matched difference-in-differences (ATT): within each stratum
    (OPD × kelompok golongan × kelompok usia) the participants' mean change minus the
    non-participants' mean change, averaged with the participants' weights."""

    effect: float
    se: float
    ci_low: float
    ci_high: float
    n_treated: int
    n_control: int
    strata: int
    unmatched_treated: int
    treated_change: float
    control_change: float
    per_stratum: list[dict[str, object]] = field(default_factory=list)

    @property
    def significant(self) -> bool:
        return self.ci_low > 0 or self.ci_high < 0


def did(records: Iterable[tuple[Hashable, bool, float, float]]) -> DidResult | None:
    """Matched difference in differences from ``(stratum, treated, before, after)`` records.

    Strata without both a participant and a non-participant are dropped (their participants
    are counted as unmatched). The standard error pools the within-stratum variance of the
    changes of each group (participants, non-participants) and combines the strata with the
    weights n_treated/N; the 95 % interval is effect ± 1.96·SE. ``None`` when nothing matches.
    """
    groups: dict[Hashable, tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
    for stratum, treated, before, after in records:
        groups[stratum][0 if treated else 1].append(after - before)
    matched = {s: g for s, g in groups.items() if g[0] and g[1]}
    unmatched = sum(len(g[0]) for s, g in groups.items() if s not in matched)
    if not matched:
        return None
    n_t = sum(len(g[0]) for g in matched.values())
    n_c = sum(len(g[1]) for g in matched.values())

    def pooled(idx: int) -> float:
        ss, dof = 0.0, 0
        for g in matched.values():
            xs = g[idx]
            m = sum(xs) / len(xs)
            ss += sum((x - m) ** 2 for x in xs)
            dof += len(xs) - 1
        return ss / dof if dof > 0 else 0.0

    var_t, var_c = pooled(0), pooled(1)
    effect = 0.0
    variance = 0.0
    t_change = c_change = 0.0
    per: list[dict[str, object]] = []
    for s, (t, c) in sorted(matched.items(), key=lambda kv: str(kv[0])):
        w = len(t) / n_t
        mt, mc = sum(t) / len(t), sum(c) / len(c)
        effect += w * (mt - mc)
        t_change += w * mt
        c_change += w * mc
        variance += w * w * (var_t / len(t) + var_c / len(c))
        per.append({"stratum": s, "n_treated": len(t), "n_control": len(c), "diff": mt - mc})
    se = math.sqrt(variance)
    return DidResult(
        effect=effect,
        se=se,
        ci_low=effect - Z_95 * se,
        ci_high=effect + Z_95 * se,
        n_treated=n_t,
        n_control=n_c,
        strata=len(matched),
        unmatched_treated=unmatched,
        treated_change=t_change,
        control_change=c_change,
        per_stratum=per,
    )


def _num(x: float) -> str:
    return f"{x:+.2f}".replace(".", ",")


def explain_did(result: DidResult | None, *, program: str, year: int) -> str:
    """The result in plain Indonesian for the policy team."""
    if result is None:
        return (
            f"Belum bisa dihitung untuk {program} tahun {year}: tidak ada peserta yang punya "
            "pembanding (pegawai bukan peserta di OPD, kelompok golongan dan kelompok usia yang "
            "sama) dengan predikat SKP pada tahun sebelum dan tahun pelatihan."
        )
    direction = "naik" if result.effect > 0 else "turun" if result.effect < 0 else "tidak berubah"
    text = (
        f"Skor predikat SKP (1 = sangat kurang … 5 = sangat baik) {result.n_treated} peserta "
        f"{program} berubah rata-rata {_num(result.treated_change)} poin dari {year - 1} ke "
        f"{year}, sedangkan {result.n_control} pegawai pembanding yang tidak ikut (OPD, kelompok "
        f"golongan dan kelompok usia sama) berubah {_num(result.control_change)} poin. Selisih "
        f"keduanya — perkiraan dampak pelatihan — {direction} {_num(result.effect)} poin, "
        f"dengan rentang keyakinan 95% {_num(result.ci_low)} sampai {_num(result.ci_high)}. "
    )
    if result.significant:
        text += (
            "Rentang itu tidak memuat nol, jadi perbedaannya kecil kemungkinan hanya kebetulan. "
        )
    else:
        text += (
            "Rentang itu memuat nol, jadi data belum cukup untuk menyatakan pelatihan "
            "berdampak pada predikat. "
        )
    text += (
        "Ini perbandingan, bukan bukti sebab-akibat: peserta bisa berbeda dari pembanding dalam "
        "hal yang tidak tercatat (motivasi, atasan)."
    )
    if result.unmatched_treated:
        text += f" {result.unmatched_treated} peserta tanpa pembanding tidak ikut dihitung."
    return text


SLUG: Final = re.compile(r"^[a-z0-9_-]+$")
