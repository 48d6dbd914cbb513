"""Forum pages: categories, threads and replies, reactions, the accepted answer, reports and
moderation, notifications (the bell), search, and the best-practice library with its curation
queue and the public pages of published practices.

Every write calls :mod:`penata.forum.services`; a :class:`ForumError` becomes a message (or an
HTMX fragment). Pages are phone-first Bootstrap.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from penata.core.access import has_perm, public, require
from penata.core.roles import Perm
from penata.forum import rules, search, selectors, services
from penata.forum.forms import (
    EditForm,
    MoveForm,
    PracticeForm,
    ReplyForm,
    ReportForm,
    ReviewForm,
    ThreadForm,
)
from penata.forum.models import (
    REACTION_ICONS,
    Attachment,
    Category,
    ForumSettings,
    Post,
    Practice,
    PracticeStatus,
    Report,
    ReportStatus,
    Thread,
)
from penata.forum.services import ForumError

PAGE_SIZE = 25


def _files(request: HttpRequest) -> list[Any]:
    return request.FILES.getlist("lampiran")


# --- forum -------------------------------------------------------------------------------------


@require(Perm.FORUM_USE)
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    cats = selectors.categories_with_counts(request.user)
    latest = list(selectors.thread_list(request.user)[:10])
    return render(
        request,
        "forum/index.html",
        {"cats": cats, "latest": latest, "is_mod": selectors.is_moderator(request.user)},
    )


@require(Perm.FORUM_USE)
@require_GET
def category(request: HttpRequest, slug: str) -> HttpResponse:
    cat = get_object_or_404(Category, slug=slug, is_active=True)
    page = Paginator(selectors.thread_list(request.user, cat), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "forum/category.html", {"category": cat, "page": page})


@require(Perm.FORUM_USE)
@require_http_methods(["GET", "POST"])
def thread_create(request: HttpRequest, slug: str) -> HttpResponse:
    cat = get_object_or_404(Category, slug=slug, is_active=True)
    form = ThreadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.thread_create(
                actor=request.user,
                category=cat,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                files=_files(request),
            )
        except ForumError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Utas dibuat."))
            return redirect("forum:thread", pk=thread.pk)
    return render(request, "forum/thread_form.html", {"category": cat, "form": form})


def _thread_for(request: HttpRequest, pk: int) -> Thread:
    return get_object_or_404(
        selectors.threads_visible_to(request.user).select_related(
            "category", "author", "accepted_post"
        ),
        pk=pk,
    )


def _thread_context(request: HttpRequest, thread: Thread, form: Any = None) -> dict[str, Any]:
    data = selectors.thread_page(request.user, thread)
    cfg = ForumSettings.current()
    user = request.user
    is_mod = selectors.is_moderator(user)
    for p in data["posts"]:
        p.editable = (
            services.can_edit(user, p, window_minutes=cfg.edit_window_minutes)
            and not thread.is_locked
        )
    return {
        "thread": thread,
        "posts": data["posts"],
        "form": form or ReplyForm(),
        "is_mod": is_mod,
        "is_asker": user.pk == thread.author_id,
        "move_form": MoveForm(initial={"category": thread.category_id}) if is_mod else None,
        "icons": REACTION_ICONS,
        "edit_window": cfg.edit_window_minutes,
    }


@require(Perm.FORUM_USE)
@require_GET
def thread(request: HttpRequest, pk: int) -> HttpResponse:
    t = _thread_for(request, pk)
    return render(request, "forum/thread.html", _thread_context(request, t))


@require(Perm.FORUM_USE)
@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    t = _thread_for(request, pk)
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            post = services.post_reply(
                actor=request.user, thread=t, body=form.cleaned_data["body"], files=_files(request)
            )
        except ForumError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Balasan terkirim."))
            return redirect(reverse("forum:thread", args=[t.pk]) + f"#post-{post.pk}")
    return render(request, "forum/thread.html", _thread_context(request, t, form), status=400)


def _post_for(request: HttpRequest, pk: int) -> Post:
    return get_object_or_404(
        selectors.posts_visible_to(request.user).select_related("thread"), pk=pk
    )


@require(Perm.FORUM_USE)
@require_http_methods(["GET", "POST"])
def post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post_for(request, pk)
    if post.author_id != request.user.pk:
        raise Http404
    initial = {"body": post.body, "title": post.thread.title}
    form = EditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit(
                actor=request.user,
                post=post,
                body=form.cleaned_data["body"],
                title=form.cleaned_data.get("title") or None,
            )
        except ForumError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Kiriman disunting."))
            return redirect(reverse("forum:thread", args=[post.thread_id]) + f"#post-{post.pk}")
    return render(
        request,
        "forum/post_edit.html",
        {"post": post, "form": form, "can_edit": services.can_edit(request.user, post)},
    )


@require(Perm.FORUM_USE)
@require_POST
def post_react(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post_for(request, pk)
    try:
        services.reaction_toggle(actor=request.user, post=post, kind=request.POST.get("kind", ""))
    except ForumError as exc:
        if request.headers.get("HX-Request"):
            return HttpResponse(exc.message, status=409)
        messages.error(request, exc.message)
    if request.headers.get("HX-Request"):
        data = selectors.thread_page(request.user, post.thread)
        mine = next((p for p in data["posts"] if p.pk == post.pk), None)
        if mine is None:
            raise Http404
        return render(request, "forum/_reactions.html", {"p": mine, "icons": REACTION_ICONS})
    return redirect(reverse("forum:thread", args=[post.thread_id]) + f"#post-{post.pk}")


@require(Perm.FORUM_USE)
@require_POST
def post_accept(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post_for(request, pk)
    try:
        t = services.answer_accept(actor=request.user, post=post)
        messages.success(
            request,
            _("Jawaban ditandai sebagai yang tepat.")
            if t.accepted_post_id
            else _("Tanda jawaban dilepas."),
        )
    except ForumError as exc:
        messages.error(request, exc.message)
    return redirect(reverse("forum:thread", args=[post.thread_id]) + f"#post-{post.pk}")


@require(Perm.FORUM_USE)
@require_POST
def post_report(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post_for(request, pk)
    form = ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tulis alasan laporan (paling sedikit 5 karakter)."))
    else:
        try:
            services.post_report(actor=request.user, post=post, reason=form.cleaned_data["reason"])
            messages.success(request, _("Terima kasih, laporan diteruskan ke moderator."))
        except ForumError as exc:
            messages.error(request, exc.message)
    return redirect(reverse("forum:thread", args=[post.thread_id]) + f"#post-{post.pk}")


@require(Perm.FORUM_MODERATE)
@require_POST
def post_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post_for(request, pk)
    hide = request.POST.get("action") == "hide"
    try:
        services.post_set_hidden(
            actor=request.user, post=post, hidden=hide, reason=request.POST.get("reason", "")
        )
        messages.success(
            request, _("Kiriman disembunyikan.") if hide else _("Kiriman ditampilkan.")
        )
    except ForumError as exc:
        messages.error(request, exc.message)
    return redirect(reverse("forum:thread", args=[post.thread_id]) + f"#post-{post.pk}")


@require(Perm.FORUM_MODERATE)
@require_POST
def thread_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    t = _thread_for(request, pk)
    action = request.POST.get("action", "")
    category_obj = None
    if action == "move":
        form = MoveForm(request.POST)
        category_obj = form.cleaned_data["category"] if form.is_valid() else None
    try:
        services.thread_moderate(
            actor=request.user,
            thread=t,
            action=action,
            category=category_obj,
            reason=request.POST.get("reason", ""),
        )
        messages.success(request, _("Tindakan moderasi disimpan."))
    except ForumError as exc:
        messages.error(request, exc.message)
    return redirect("forum:thread", pk=t.pk)


@require(Perm.FORUM_MODERATE)
@require_GET
def reports(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", ReportStatus.OPEN)
    if status not in ReportStatus.values:
        status = ReportStatus.OPEN
    qs = (
        Report.objects.filter(status=status)
        .select_related("post__thread", "post__author", "reporter", "resolved_by")
        .order_by("-created_at")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = dict(Report.objects.values_list("status").annotate(n=Count("pk")).order_by())
    return render(
        request,
        "forum/reports.html",
        {
            "page": page,
            "status": status,
            "statuses": [(s.value, s.label, counts.get(s.value, 0)) for s in ReportStatus],
            "query": f"status={status}",
        },
    )


@require(Perm.FORUM_MODERATE)
@require_POST
def report_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(Report, pk=pk)
    try:
        services.report_resolve(
            actor=request.user, report=report, action=request.POST.get("action", "")
        )
        messages.success(request, _("Laporan ditindaklanjuti."))
    except ForumError as exc:
        messages.error(request, exc.message)
    return redirect("forum:reports")


@require(Perm.FORUM_MODERATE)
@require_POST
def opd_rooms(request: HttpRequest) -> HttpResponse:
    try:
        n = services.opd_rooms_create(actor=request.user)
    except ForumError as exc:
        messages.error(request, exc.message)
    else:
        if n:
            messages.success(request, _("%(n)s ruang OPD dibuka.") % {"n": n})
        else:
            messages.info(request, _("Setiap OPD aktif sudah memiliki ruang forum."))
    return redirect("forum:index")


@require(Perm.FORUM_USE)
@require_GET
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """A file, always as a download with its sniffed type; only when its post or practice is
    visible to the reader."""
    att = get_object_or_404(Attachment, pk=pk)
    if att.post_id is not None:
        if not selectors.posts_visible_to(request.user).filter(pk=att.post_id).exists():
            raise Http404
    elif (
        att.practice_id is None
        or not selectors.practices_visible_to(request.user).filter(pk=att.practice_id).exists()
    ):
        raise Http404
    return _file_response(att)


def _file_response(att: Attachment) -> FileResponse:
    handle = att.file.open("rb")
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=att.name,
        content_type=rules.CONTENT_TYPES.get(att.kind, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- notifications ----------------------------------------------------------------------------


@require(Perm.FORUM_USE)
@require_GET
def bell(request: HttpRequest) -> HttpResponse:
    """The bell with the unread count (loaded by HTMX from the shell)."""
    return render(request, "forum/_bell.html", {"unread": selectors.unread_count(request.user)})


@require(Perm.FORUM_USE)
@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "forum/notifications.html",
        {"page": page, "unread": selectors.unread_count(request.user)},
    )


@require(Perm.FORUM_USE)
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    raw = request.POST.get("id", "")
    ids = [int(raw)] if raw.isdigit() else None
    services.notifications_mark_read(actor=request.user, ids=ids)
    nxt = request.POST.get("next", "")
    if nxt.startswith("/") and not nxt.startswith("//"):
        return redirect(nxt)
    return redirect("forum:notifications")


# --- search -----------------------------------------------------------------------------------


@require(Perm.FORUM_USE)
@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    q = (request.GET.get("q") or "").strip()[:200]
    result = search.search(request.user, q) if q else {"terms": [], "hits": [], "engine": ""}
    return render(request, "forum/search.html", {"q": q, **result})


# --- best practices ---------------------------------------------------------------------------


def _practice_filters(request: HttpRequest, qs: Any) -> tuple[Any, dict[str, Any]]:
    topic = request.GET.get("topik", "")
    opd = request.GET.get("opd", "")
    tag = request.GET.get("tag", "")
    if topic.isdigit():
        qs = qs.filter(topic_id=int(topic))
    if opd.isdigit():
        qs = qs.filter(opd_id=int(opd))
    if tag:
        qs = qs.filter(tags__slug=tag)
    return qs, {"topik": topic, "opd": opd, "tag": tag}


@require(Perm.FORUM_USE)
@require_GET
def practice_list(request: HttpRequest) -> HttpResponse:
    visible = selectors.practices_visible_to(request.user)
    library = visible.filter(status=PracticeStatus.CURATED)
    qs, chosen = _practice_filters(request, library)
    qs = qs.select_related("topic", "opd").prefetch_related("tags").distinct()
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    mine = list(
        Practice.objects.filter(submitted_by_id=request.user.pk)
        .exclude(status=PracticeStatus.CURATED)
        .select_related("topic")
        .order_by("-created_at")[:20]
    )
    query = "&".join(f"{k}={v}" for k, v in chosen.items() if v)
    return render(
        request,
        "forum/practice_list.html",
        {
            "page": page,
            "facets": selectors.practice_facets(library),
            "chosen": chosen,
            "mine": mine,
            "query": query,
        },
    )


@require(Perm.FORUM_USE)
@require_http_methods(["GET", "POST"])
def practice_create(request: HttpRequest) -> HttpResponse:
    initial: dict[str, Any] = {}
    emp = getattr(request.user, "employee", None)
    if emp is not None:
        initial = {"opd": emp.org_unit.opd_id, "contact_name": emp.full_name}
    form = PracticeForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "lampiran"}
        try:
            p = services.practice_submit(actor=request.user, data=data, files=_files(request))
        except ForumError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Praktik baik diajukan; BKPP akan meninjaunya."))
            return redirect("forum:practice_detail", pk=p.pk)
    return render(request, "forum/practice_form.html", {"form": form, "practice": None})


def _practice_for(request: HttpRequest, pk: int) -> Practice:
    return get_object_or_404(
        selectors.practices_visible_to(request.user).select_related(
            "topic", "opd", "submitted_by", "reviewed_by"
        ),
        pk=pk,
    )


@require(Perm.FORUM_USE)
@require_GET
def practice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    p = _practice_for(request, pk)
    return render(
        request,
        "forum/practice_detail.html",
        {
            "p": p,
            "tags": list(p.tags.all()),
            "attachments": list(p.attachments.order_by("pk")),
            "can_curate": has_perm(request.user, Perm.PRACTICE_CURATE),
            "review_form": ReviewForm(initial={"tags": ", ".join(t.name for t in p.tags.all())}),
            "can_edit": p.submitted_by_id == request.user.pk
            and p.status in (PracticeStatus.SUBMITTED, PracticeStatus.RETURNED),
        },
    )


@require(Perm.FORUM_USE)
@require_http_methods(["GET", "POST"])
def practice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    p = _practice_for(request, pk)
    if p.submitted_by_id != request.user.pk:
        raise Http404
    form = PracticeForm(request.POST or None, instance=p)
    form.fields.pop("lampiran")  # attachments are added with the submission only
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "lampiran"}
        try:
            services.practice_update(actor=request.user, practice=p, data=data)
        except ForumError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Praktik baik diperbarui dan diajukan kembali."))
            return redirect("forum:practice_detail", pk=p.pk)
    return render(request, "forum/practice_form.html", {"form": form, "practice": p})


@require(Perm.PRACTICE_CURATE)
@require_GET
def practice_queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", PracticeStatus.SUBMITTED)
    if status not in PracticeStatus.values:
        status = PracticeStatus.SUBMITTED
    qs = (
        Practice.objects.filter(status=status)
        .select_related("topic", "opd", "submitted_by")
        .order_by("created_at")
    )
    counts = dict(Practice.objects.values_list("status").annotate(n=Count("pk")).order_by())
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "forum/practice_queue.html",
        {
            "page": page,
            "status": status,
            "statuses": [(s.value, s.label, counts.get(s.value, 0)) for s in PracticeStatus],
            "query": f"status={status}",
        },
    )


PRACTICE_EXPORT_HEADERS = [
    "ID",
    "Judul",
    "Status",
    "Topik",
    "OPD",
    "Tag",
    "Pengusul",
    "Narahubung",
    "Diajukan",
    "Dikurasi",
    "Terbit di portal",
    "JP diakui",
]


@require(Perm.PRACTICE_CURATE)
@require_GET
def practice_export(request: HttpRequest) -> FileResponse:
    """The best practices of every status as XLSX or CSV (``?format=csv``) for BKPP's reports;
    the export itself is audited. Text cells are formula-neutralised by ``write_table``."""
    import shutil
    import tempfile
    from pathlib import Path

    from django.db import transaction
    from django.utils import timezone

    from penata.core.audit import audit_record
    from penata.core.exports import write_table

    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    rows = (
        Practice.objects.select_related("topic", "opd", "submitted_by")
        .prefetch_related("tags")
        .order_by("pk")
    )

    def table() -> Any:
        for p in rows.iterator(chunk_size=1000):
            yield [
                p.pk,
                p.title,
                p.get_status_display(),
                p.topic.name,
                p.opd.name,
                ", ".join(t.name for t in p.tags.all()),
                p.submitted_by.display_name,
                f"{p.contact_name} ({p.contact_info})",
                timezone.localtime(p.created_at).date(),
                timezone.localtime(p.curated_at).date() if p.curated_at else "",
                "ya" if p.is_public else "tidak",
                p.jp_awarded,
            ]

    tmpdir = Path(tempfile.mkdtemp(prefix="penata-export-"))
    path = tmpdir / f"praktik-baik.{fmt}"
    try:
        count = write_table(path, PRACTICE_EXPORT_HEADERS, table(), fmt=fmt, sheet="Praktik baik")
        with transaction.atomic():
            audit_record(
                actor=request.user,
                action="forum.practice.export",
                object_type="forum.practice",
                after={"rows": count, "fmt": fmt},
            )
        handle = path.open("rb")
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = FileResponse(handle, as_attachment=True, filename=f"praktik-baik-{stamp}.{fmt}")
    response["Cache-Control"] = "no-store"
    return response


@require(Perm.PRACTICE_CURATE)
@require_POST
def practice_review(request: HttpRequest, pk: int) -> HttpResponse:
    p = get_object_or_404(Practice, pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih keputusan kurasi."))
        return redirect("forum:practice_detail", pk=p.pk)
    tags = [t for t in form.cleaned_data["tags"].split(",") if t.strip()]
    try:
        p = services.practice_review(
            actor=request.user,
            practice=p,
            action=form.cleaned_data["action"],
            note=form.cleaned_data["note"],
            tags=tags,
        )
        msg = _("Keputusan kurasi disimpan.")
        if p.jp_awarded:
            msg += " " + _("%(jp)s JP nonklasikal masuk catatan pengusul.") % {"jp": p.jp_awarded}
        messages.success(request, msg)
    except ForumError as exc:
        messages.error(request, exc.message)
    return redirect("forum:practice_detail", pk=p.pk)


@require(Perm.PRACTICE_CURATE)
@require_POST
def practice_publish(request: HttpRequest, pk: int) -> HttpResponse:
    p = get_object_or_404(Practice, pk=pk)
    public_flag = request.POST.get("public") == "1"
    try:
        services.practice_publish(actor=request.user, practice=p, public=public_flag)
        messages.success(
            request,
            _("Diterbitkan di portal publik.") if public_flag else _("Ditarik dari portal publik."),
        )
    except ForumError as exc:
        messages.error(request, exc.message)
    return redirect("forum:practice_detail", pk=p.pk)


# --- public portal ----------------------------------------------------------------------------


@public
@require_GET
def public_practice_list(request: HttpRequest) -> HttpResponse:
    qs, chosen = _practice_filters(request, selectors.practices_public())
    qs = qs.select_related("topic", "opd").prefetch_related("tags").order_by("-published_at")
    page = Paginator(qs.distinct(), PAGE_SIZE).get_page(request.GET.get("page"))
    query = "&".join(f"{k}={v}" for k, v in chosen.items() if v)
    return render(
        request,
        "forum/public_practice_list.html",
        {
            "page": page,
            "facets": selectors.practice_facets(selectors.practices_public()),
            "chosen": chosen,
            "query": query,
        },
    )


@public
@require_GET
def public_practice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    p = get_object_or_404(selectors.practices_public().select_related("topic", "opd"), pk=pk)
    return render(
        request,
        "forum/public_practice_detail.html",
        {"p": p, "tags": list(p.tags.all()), "attachments": list(p.attachments.order_by("pk"))},
    )


@public
@require_GET
def public_attachment(request: HttpRequest, pk: int) -> FileResponse:
    att = get_object_or_404(
        Attachment, pk=pk, practice__in=selectors.practices_public().values("pk")
    )
    return _file_response(att)
