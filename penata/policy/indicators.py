"""The indicator registry: where an indicator's actual value comes from.

An indicator whose ``source`` is a key registered here is computed from Penata's own data for
a year; ``manual`` means the team enters the value. A new computed source is one function::

    @register("portal_ikm", _("Portal publik: nilai IKM"), unit="nilai")
    def _ikm(year: int) -> float | None: ...

and an :class:`~penata.policy.models.Indicator` with ``source="portal_ikm"``. A function returns
``None`` when the year has no data yet (shown as “belum ada data”, never as zero).

A source registered with ``manual_fallback=True`` (the IKM) accepts the team's hand-entered value
for a year in which Penata has no data of its own — e.g. the paper survey of the years before
the public portal collected the IKM; as soon as the source has data for a year, the computed
value is the one shown and a hand value is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MANUAL = "manual"


@dataclass(frozen=True)
class Source:
    key: str
    label: str | Promise
    unit: str
    compute: Callable[[int], float | None]
    manual_fallback: bool = False


REGISTRY: dict[str, Source] = {}


def register(
    key: str, label: str | Promise, *, unit: str = "", manual_fallback: bool = False
) -> Callable[[Callable[[int], float | None]], Callable[[int], float | None]]:
    """Register ``compute(year) -> value | None`` as the computed source ``key``."""

    def decorator(func: Callable[[int], float | None]) -> Callable[[int], float | None]:
        REGISTRY[key] = Source(key, label, unit, func, manual_fallback)
        return func

    return decorator


def source_choices() -> list[tuple[str, str | Promise]]:
    return [(MANUAL, _("Isian manual tim"))] + [(k, s.label) for k, s in sorted(REGISTRY.items())]


def source_label(key: str) -> str | Promise:
    if key in REGISTRY:
        return REGISTRY[key].label
    return _("Isian manual tim")


def compute(key: str, year: int) -> float | None:
    """The computed value of source ``key`` for ``year`` (``None``: manual or no data)."""
    src = REGISTRY.get(key)
    return None if src is None else src.compute(year)


def resolve(key: str, year: int, manual: float | None) -> tuple[float | None, str]:
    """The value shown for ``year`` and where it came from: ``("computed")`` from Penata's data,
    ``("manual")`` the team's entry (a manual indicator, or a fallback source in a year without
    data), ``("")`` nothing yet."""
    src = REGISTRY.get(key)
    if src is not None:
        value = src.compute(year)
        if value is not None or not src.manual_fallback:
            return value, "computed" if value is not None else ""
    return (manual, "manual") if manual is not None else (None, "")


def has_manual_fallback(key: str) -> bool:
    src = REGISTRY.get(key)
    return src is not None and src.manual_fallback


def accepts_manual(key: str, year: int) -> bool:
    """May the team enter the actual value of ``year`` by hand?"""
    src = REGISTRY.get(key)
    return src is None or (src.manual_fallback and src.compute(year) is None)


# --- Penata's own sources -----------------------------------------------------------------------


@register("learning_20jp", _("Kompetensi: persentase ASN aktif mencapai 20 JP"), unit="%")
def _share_20jp(year: int) -> float | None:
    from penata.learning.ledger import opd_stats
    from penata.workforce.models import Employee

    total = opd_stats(Employee.objects.all(), year)["total"]
    return total.share_met if total.active else None


@register("talent_pool", _("Talenta: jumlah ASN di kotak 7–9 (talent pool)"), unit="orang")
def _talent_pool(year: int) -> float | None:
    from penata.talent.models import TalentBox
    from penata.talent.rules import TALENT_POOL

    boxes = TalentBox.objects.filter(period__year=year)
    if not boxes.exists():
        return None
    return float(boxes.filter(box__in=TALENT_POOL).values("employee_id").distinct().count())


@register("forum_practices", _("Forum: praktik baik dikurasi pada tahun itu"), unit="praktik")
def _practices(year: int) -> float | None:
    from penata.forum.models import Practice, PracticeStatus

    return float(
        Practice.objects.filter(status=PracticeStatus.CURATED, curated_at__year=year).count()
    )


@register("engagement_readiness", _("Perubahan: indeks kesiapan kota (gelombang terakhir)"))
def _readiness(year: int) -> float | None:
    from penata.engagement.models import SurveyWave, WaveStatus
    from penata.engagement.selectors import readiness_for_wave

    wave = (
        SurveyWave.objects.filter(status=WaveStatus.CLOSED, closes_on__year=year)
        .order_by("-closes_on", "-pk")
        .first()
    )
    if wave is None:
        return None
    _rows, city = readiness_for_wave(wave)
    return None if city.hidden or city.index is None else float(city.index)


@register(
    "funding_partner_share",
    _("Pendanaan: persentase biaya pelatihan yang didanai mitra (realisasi)"),
    unit="%",
)
def _partner_share(year: int) -> float | None:
    from penata.funding.reports import budget_report

    report = budget_report(year, with_programs=False)
    sponsor = report["sponsor_realised"]
    total = report["totals"].realised + sponsor
    return round(100 * sponsor / total, 1) if total else None


@register(
    "portal_ikm",
    _("Portal publik: IKM kota (semester terakhir tahun itu, PermenPANRB 14/2017)"),
    unit="nilai",
    manual_fallback=True,
)
def _ikm(year: int) -> float | None:
    """The city's IKM of the year's last survey period with published results (units hidden for
    too few respondents are left out, as on the portal); ``None`` before the portal has data."""
    from penata.portal.selectors import ikm_city, ikm_periods

    for period in ikm_periods():  # newest first
        if not period.startswith(f"{year}-"):
            continue
        city = ikm_city(period)
        if city.index is not None:
            return float(city.index)
    return None
