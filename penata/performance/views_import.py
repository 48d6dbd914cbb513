"""e-Kinerja import through the web: upload → check (preview with every error) → confirm →
import with progress. The same flow and report as the roster import."""

from __future__ import annotations

import csv
import hashlib
import io

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from penata.core import services as core_services
from penata.core.access import require
from penata.core.audit import audit_record
from penata.core.exports import neutralise
from penata.core.models import User
from penata.core.roles import Perm
from penata.performance.ekinerja import COLUMNS, REQUIRED
from penata.performance.models import EkinerjaUpload
from penata.performance.tasks import ekinerja_apply, ekinerja_check
from penata.workforce.views_import import RosterUploadForm


class EkinerjaUploadForm(RosterUploadForm):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["file"].label = gettext_lazy("Berkas ekspor e-Kinerja (CSV atau XLSX)")


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _uploads() -> QuerySet[EkinerjaUpload]:
    return EkinerjaUpload.objects.select_related("uploaded_by", "check_progress", "import_progress")


@require(Perm.PERFORMANCE_MANAGE)
def ekinerja_upload(request: HttpRequest) -> HttpResponse:
    form = EkinerjaUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        data = f.read()
        user = _user(request)
        with transaction.atomic():
            upload = EkinerjaUpload(
                uploaded_by=user,
                filename=f.name[:255],
                sha256=hashlib.sha256(data).hexdigest(),
                size=len(data),
                skip_invalid=form.cleaned_data["skip_invalid"],
            )
            upload.file.save(f"ekinerja-{upload.sha256[:16]}.bin", ContentFile(data), save=False)
            upload.check_progress = core_services.progress_create(
                owner=user, kind="ekinerja_check", label=_("Pemeriksaan %s") % upload.filename
            )
            upload.save()
            audit_record(
                actor=user,
                action="ekinerja.upload",
                obj=upload,
                after={"filename": upload.filename, "size": upload.size, "sha256": upload.sha256},
            )
            transaction.on_commit(lambda: ekinerja_check.enqueue(upload.pk))
        return redirect("performance:ekinerja_detail", pk=upload.pk)
    return render(
        request,
        "performance/ekinerja_upload.html",
        {"form": form, "recent": _uploads()[:10], "columns": COLUMNS, "required": REQUIRED},
    )


@require(Perm.PERFORMANCE_MANAGE)
@require_GET
def ekinerja_detail(request: HttpRequest, pk: int) -> HttpResponse:
    upload = get_object_or_404(_uploads(), pk=pk)
    report = upload.result or upload.preview or {}
    busy = upload.status in (EkinerjaUpload.Status.CHECKING, EkinerjaUpload.Status.IMPORTING)
    progress = (
        upload.import_progress
        if upload.status == EkinerjaUpload.Status.IMPORTING
        else upload.check_progress
    )
    template = (
        "performance/_ekinerja_status.html"
        if request.headers.get("HX-Request")
        else "performance/ekinerja_detail.html"
    )
    response = render(
        request,
        template,
        {
            "upload": upload,
            "report": report,
            "errors_page": Paginator(report.get("errors", []), 100).get_page(
                request.GET.get("page")
            ),
            "warnings": report.get("warnings", [])[:200],
            "busy": busy,
            "progress": progress,
            "can_confirm": upload.status == EkinerjaUpload.Status.CHECKED
            and (not report.get("rejected") or upload.skip_invalid)
            and (report.get("created") or report.get("updated")),
        },
    )
    if request.headers.get("HX-Request") and not busy:
        response["HX-Refresh"] = "true"
    return response


@require(Perm.PERFORMANCE_MANAGE)
@require_POST
def ekinerja_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    with transaction.atomic():
        upload = get_object_or_404(_uploads().select_for_update(of=("self",)), pk=pk)
        preview = upload.preview or {}
        if upload.status != EkinerjaUpload.Status.CHECKED:
            messages.error(
                request,
                _("Unggahan ini tidak menunggu konfirmasi (status: %s).")
                % upload.get_status_display(),
            )
            return redirect("performance:ekinerja_detail", pk=pk)
        if preview.get("rejected") and not upload.skip_invalid:
            messages.error(
                request,
                _(
                    "Ada %(n)s baris ditolak. Perbaiki berkas lalu unggah ulang, atau unggah ulang "
                    "dengan pilihan 'tetap impor baris yang benar'."
                )
                % {"n": preview.get("rejected")},
            )
            return redirect("performance:ekinerja_detail", pk=pk)
        upload.status = EkinerjaUpload.Status.IMPORTING
        upload.import_progress = core_services.progress_create(
            owner=user, kind="ekinerja_import", label=_("Impor %s") % upload.filename
        )
        upload.save(update_fields=["status", "import_progress"])
        audit_record(actor=user, action="ekinerja.confirm", obj=upload)
        transaction.on_commit(lambda: ekinerja_apply.enqueue(upload.pk))
    return redirect("performance:ekinerja_detail", pk=pk)


@require(Perm.PERFORMANCE_MANAGE)
@require_GET
def ekinerja_errors(request: HttpRequest, pk: int) -> HttpResponse:
    """Every error of the check (or of the import) as CSV, to fix the file in Excel."""
    upload = get_object_or_404(_uploads(), pk=pk)
    report = upload.result or upload.preview or {}
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["baris", "kolom", "nilai", "kode", "pesan"])
    for e in report.get("errors", []):
        writer.writerow(
            [
                e["row"],
                e["column"],
                neutralise(str(e["value"])),
                e["code"],
                neutralise(e["message"]),
            ]
        )
    response = HttpResponse("\ufeff" + buf.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="galat-ekinerja-{upload.pk}.csv"'
    return response
