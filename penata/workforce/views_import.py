"""Roster import through the web: upload → check (preview with every error) → confirm → import.

The flow is the shared ``core.import_views.ImportFlow``; this module adds the roster's names,
its column list and the example file.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from penata.core.access import require
from penata.core.import_views import ImportFlow, ImportUploadForm
from penata.core.roles import Perm
from penata.workforce.models import RosterUpload
from penata.workforce.roster import COLUMNS, REQUIRED_COLUMNS
from penata.workforce.tasks import roster_apply, roster_check


class RosterUploadForm(ImportUploadForm):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["file"].label = gettext_lazy("Berkas roster (CSV atau XLSX)")


FLOW = ImportFlow(
    model=RosterUpload,
    kind="roster",
    check_task=roster_check,
    apply_task=roster_apply,
    title=gettext_lazy("Impor roster"),
    url_prefix="workforce:roster",
    upload_template="workforce/roster_upload.html",
    form_class=RosterUploadForm,
    upload_context=lambda: {"columns": COLUMNS, "required": REQUIRED_COLUMNS},
)


@require(Perm.ROSTER_IMPORT)
def roster_upload(request: HttpRequest) -> HttpResponse:
    return FLOW.upload(request)


@require(Perm.ROSTER_IMPORT)
@require_GET
def roster_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return FLOW.detail(request, pk)


@require(Perm.ROSTER_IMPORT)
@require_POST
def roster_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return FLOW.confirm(request, pk)


@require(Perm.ROSTER_IMPORT)
@require_GET
def roster_errors(request: HttpRequest, pk: int) -> HttpResponse:
    return FLOW.errors(request, pk)


@require(Perm.ROSTER_IMPORT)
@require_GET
def roster_template(request: HttpRequest) -> HttpResponse:
    """An empty roster with the headers and one example row."""
    from penata.core.exports import csv_response

    example = [
        "198609262015051001",
        "Budi Santoso",
        "",
        "S.Kom.",
        "L",
        "Semarang",
        "26-09-1986",
        "PNS",
        "III/b",
        "01-04-2019",
        "Pranata Komputer",
        "Fungsional Ahli Pertama",
        "Dinas Komunikasi, Informatika, Statistik dan Persandian",
        "S1",
        "Teknik Informatika",
        "01-05-2015",
        "budi.santoso@semarangkota.go.id",
        "081234567890",
        "",
    ]
    return csv_response("contoh-roster.csv", COLUMNS, [example])
