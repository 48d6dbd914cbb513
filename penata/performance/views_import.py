"""e-Kinerja import through the web: upload → check (preview with every error) → confirm →
import with progress. The same flow and report as the roster import (``core.import_views``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from penata.core.access import require
from penata.core.import_views import ImportFlow, ImportUploadForm
from penata.core.roles import Perm
from penata.performance.ekinerja import COLUMNS, REQUIRED
from penata.performance.models import EkinerjaUpload
from penata.performance.tasks import ekinerja_apply, ekinerja_check


class EkinerjaUploadForm(ImportUploadForm):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["file"].label = gettext_lazy("Berkas ekspor e-Kinerja (CSV atau XLSX)")


FLOW = ImportFlow(
    model=EkinerjaUpload,
    kind="ekinerja",
    check_task=ekinerja_check,
    apply_task=ekinerja_apply,
    title=gettext_lazy("Impor e-Kinerja"),
    url_prefix="performance:ekinerja",
    upload_template="performance/ekinerja_upload.html",
    form_class=EkinerjaUploadForm,
    upload_context=lambda: {"columns": COLUMNS, "required": REQUIRED},
)


@require(Perm.PERFORMANCE_MANAGE)
def ekinerja_upload(request: HttpRequest) -> HttpResponse:
    return FLOW.upload(request)


@require(Perm.PERFORMANCE_MANAGE)
@require_GET
def ekinerja_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return FLOW.detail(request, pk)


@require(Perm.PERFORMANCE_MANAGE)
@require_POST
def ekinerja_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return FLOW.confirm(request, pk)


@require(Perm.PERFORMANCE_MANAGE)
@require_GET
def ekinerja_errors(request: HttpRequest, pk: int) -> HttpResponse:
    return FLOW.errors(request, pk)
