"""API of change management: my announcements, events and open surveys; check-in; answering a
survey; readiness per OPD (anonymity applied) and hot spots, scoped like the pages.

A refused action is a 409 ``{"code", "message"}`` with the message in Indonesian.

No ``from __future__ import annotations`` here: Ninja reads the parameter annotations through
the ``api_require`` wrapper, whose globals are not this module's.
"""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from pydantic import Field

from penata.core.api import api_require
from penata.core.api_errors import declare_errors
from penata.core.roles import Perm
from penata.engagement import selectors, services
from penata.engagement.models import SurveyWave
from penata.engagement.services import EngagementError

router = Router(tags=["perubahan"])


class _Refused(HttpError):
    def __init__(self, exc: EngagementError) -> None:
        super().__init__(409, exc.message)
        self.code = exc.code


class AnnouncementOut(Schema):
    id: int
    campaign: str
    title: str
    body: str
    published_at: dt.datetime


@router.get(
    "/engagement/announcements", response=list[AnnouncementOut], summary="Pengumuman untuk saya"
)
@api_require(Perm.ENGAGEMENT_PARTICIPATE)
def announcements(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "id": a.pk,
            "campaign": a.campaign.topic,
            "title": a.title,
            "body": a.body,
            "published_at": a.published_at,
        }
        for a in selectors.announcements_for(request.auth)[:100]  # type: ignore[attr-defined]
    ]


class EventOut(Schema):
    id: int
    title: str
    kind: str
    mode: str
    location: str
    starts_at: dt.datetime
    ends_at: dt.datetime


@router.get("/engagement/events", response=list[EventOut], summary="Acara (undangan saya)")
@api_require(Perm.ENGAGEMENT_PARTICIPATE)
def events(request: HttpRequest) -> list[Any]:
    user = request.auth  # type: ignore[attr-defined]
    return list(selectors.events_visible_to(user).order_by("-starts_at")[:200])


class CheckInIn(Schema):
    code: str = Field(..., min_length=1, max_length=20)


class CheckInOut(Schema):
    event_id: int
    checked_in_at: dt.datetime


@router.post("/engagement/check-in", response=CheckInOut, summary="Check-in dengan kode")
@api_require(Perm.ENGAGEMENT_PARTICIPATE)
def check_in(request: HttpRequest, body: CheckInIn) -> dict[str, Any]:
    try:
        a = services.checkin_redeem(user=request.auth, raw_code=body.code)  # type: ignore[attr-defined]
    except EngagementError as exc:
        raise _Refused(exc) from exc
    return {"event_id": a.event_id, "checked_in_at": a.checked_in_at}


class WaveOut(Schema):
    id: int
    survey: str
    number: int
    closes_on: dt.date


@router.get("/engagement/surveys/open", response=list[WaveOut], summary="Survei menunggu saya")
@api_require(Perm.ENGAGEMENT_PARTICIPATE)
def open_surveys(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {"id": w.pk, "survey": w.survey.title, "number": w.number, "closes_on": w.closes_on}
        for w in selectors.open_waves_for(request.auth)  # type: ignore[attr-defined]
    ]


class AnswerIn(Schema):
    answers: dict[int, int] = Field(..., description="id butir → jawaban 1–5")


@router.post(
    "/engagement/waves/{wave_id}/responses", response={204: None}, summary="Isi survei (anonim)"
)
@api_require(Perm.ENGAGEMENT_PARTICIPATE)
def respond(request: HttpRequest, wave_id: int, body: AnswerIn) -> Status[None]:
    user = request.auth  # type: ignore[attr-defined]
    if wave_id not in {w.pk for w in selectors.open_waves_for(user)}:
        raise Http404
    wave = SurveyWave.objects.select_related("survey").get(pk=wave_id)
    try:
        services.response_submit(user=user, wave=wave, answers=body.answers)
    except EngagementError as exc:
        raise _Refused(exc) from exc
    return Status(204, None)


class ReadinessRowOut(Schema):
    opd_id: int | None
    name: str
    respondents: int | None
    hidden: bool
    dimensions: dict[str, float | None]
    index: float | None


class ReadinessQuery(Schema):
    wave_id: int | None = Field(None, description="gelombang yang ditutup; kosong: terakhir")


@router.get(
    "/engagement/readiness",
    response=list[ReadinessRowOut],
    summary="Indeks kesiapan per OPD",
    openapi_extra=declare_errors(404),  # no closed survey wave (or not the one asked)
)
@api_require(Perm.ENGAGEMENT_STATS)
def readiness(request: HttpRequest, q: Query[ReadinessQuery]) -> list[dict[str, Any]]:
    user = request.auth  # type: ignore[attr-defined]
    waves = selectors.closed_waves()
    wave = waves.filter(pk=q.wave_id).first() if q.wave_id else waves.last()
    if wave is None:
        raise Http404
    rows, city = selectors.readiness_visible(user, wave)
    return [
        {
            "opd_id": r.opd_id,
            "name": r.name,
            "respondents": None if r.hidden else r.n,
            "hidden": r.hidden,
            "dimensions": r.dims,
            "index": None if r.index is None else round(r.index, 1),
        }
        for r in [*rows, *([city] if city else [])]
    ]


class HotSpotOut(Schema):
    opd_id: int
    name: str
    readiness: float | None
    attendance: float | None
    weakest: str | None
    has_champion: bool
    hot: bool
    suggestions: list[str]
    open_actions: int


@router.get("/engagement/hot-spots", response=list[HotSpotOut], summary="Titik rawan per OPD")
@api_require(Perm.ENGAGEMENT_STATS)
def hot_spots(request: HttpRequest) -> list[Any]:
    user = request.auth  # type: ignore[attr-defined]
    return [h.__dict__ for h in selectors.hot_spots(user, selectors.closed_waves().last())]
