"""Roster import through the web: upload → check (preview with every error) → confirm → import."""

from __future__ import annotations

import csv
import hashlib
import io

from django import forms
from django.conf import settings
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
from penata.workforce.models import RosterUpload
from penata.workforce.roster import COLUMNS, REQUIRED_COLUMNS
from penata.workforce.tasks import roster_apply, roster_check

ALLOWED_SUFFIXES = (".csv", ".txt", ".xlsx", ".xls", ".ods")


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Berkas roster (CSV atau XLSX)"),
        help_text=gettext_lazy(
            "Baris pertama berisi judul kolom. CSV boleh dipisah koma atau titik koma."
        ),
    )
    skip_invalid = forms.BooleanField(
        label=gettext_lazy("Tetap impor baris yang benar bila ada baris yang ditolak"),
        required=False,
    )

    def clean_file(self) -> object:
        f = self.cleaned_data["file"]
        name = f.name or ""
        if not name.lower().endswith(ALLOWED_SUFFIXES):
            raise forms.ValidationError(
                _("Jenis berkas tidak didukung. Unggah .csv atau .xlsx (juga .xls/.ods).")
            )
        if f.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("Berkas terlalu besar (%(size)s MB); batasnya %(limit)s MB. Pecah berkasnya.")
                % {
                    "size": f"{f.size / 1024 / 1024:.1f}",
                    "limit": settings.UPLOAD_MAX_BYTES // 1024 // 1024,
                }
            )
        if f.size == 0:
            raise forms.ValidationError(_("Berkas kosong."))
        return f


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _uploads_of(request: HttpRequest) -> QuerySet[RosterUpload]:
    # BKPP officers see each other's uploads: the import is the office's shared work.
    return RosterUpload.objects.select_related("uploaded_by", "check_progress", "import_progress")


@require(Perm.ROSTER_IMPORT)
def roster_upload(request: HttpRequest) -> HttpResponse:
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        data = f.read()
        user = _user(request)
        with transaction.atomic():
            upload = RosterUpload(
                uploaded_by=user,
                filename=f.name[:255],
                sha256=hashlib.sha256(data).hexdigest(),
                size=len(data),
                skip_invalid=form.cleaned_data["skip_invalid"],
            )
            upload.file.save(f"roster-{upload.sha256[:16]}.bin", ContentFile(data), save=False)
            upload.check_progress = core_services.progress_create(
                owner=user, kind="roster_check", label=_("Pemeriksaan %s") % upload.filename
            )
            upload.save()
            audit_record(
                actor=user,
                action="roster.upload",
                obj=upload,
                after={"filename": upload.filename, "size": upload.size, "sha256": upload.sha256},
            )
            transaction.on_commit(lambda: roster_check.enqueue(upload.pk))
        return redirect("workforce:roster_detail", pk=upload.pk)
    recent = _uploads_of(request)[:10]
    return render(
        request,
        "workforce/roster_upload.html",
        {"form": form, "recent": recent, "columns": COLUMNS, "required": REQUIRED_COLUMNS},
    )


@require(Perm.ROSTER_IMPORT)
@require_GET
def roster_detail(request: HttpRequest, pk: int) -> HttpResponse:
    upload = get_object_or_404(_uploads_of(request), pk=pk)
    report = upload.result or upload.preview or {}
    errors = report.get("errors", [])
    page = Paginator(errors, 100).get_page(request.GET.get("page"))
    busy = upload.status in (RosterUpload.Status.CHECKING, RosterUpload.Status.IMPORTING)
    progress = (
        upload.import_progress
        if upload.status == RosterUpload.Status.IMPORTING
        else upload.check_progress
    )
    template = (
        "workforce/_roster_status.html"
        if request.headers.get("HX-Request")
        else "workforce/roster_detail.html"
    )
    response = render(
        request,
        template,
        {
            "upload": upload,
            "report": report,
            "errors_page": page,
            "warnings": report.get("warnings", [])[:200],
            "busy": busy,
            "progress": progress,
            "can_confirm": upload.status == RosterUpload.Status.CHECKED
            and (not report.get("rejected") or upload.skip_invalid)
            and (report.get("created") or report.get("updated")),
        },
    )
    if request.headers.get("HX-Request") and not busy:
        response["HX-Refresh"] = "true"  # finished: reload the page to show the whole report
    return response


@require(Perm.ROSTER_IMPORT)
@require_POST
def roster_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    with transaction.atomic():
        upload = get_object_or_404(_uploads_of(request).select_for_update(of=("self",)), pk=pk)
        if upload.status != RosterUpload.Status.CHECKED:
            messages.error(
                request,
                _("Unggahan ini tidak menunggu konfirmasi (status: %s).")
                % upload.get_status_display(),
            )
            return redirect("workforce:roster_detail", pk=pk)
        preview = upload.preview or {}
        if preview.get("rejected") and not upload.skip_invalid:
            messages.error(
                request,
                _(
                    "Ada %(n)s baris ditolak. Perbaiki berkas lalu unggah ulang, atau unggah ulang "
                    "dengan pilihan 'tetap impor baris yang benar'."
                )
                % {"n": preview.get("rejected")},
            )
            return redirect("workforce:roster_detail", pk=pk)
        upload.status = RosterUpload.Status.IMPORTING
        upload.import_progress = core_services.progress_create(
            owner=user, kind="roster_import", label=_("Impor %s") % upload.filename
        )
        upload.save(update_fields=["status", "import_progress"])
        audit_record(actor=user, action="roster.confirm", obj=upload)
        transaction.on_commit(lambda: roster_apply.enqueue(upload.pk))
    return redirect("workforce:roster_detail", pk=pk)


@require(Perm.ROSTER_IMPORT)
@require_GET
def roster_errors(request: HttpRequest, pk: int) -> HttpResponse:
    """Every error of the check (or of the import) as CSV, to fix the file in Excel."""
    upload = get_object_or_404(_uploads_of(request), pk=pk)
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
    response["Content-Disposition"] = f'attachment; filename="galat-impor-{upload.pk}.csv"'
    return response


@require(Perm.ROSTER_IMPORT)
@require_GET
def roster_template(request: HttpRequest) -> HttpResponse:
    """An empty roster with the headers and one example row."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(COLUMNS)
    writer.writerow(
        [
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
    )
    response = HttpResponse("\ufeff" + buf.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="contoh-roster.csv"'
    return response
