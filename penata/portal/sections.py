"""The portal's own sections and those of apps already on main (forum best practices, city
indicators), registered from :class:`penata.portal.apps.PortalConfig`."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from penata.portal.sources import register_section


def published_practices(limit: int) -> list[dict[str, Any]]:
    """The latest curated best practices published to the portal: title, topic, OPD, problem
    summary and the forum's public page. No contact person."""
    from penata.forum.selectors import practices_public

    qs = practices_public().select_related("topic", "opd").order_by("-published_at", "-pk")
    return [
        {
            "title": p.title,
            "topic": p.topic.name,
            "opd": p.opd.name,
            "summary": p.problem[:240],
            "url": reverse("forum:public_practice_detail", args=[p.pk]),
            "date": p.published_at or p.curated_at,
        }
        for p in qs[:limit]
    ]


def headline_indicators(limit: int) -> list[dict[str, Any]]:
    """A few headline numbers of the city (suppression applied)."""
    from penata.portal import selectors

    data = selectors.city_indicators()
    items: list[dict[str, Any]] = []
    if data["opd_gender"].total is not None:
        items.append({"label": _("ASN dalam layanan"), "value": data["opd_gender"].total})
    jp = data["jp"]
    if jp.total and jp.col_totals and jp.col_totals[0] is not None:
        pct = round(100.0 * jp.col_totals[0] / jp.total, 1)
        items.append(
            {
                "label": _("ASN mencapai target JP %(y)s") % {"y": data["jp_year"]},
                "value": f"{pct}%",
            }
        )
    talent = data["talent"]
    if talent is not None and talent.counts[0] is not None:
        items.append({"label": _("ASN dalam kelompok talenta"), "value": talent.counts[0]})
    if data["readiness"]:
        items.append({"label": _("Indeks kesiapan perubahan"), "value": data["readiness"]["index"]})
    ikm = data["ikm_city"]
    if ikm is not None and ikm.index is not None:
        items.append(
            {
                "label": _("IKM kota (%(p)s)") % {"p": ikm.period_label},
                "value": f"{ikm.index} ({ikm.mutu})",
            }
        )
    return items  # headline numbers: all of them, whatever the limit


def open_consultations(limit: int) -> list[dict[str, Any]]:
    """Public consultations open today (policy workspace): title, document, window, link."""
    from penata.policy.selectors import open_consultations as policy_open

    return [
        {
            "title": c.title,
            "document": c.version.document.title,
            "closes_on": c.closes_on,
            "url": reverse("policy:public_detail", args=[c.slug]),
        }
        for c in policy_open()[:limit]
    ]


def research_summaries(limit: int) -> list[dict[str, Any]]:
    """Published research outputs (research partnerships): title, institution, summary,
    recommendations and the policy items they inform. No author or account."""
    from penata.research.selectors import public_outputs

    return public_outputs()[:limit]


def selection_results(limit: int) -> list[dict[str, Any]]:
    """Published open-selection results (seleksi terbuka JPT pratama): the position and the
    three best as announced. No NIP and no scores."""
    from penata.talent.selection import public_results

    return public_results()[:limit]


def register_builtin_sections() -> None:
    register_section(
        "indikator",
        _("Indikator kepegawaian kota"),
        "portal/sections/indicators.html",
        headline_indicators,
        order=10,
        description=_("Angka agregat ASN Kota Semarang; kelompok kecil disembunyikan."),
        more_url="portal:indicators",
    )
    register_section(
        "praktik-baik",
        _("Praktik baik ASN"),
        "portal/sections/practices.html",
        published_practices,
        order=20,
        description=_("Praktik baik ASN yang dikurasi BKPP dan diterbitkan untuk publik."),
    )
    register_section(
        "konsultasi",
        _("Konsultasi publik yang dibuka"),
        "portal/sections/consultations.html",
        open_consultations,
        order=15,
        description=_("Rancangan kebijakan yang sedang meminta masukan masyarakat."),
    )
    register_section(
        "riset",
        _("Ringkasan hasil riset"),
        "portal/sections/research.html",
        research_summaries,
        order=30,
        description=_("Ringkasan dan rekomendasi penelitian perguruan tinggi mitra."),
    )
    register_section(
        "seleksi-terbuka",
        _("Hasil seleksi terbuka JPT pratama"),
        "portal/sections/selection.html",
        selection_results,
        order=40,
        description=_("Tiga nama terbaik per jabatan seperti diumumkan panitia seleksi."),
    )
