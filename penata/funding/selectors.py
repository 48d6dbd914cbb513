"""Reads of funding shared by pages and the API, scoped to the user.

* BKPP / administrator (:attr:`Perm.FUNDING_MANAGE`): everything;
* a ``mitra`` account linked to a partner (:class:`PartnerMember`): that partner's agreements
  and sponsorships only; unlinked: nothing;
* everyone else: nothing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from penata.core.access import has_perm
from penata.core.roles import Perm
from penata.funding.models import Agreement, AgreementDocument, Partner, PartnerMember, Sponsorship


def partner_of(user: Any) -> Partner | None:
    """The partner organisation a ``mitra`` account is linked to."""
    if not getattr(user, "is_authenticated", False):
        return None
    link = PartnerMember.objects.filter(user_id=user.pk).select_related("partner").first()
    return link.partner if link else None


def _partner_ids(user: Any) -> list[int] | None:
    """``None``: all partners; a list: only these."""
    if has_perm(user, Perm.FUNDING_MANAGE):
        return None
    if not has_perm(user, Perm.FUNDING_PARTNER_VIEW):
        return []
    return list(PartnerMember.objects.filter(user_id=user.pk).values_list("partner_id", flat=True))


def partners_visible_to(user: Any) -> QuerySet[Partner]:
    ids = _partner_ids(user)
    qs = Partner.objects.all()
    return qs if ids is None else qs.filter(pk__in=ids)


def agreements_visible_to(user: Any) -> QuerySet[Agreement]:
    ids = _partner_ids(user)
    qs = Agreement.objects.select_related("partner")
    return qs if ids is None else qs.filter(partner_id__in=ids)


def documents_visible_to(user: Any) -> QuerySet[AgreementDocument]:
    ids = _partner_ids(user)
    qs = AgreementDocument.objects.select_related("agreement")
    return qs if ids is None else qs.filter(agreement__partner_id__in=ids)


def sponsorships_visible_to(user: Any) -> QuerySet[Sponsorship]:
    ids = _partner_ids(user)
    qs = Sponsorship.objects.select_related("partner", "program", "agreement")
    return qs if ids is None else qs.filter(partner_id__in=ids)


def recognised_partners() -> QuerySet[Partner]:
    """Partners shown on the public page: active, consented, with a realised or pledged
    sponsorship that is not cancelled."""
    return (
        Partner.objects.filter(
            is_active=True,
            public_recognition=True,
            sponsorships__is_cancelled=False,
        )
        .distinct()
        .order_by("name")
    )
