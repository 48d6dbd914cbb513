"""API of talent management: the talent map of a period (counts per box), its people, the
talent pool, and a person's box history — scoped like the pages: BKPP, administrators and the
talent committee see everyone, an OPD operator their units, an employee only their own box.

No ``from __future__ import annotations`` here: Ninja reads the parameter annotations through
the ``api_require`` wrapper, whose globals are not this module's.
"""

from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from penata.core.api import BoundedPagination, api_require
from penata.core.roles import Perm
from penata.performance.models import AppraisalPeriod
from penata.talent import rules, selectors
from penata.talent.models import BoxRecommendation

router = Router(tags=["talenta"])


class BoxCountOut(Schema):
    box: int
    count: int
    performance: str
    potential: str
    in_pool: bool
    recommendation: str


class MapOut(Schema):
    period_id: int
    total: int
    pool: int
    boxes: list[BoxCountOut]


class MapFilter(Schema):
    opd: int | None = None
    rank: int | None = None
    position_kind: str = ""


@router.get("/talent/periods/{period_id}/map", response=MapOut, summary="Peta talenta 9 kotak")
@api_require(Perm.TALENT_MAP)
def talent_map(request: HttpRequest, period_id: int, filters: Query[MapFilter]) -> Any:
    period = get_object_or_404(AppraisalPeriod, pk=period_id)
    qs = selectors.talent_boxes_visible_to(request.auth).filter(period=period)  # type: ignore[attr-defined]
    qs = selectors.MapFilters(filters.opd, filters.rank, filters.position_kind).apply(qs)
    counts = selectors.box_counts(qs)
    recs = dict(BoxRecommendation.objects.values_list("box", "recommendation"))
    boxes = []
    for b in range(9, 0, -1):
        perf, pot = rules.BOX_CELL[b]
        boxes.append(
            {
                "box": b,
                "count": counts.get(b, 0),
                "performance": perf.value,
                "potential": pot.value,
                "in_pool": rules.in_talent_pool(b),
                "recommendation": recs.get(b, ""),
            }
        )
    return {
        "period_id": period.pk,
        "total": sum(counts.values()),
        "pool": sum(n for b, n in counts.items() if rules.in_talent_pool(b)),
        "boxes": boxes,
    }


class TalentBoxOut(Schema):
    period_id: int
    employee_id: int
    nip: str
    name: str
    opd_id: int | None
    rank_id: int | None
    position_kind: str
    predikat: str
    performance_level: str
    potential_level: str
    potential_score: Decimal
    box: int

    @staticmethod
    def resolve_nip(obj: Any) -> str:
        return str(obj.employee.nip)

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj.employee.name)


class BoxFilter(MapFilter):
    box: int | None = None
    pool: bool = False


@router.get(
    "/talent/periods/{period_id}/boxes",
    response=list[TalentBoxOut],
    summary="Pegawai pada peta talenta (saring per kotak, kelompok suksesi)",
)
@api_require(Perm.TALENT_MAP)
@paginate(BoundedPagination)
def talent_boxes(request: HttpRequest, period_id: int, filters: Query[BoxFilter]) -> Any:
    get_object_or_404(AppraisalPeriod, pk=period_id)
    qs = selectors.talent_boxes_visible_to(request.auth).filter(period_id=period_id)  # type: ignore[attr-defined]
    qs = selectors.MapFilters(filters.opd, filters.rank, filters.position_kind).apply(qs)
    if filters.box:
        qs = qs.filter(box=filters.box)
    elif filters.pool:
        qs = qs.filter(box__in=sorted(rules.TALENT_POOL))
    return qs.select_related("employee").order_by("-box", "-potential_score", "employee_id")


@router.get(
    "/talent/employees/{employee_id}/boxes",
    response=list[TalentBoxOut],
    summary="Riwayat kotak talenta seorang pegawai",
)
@api_require(Perm.TALENT_OWN)
def employee_boxes(request: HttpRequest, employee_id: int) -> Any:
    if not selectors.employee_visible(request.auth, employee_id):  # type: ignore[attr-defined]
        raise Http404
    return (
        selectors.talent_boxes_visible_to(request.auth)  # type: ignore[attr-defined]
        .filter(employee_id=employee_id)
        .select_related("employee")
        .order_by("-period__year", "period__kind")
    )


class CandidateOut(Schema):
    employee_id: int
    nip: str
    name: str
    eligible: bool
    rank: int | None
    performance: Decimal
    potential: Decimal
    competency: Decimal
    training: Decimal
    experience: Decimal
    merit: Decimal
    exclusions: list[dict[str, str]]

    @staticmethod
    def resolve_nip(obj: Any) -> str:
        return str(obj.employee.nip)

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj.employee.name)


class RankingFilter(Schema):
    eligible: bool | None = None


@router.get(
    "/talent/vacancies/{vacancy_id}/ranking",
    response=list[CandidateOut],
    summary="Peringkat merit lowongan (dengan alasan tidak memenuhi syarat)",
)
@api_require(Perm.TALENT_VIEW_ALL)
@paginate(BoundedPagination)
def vacancy_ranking(request: HttpRequest, vacancy_id: int, filters: Query[RankingFilter]) -> Any:
    from penata.talent.models import RankingCandidate, Vacancy

    v = get_object_or_404(Vacancy, pk=vacancy_id)
    qs = RankingCandidate.objects.filter(vacancy=v).select_related("employee")
    if filters.eligible is not None:
        qs = qs.filter(eligible=filters.eligible)
    return qs.order_by("-eligible", "rank", "employee_id")


class SuccessionRowOut(Schema):
    position_id: int
    position: str
    ready_now: int
    one_two_years: int
    three_plus: int
    covered: bool


class SuccessionOut(Schema):
    period_id: int
    positions: int
    covered: int
    coverage: Decimal
    rows: list[SuccessionRowOut]


@router.get(
    "/talent/periods/{period_id}/succession",
    response=SuccessionOut,
    summary="Suksesi jabatan kunci: suksesor per kesiapan dan cakupan",
)
@api_require(Perm.TALENT_VIEW_ALL)
def succession_summary(request: HttpRequest, period_id: int) -> Any:
    from penata.talent import succession

    period = get_object_or_404(AppraisalPeriod, pk=period_id)
    s = succession.summary_for(period.pk)
    return {
        "period_id": period.pk,
        "positions": s["positions"],
        "covered": s["covered"],
        "coverage": s["coverage"],
        "rows": [
            {
                "position_id": r["position"].pk,
                "position": r["position"].name,
                "ready_now": r["ready_now"],
                "one_two_years": r["one_two_years"],
                "three_plus": r["three_plus"],
                "covered": r["covered"],
            }
            for r in s["rows"]
        ],
    }


# --- open selection (seleksi terbuka JPT pratama) ---------------------------------------------


class SelectionOut(Schema):
    id: int
    title: str
    position: str
    status: str
    opens_on: str
    closes_on: str
    weights: dict[str, Decimal]

    @staticmethod
    def resolve_position(obj: Any) -> str:
        return str(obj.position.name)

    @staticmethod
    def resolve_opens_on(obj: Any) -> str:
        return str(obj.opens_on.isoformat())

    @staticmethod
    def resolve_closes_on(obj: Any) -> str:
        return str(obj.closes_on.isoformat())

    @staticmethod
    def resolve_weights(obj: Any) -> dict[str, Decimal]:
        return {st.kind: st.weight for st in obj.stages.all()}


@router.get("/talent/selections", response=list[SelectionOut], summary="Seleksi terbuka JPT")
@api_require(Perm.TALENT_VIEW_ALL)
@paginate(BoundedPagination)
def selections(request: HttpRequest) -> Any:
    from penata.talent.models import OpenSelection

    return (
        OpenSelection.objects.select_related("position")
        .prefetch_related("stages")
        .order_by("-opens_on", "-pk")
    )


class SelectionRankOut(Schema):
    applicant_id: int
    rank: int | None
    nip: str
    name: str
    agency: str
    external: bool
    admin_passed: bool | None
    admin_failures: list[dict[str, str]]
    stage_scores: dict[str, str]
    final_score: Decimal | None

    @staticmethod
    def resolve_applicant_id(obj: Any) -> int:
        return int(obj.pk)

    @staticmethod
    def resolve_rank(obj: Any) -> int | None:
        return obj.rank_position


@router.get(
    "/talent/selections/{selection_id}/ranking",
    response=list[SelectionRankOut],
    summary="Pelamar seleksi terbuka: hasil administrasi, nilai per tahap, peringkat",
)
@api_require(Perm.TALENT_VIEW_ALL)
@paginate(BoundedPagination)
def selection_ranking(request: HttpRequest, selection_id: int) -> Any:
    from penata.talent.models import OpenSelection, SelectionApplicant

    s = get_object_or_404(OpenSelection, pk=selection_id)
    return SelectionApplicant.objects.filter(selection=s).order_by("rank_position", "name", "pk")


class MyApplicationOut(Schema):
    applicant_id: int
    selection_id: int
    selection: str
    admin_passed: bool | None
    admin_failures: list[dict[str, str]]
    rank: int | None

    @staticmethod
    def resolve_applicant_id(obj: Any) -> int:
        return int(obj.pk)

    @staticmethod
    def resolve_selection(obj: Any) -> str:
        return str(obj.selection.title)

    @staticmethod
    def resolve_rank(obj: Any) -> int | None:
        # the applicant's own rank, once the three best were reported
        return obj.rank_position if obj.selection.status != "closed" else None


@router.get(
    "/talent/selection-applications",
    response=list[MyApplicationOut],
    summary="Lamaran seleksi terbuka saya",
)
@api_require(Perm.SELECTION_APPLY)
def my_applications(request: HttpRequest) -> Any:
    from penata.talent import selection as svc

    return list(svc.own_applications(request.auth).order_by("-applied_at"))  # type: ignore[attr-defined]


class PanelScoreIn(Schema):
    applicant_id: int
    score: Decimal


class PanelScoresIn(Schema):
    scores: list[PanelScoreIn]


class PanelScoreOut(Schema):
    applicant_id: int
    member_id: int
    own: bool
    score: Decimal


def _stage_for(request: HttpRequest, selection_id: int, stage_id: int) -> Any:
    from penata.talent import selection as svc
    from penata.talent.models import SelectionStage

    st = SelectionStage.objects.filter(pk=stage_id, selection_id=selection_id).first()
    if st is None or svc.member_of(request.auth, selection_id) is None:  # type: ignore[attr-defined]
        raise Http404
    return st


@router.get(
    "/talent/selections/{selection_id}/stages/{stage_id}/scores",
    response=list[PanelScoreOut],
    summary="Nilai panitia pada satu tahap (sebelum ditutup: hanya nilai sendiri)",
)
@api_require(Perm.SELECTION_PANEL)
def stage_scores(request: HttpRequest, selection_id: int, stage_id: int) -> Any:
    from penata.talent import selection as svc

    st = _stage_for(request, selection_id, stage_id)
    me = svc.member_of(request.auth, selection_id)  # type: ignore[attr-defined]
    return [
        {
            "applicant_id": x.applicant_id,
            "member_id": x.member_id,
            "own": x.member_id == me.pk,  # type: ignore[union-attr]
            "score": x.score,
        }
        for x in svc.scores_visible_to(request.auth, st).order_by("applicant_id", "member_id")  # type: ignore[attr-defined]
    ]


@router.put(
    "/talent/selections/{selection_id}/stages/{stage_id}/scores",
    response=list[PanelScoreOut],
    summary="Mengisi nilai sendiri sebagai anggota panitia (semua atau tidak sama sekali)",
)
@api_require(Perm.SELECTION_PANEL)
def stage_scores_put(
    request: HttpRequest, selection_id: int, stage_id: int, payload: PanelScoresIn
) -> Any:
    from django.db import transaction

    from penata.talent import selection as svc
    from penata.talent.models import SelectionApplicant

    st = _stage_for(request, selection_id, stage_id)
    by_id = SelectionApplicant.objects.in_bulk([x.applicant_id for x in payload.scores])
    try:
        with transaction.atomic():
            for i, x in enumerate(payload.scores):
                a = by_id.get(x.applicant_id)
                if a is None or a.selection_id != selection_id:
                    raise svc.TalentError(
                        "applicant",
                        f"scores[{i}]: pelamar {x.applicant_id} tidak ada pada seleksi ini.",
                    )
                try:
                    svc.score_set(actor=request.auth, stage=st, applicant=a, score=x.score)  # type: ignore[attr-defined]
                except svc.TalentError as exc:
                    raise svc.TalentError(exc.code, f"scores[{i}]: {exc.message}") from None
    except svc.TalentError as exc:
        err = HttpError(400, exc.message)
        err.code = exc.code  # type: ignore[attr-defined]
        raise err from None
    return stage_scores(request, selection_id, stage_id)
