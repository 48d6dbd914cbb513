"""The web side of a file import: upload → check (preview with every error) → confirm → import.

One :class:`ImportFlow` per import (roster, e-Kinerja …) holds what differs — the upload model,
the two tasks, the templates, the names — and gives the four views. The access rule is declared
by the app's ``views`` module around each view (``@require(Perm…)``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from penata.core import services as core_services
from penata.core import uploads
from penata.core.exports import csv_response
from penata.core.models import ImportUpload, User

ALLOWED_SUFFIXES = tuple(f".{ext}" for ext in sorted(uploads.IMPORT_EXTENSIONS))


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Berkas (CSV atau XLSX)"),
        help_text=gettext_lazy(
            "Baris pertama berisi judul kolom. CSV boleh dipisah koma atau titik koma."
        ),
    )
    skip_invalid = forms.BooleanField(
        label=gettext_lazy("Tetap impor baris yang benar bila ada baris yang ditolak"),
        required=False,
    )

    def clean_file(self) -> object:
        """Size, extension, content sniffing and zip-bomb check (:mod:`penata.core.uploads`)."""
        f = self.cleaned_data["file"]
        try:
            uploads.check_import_file(
                f.name or "", int(f.size or 0), f, max_bytes=settings.UPLOAD_MAX_BYTES
            )
        except uploads.UploadRejected as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from None
        return f


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@dataclass
class ImportFlow:
    """What one import's pages need; its methods are the views."""

    model: type[ImportUpload]
    kind: str  # "roster", "ekinerja": names files, progress kinds and audit actions
    check_task: Any  # django.tasks Task(upload_id) validating without writing
    apply_task: Any  # django.tasks Task(upload_id) importing
    title: Any  # the page title, e.g. gettext_lazy("Impor roster")
    url_prefix: str  # URL names are <prefix>_upload, _detail, _confirm, _errors (``pk``)
    upload_template: str
    form_class: type[ImportUploadForm] = ImportUploadForm
    upload_context: Callable[[], dict[str, Any]] = field(default=dict)

    @property
    def detail_url(self) -> str:
        return f"{self.url_prefix}_detail"

    def names(self, pk: int) -> dict[str, Any]:
        """What the shared detail templates need to link back to this import's pages."""
        return {
            "kind": self.kind,
            "title": self.title,
            "upload_url": reverse(f"{self.url_prefix}_upload"),
            "detail_url": reverse(f"{self.url_prefix}_detail", args=[pk]),
            "confirm_url": reverse(f"{self.url_prefix}_confirm", args=[pk]),
            "errors_url": reverse(f"{self.url_prefix}_errors", args=[pk]),
        }

    def uploads(self) -> QuerySet[Any]:
        # The office's shared work: every officer allowed to import sees every upload.
        return self.model._default_manager.select_related(
            "uploaded_by", "check_progress", "import_progress"
        )

    def upload(self, request: HttpRequest) -> HttpResponse:
        form = self.form_class(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            f = form.cleaned_data["file"]
            upload = core_services.import_upload_create(
                actor=_user(request),
                model=self.model,
                kind=self.kind,
                filename=f.name or "",
                data=f.read(),
                skip_invalid=form.cleaned_data["skip_invalid"],
                check_task=self.check_task,
            )
            return redirect(self.detail_url, pk=upload.pk)
        return render(
            request,
            self.upload_template,
            {"form": form, "recent": self.uploads()[:10], **self.upload_context()},
        )

    def detail(self, request: HttpRequest, pk: int) -> HttpResponse:
        upload = get_object_or_404(self.uploads(), pk=pk)
        report = upload.result or upload.preview or {}
        status = ImportUpload.Status
        busy = upload.status in (status.CHECKING, status.IMPORTING)
        progress = (
            upload.import_progress if upload.status == status.IMPORTING else upload.check_progress
        )
        hx = bool(request.headers.get("HX-Request"))
        response = render(
            request,
            "core/_import_status.html" if hx else "core/import_detail.html",
            {
                "flow": self.names(upload.pk),
                "upload": upload,
                "report": report,
                "errors_page": Paginator(report.get("errors", []), 100).get_page(
                    request.GET.get("page")
                ),
                "warnings": report.get("warnings", [])[:200],
                "busy": busy,
                "progress": progress,
                "can_confirm": upload.status == status.CHECKED
                and (not report.get("rejected") or upload.skip_invalid)
                and bool(report.get("created") or report.get("updated")),
            },
        )
        if hx and not busy:
            response["HX-Refresh"] = "true"  # finished: reload to show the whole report
        return response

    def confirm(self, request: HttpRequest, pk: int) -> HttpResponse:
        get_object_or_404(self.uploads(), pk=pk)
        try:
            core_services.import_upload_confirm(
                actor=_user(request),
                model=self.model,
                kind=self.kind,
                pk=pk,
                apply_task=self.apply_task,
            )
        except core_services.ImportNotConfirmable as exc:
            messages.error(request, exc.message)
        return redirect(self.detail_url, pk=pk)

    def errors(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Every error of the check (or of the import) as CSV, to fix the file in Excel."""
        upload = get_object_or_404(self.uploads(), pk=pk)
        report = upload.result or upload.preview or {}
        rows = (
            [e["row"], e["column"], str(e["value"]), e["code"], e["message"]]
            for e in report.get("errors", [])
        )
        return csv_response(
            f"galat-{self.kind}-{upload.pk}.csv", ["baris", "kolom", "nilai", "kode", "pesan"], rows
        )
