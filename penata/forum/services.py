"""Writes of the forum and the best-practice library.

Every function is keyword-only, atomic and audited in the same transaction
(:func:`penata.core.audit.audit_record`). A refusal raises :class:`ForumError` with a ``code``
for machines and an Indonesian ``message`` for people; pages show it, the API answers 403 (who
acts), 429 (rate limit) or 409.

- Posting is rate-limited per author (``ForumSettings.rate_limit_posts`` in
  ``rate_window_minutes``); a locked or hidden thread takes no replies.
- An author edits their own post only within ``ForumSettings.edit_window_minutes``; moderators
  never edit other people's words (they hide them, with a reason).
- Moderation — hide/unhide a post or thread, lock/unlock, move, resolve a report — is for
  holders of ``FORUM_MODERATE`` and always audited with before and after.
- A curated best practice earns nonklasikal JP through the learning ledger (source
  ``practice``, activity type ``praktik_baik`` with its yearly cap) when
  ``ForumSettings.practice_jp_enabled`` is on and the submitter is an employee.
"""

from __future__ import annotations

import datetime as dt
import uuid
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify

from penata.core import uploads
from penata.core.access import has_perm
from penata.core.audit import audit_record, snapshot
from penata.core.models import User
from penata.core.roles import Perm
from penata.forum import rules
from penata.forum.models import (
    Attachment,
    Category,
    ForumSettings,
    Notification,
    NotificationKind,
    Post,
    Practice,
    PracticeStatus,
    Reaction,
    ReactionKind,
    Report,
    ReportStatus,
    Tag,
    Thread,
)


class ForumError(Exception):
    """A refused action: ``code`` for machines, ``message`` (Indonesian) for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


FORBIDDEN_CODES = frozenset({"forbidden", "not_author"})


def _require(actor: Any, perm: Perm, what: str) -> None:
    if not has_perm(actor, perm):
        raise ForumError("forbidden", f"Anda tidak berwenang {what}.")


def _clean_body(body: str) -> str:
    text = (body or "").replace("\x00", "").strip()
    if not text:
        raise ForumError("required", "Isi kiriman kosong; tulis pertanyaan atau jawaban Anda.")
    if len(text) > rules.MAX_BODY_CHARS:
        raise ForumError(
            "too_long",
            f"Isi kiriman {len(text):,} karakter; batasnya {rules.MAX_BODY_CHARS:,} karakter. "
            "Ringkas atau bagi menjadi beberapa kiriman.".replace(",", "."),
        )
    return text


def _clean_title(title: str) -> str:
    text = " ".join((title or "").split())
    if len(text) < 5:
        raise ForumError("required", "Judul terlalu pendek; tulis paling sedikit 5 karakter.")
    if len(text) > rules.MAX_TITLE_CHARS:
        raise ForumError("too_long", f"Judul paling panjang {rules.MAX_TITLE_CHARS} karakter.")
    return text


def check_rate_limit(actor: Any, *, now: dt.datetime | None = None) -> None:
    """Refuse a post when the author already sent the limit within the window."""
    cfg = ForumSettings.current()
    now = now or timezone.now()
    since = now - dt.timedelta(minutes=cfg.rate_window_minutes)
    recent = list(
        Post.objects.filter(author=actor, created_at__gte=since)
        .order_by("created_at")
        .values_list("created_at", flat=True)[: cfg.rate_limit_posts]
    )
    if len(recent) >= cfg.rate_limit_posts:
        wait = recent[0] + dt.timedelta(minutes=cfg.rate_window_minutes) - now
        minutes = max(1, int(wait.total_seconds() // 60) + (1 if wait.total_seconds() % 60 else 0))
        raise ForumError(
            "rate_limited",
            f"Anda sudah mengirim {cfg.rate_limit_posts} kiriman dalam "
            f"{cfg.rate_window_minutes} menit terakhir. Tunggu sekitar {minutes} menit lalu "
            "kirim lagi; tulisan Anda tidak hilang bila halaman tidak ditutup.",
        )


def _render(post: Post, *, title: str = "") -> None:
    post.body_html = rules.render_markdown(post.body)
    post.search_text = rules.index_text(title, rules.plain_text(post.body))


# --- attachments -------------------------------------------------------------------------------


def _zip_names(file: Any) -> list[str]:
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as zf:
            return zf.namelist()[:2000]
    except (zipfile.BadZipFile, OSError, ValueError):
        return []
    finally:
        file.seek(0)


def _attach(
    files: Sequence[Any], *, actor: Any, post: Post | None = None, practice: Any = None
) -> list[Attachment]:
    if len(files) > rules.MAX_ATTACHMENTS_PER_POST:
        raise ForumError(
            "too_many_files", f"Paling banyak {rules.MAX_ATTACHMENTS_PER_POST} lampiran."
        )
    max_bytes = ForumSettings.current().attachment_max_mb * 1024 * 1024
    out = []
    for f in files:
        name = rules.safe_filename(getattr(f, "name", ""))
        f.seek(0)
        head = f.read(16)
        f.seek(0)
        zip_names = _zip_names(f) if head.startswith(b"PK\x03\x04") else []
        try:
            kind = rules.check_attachment(
                name, int(f.size), head, max_bytes=max_bytes, zip_names=zip_names
            )
            # the central gate: executables, zip bombs, Office structure (core.uploads)
            uploads.check_file(
                name,
                int(f.size),
                f,
                allowed=rules.ATTACHMENT_EXTENSIONS,
                max_bytes=max_bytes,
                allowed_label="PDF, PNG, JPG, DOCX, XLSX atau PPTX",
            )
        except ValueError as exc:
            raise ForumError("bad_file", str(exc)) from exc
        f.name = f"{uuid.uuid4().hex}.{rules.EXTENSION_OF[kind]}"
        out.append(
            Attachment.objects.create(
                post=post,
                practice=practice,
                file=f,
                name=name,
                kind=kind,
                size=int(f.size),
                uploaded_by=actor,
            )
        )
    return out


# --- mentions and notifications ---------------------------------------------------------------


def resolve_mentions(handles: Iterable[str]) -> list[User]:
    """The active accounts named by ``@handles``: by username, or by the person's name with
    underscores for spaces (``@Dewi_Lestari``). One query; researchers and partners are left
    out (they cannot read the forum)."""
    handles = list(handles)
    if not handles:
        return []
    names = [rules.handle_as_name(h) for h in handles]
    cond = Q()
    for h in handles:
        cond |= Q(username__iexact=h)
    for n in names:
        cond |= Q(employee__name__iexact=n)
    users = list(User.objects.filter(cond, is_active=True).select_related("employee").distinct())
    return [u for u in users if has_perm(u, Perm.FORUM_USE)]


def _notify(
    users: Iterable[Any],
    *,
    kind: str,
    actor: Any,
    text: str,
    thread: Thread | None = None,
    post: Post | None = None,
    practice: Any = None,
) -> int:
    rows = [
        Notification(
            user_id=u.pk,
            kind=kind,
            actor=actor,
            text=text[:300],
            thread=thread,
            post=post,
            practice=practice,
        )
        for u in {
            u.pk: u for u in users if u is not None and u.pk != getattr(actor, "pk", None)
        }.values()
    ]
    Notification.objects.bulk_create(rows)
    return len(rows)


def _after_post(post: Post, thread: Thread, actor: Any) -> None:
    mentioned = resolve_mentions(rules.mentions(post.body))
    who = getattr(actor, "display_name", str(actor))
    _notify(
        mentioned,
        kind=NotificationKind.MENTION,
        actor=actor,
        text=f"{who} menyebut Anda di “{thread.title}”.",
        thread=thread,
        post=post,
    )
    if not post.is_first and thread.author_id not in {u.pk for u in mentioned}:
        _notify(
            [thread.author],
            kind=NotificationKind.REPLY,
            actor=actor,
            text=f"{who} membalas utas Anda “{thread.title}”.",
            thread=thread,
            post=post,
        )


@transaction.atomic
def notifications_mark_read(*, actor: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the actor's notifications read (all, or the given ones)."""
    qs = Notification.objects.filter(user=actor, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


# --- threads and posts -------------------------------------------------------------------------


@transaction.atomic
def thread_create(
    *, actor: Any, category: Category, title: str, body: str, files: Sequence[Any] = ()
) -> Thread:
    """Open a thread with its first post (the question)."""
    _require(actor, Perm.FORUM_USE, "menulis di forum")
    if not category.is_active:
        raise ForumError("closed", "Kategori ini tidak aktif; pilih kategori lain.")
    title = _clean_title(title)
    body = _clean_body(body)
    User.objects.select_for_update().filter(pk=actor.pk).first()  # serialise one author's posts
    check_rate_limit(actor)
    now = timezone.now()
    thread = Thread.objects.create(category=category, title=title, author=actor, last_post_at=now)
    post = Post(thread=thread, author=actor, body=body, is_first=True)
    _render(post, title=title)
    post.save()
    _attach(files, actor=actor, post=post)
    audit_record(
        actor=actor,
        action="forum.thread.create",
        obj=thread,
        after={**snapshot(thread), "post_id": post.pk},
    )
    _after_post(post, thread, actor)
    return thread


@transaction.atomic
def post_reply(*, actor: Any, thread: Thread, body: str, files: Sequence[Any] = ()) -> Post:
    """Reply in a thread (not locked, not hidden), within the author's rate limit."""
    _require(actor, Perm.FORUM_USE, "menulis di forum")
    body = _clean_body(body)
    locked = Thread.objects.select_for_update().get(pk=thread.pk)
    if locked.is_hidden:
        raise ForumError("hidden", "Utas ini disembunyikan moderator dan tidak menerima balasan.")
    if locked.is_locked:
        raise ForumError("locked", "Utas ini dikunci moderator; balasan baru tidak diterima.")
    User.objects.select_for_update().filter(pk=actor.pk).first()
    check_rate_limit(actor)
    post = Post(thread=locked, author=actor, body=body)
    _render(post)
    post.save()
    _attach(files, actor=actor, post=post)
    Thread.objects.filter(pk=locked.pk).update(
        reply_count=F("reply_count") + 1, last_post_at=post.created_at
    )
    audit_record(actor=actor, action="forum.post.create", obj=post, after=snapshot(post))
    _after_post(post, locked, actor)
    return post


def can_edit(
    actor: Any, post: Post, *, now: dt.datetime | None = None, window_minutes: int | None = None
) -> bool:
    """Whether the actor may still edit the post: their own, visible, within the window (pass
    ``window_minutes`` when checking many posts, to read the setting once)."""
    if getattr(actor, "pk", None) != post.author_id or post.is_hidden:
        return False
    if window_minutes is None:
        window_minutes = ForumSettings.current().edit_window_minutes
    return (now or timezone.now()) <= post.created_at + dt.timedelta(minutes=window_minutes)


@transaction.atomic
def post_edit(*, actor: Any, post: Post, body: str, title: str | None = None) -> Post:
    """The author edits their own post within the edit window (and, for the first post, the
    thread's title); before and after are audited."""
    _require(actor, Perm.FORUM_USE, "menulis di forum")
    post = Post.objects.select_for_update().select_related("thread").get(pk=post.pk)
    if actor.pk != post.author_id:
        raise ForumError("not_author", "Hanya penulis yang dapat menyunting kiriman ini.")
    if post.is_hidden:
        raise ForumError("hidden", "Kiriman yang disembunyikan moderator tidak dapat disunting.")
    cfg = ForumSettings.current()
    if not can_edit(actor, post):
        raise ForumError(
            "edit_window",
            f"Batas waktu menyunting ({cfg.edit_window_minutes} menit setelah dikirim) sudah "
            "lewat. Tulis balasan baru untuk meralat.",
        )
    if post.thread.is_locked:
        raise ForumError("locked", "Utas ini dikunci moderator; kiriman tidak dapat disunting.")
    before = snapshot(post, ["body"])
    post.body = _clean_body(body)
    thread = post.thread
    thread_before = snapshot(thread, ["title"])
    if post.is_first and title is not None:
        thread.title = _clean_title(title)
        thread.save(update_fields=["title"])
    _render(post, title=thread.title if post.is_first else "")
    post.edited_at = timezone.now()
    post.save()
    audit_record(
        actor=actor,
        action="forum.post.edit",
        obj=post,
        before={**before, **thread_before},
        after={**snapshot(post, ["body"]), "title": thread.title},
    )
    return post


@transaction.atomic
def reaction_toggle(*, actor: Any, post: Post, kind: str) -> bool:
    """Add the actor's reaction of ``kind`` to the post, or take it back. True when added."""
    _require(actor, Perm.FORUM_USE, "memberi reaksi")
    if kind not in ReactionKind.values:
        raise ForumError("bad_reaction", "Reaksi tidak dikenal.")
    if post.is_hidden:
        raise ForumError("hidden", "Kiriman ini disembunyikan.")
    deleted, _detail = Reaction.objects.filter(post=post, user=actor, kind=kind).delete()
    if deleted:
        return False
    Reaction.objects.create(post=post, user=actor, kind=kind)
    return True


@transaction.atomic
def answer_accept(*, actor: Any, post: Post) -> Thread:
    """The asker marks the reply that solved their question (again on the same reply: unmark)."""
    _require(actor, Perm.FORUM_USE, "memilih jawaban")
    thread = Thread.objects.select_for_update().get(pk=post.thread_id)
    if actor.pk != thread.author_id:
        raise ForumError("not_author", "Hanya penanya yang dapat memilih jawaban yang tepat.")
    if post.is_first or post.is_hidden or post.thread_id != thread.pk:
        raise ForumError("bad_answer", "Pilih salah satu balasan yang tampil di utas ini.")
    before = snapshot(thread, ["accepted_post"])
    thread.accepted_post = None if thread.accepted_post_id == post.pk else post
    thread.save(update_fields=["accepted_post"])
    audit_record(
        actor=actor,
        action="forum.thread.accept",
        obj=thread,
        before=before,
        after=snapshot(thread, ["accepted_post"]),
    )
    if thread.accepted_post_id:
        _notify(
            [post.author],
            kind=NotificationKind.ACCEPTED,
            actor=actor,
            text=f"Jawaban Anda dipilih sebagai jawaban yang tepat di “{thread.title}”.",
            thread=thread,
            post=post,
        )
    return thread


# --- reports and moderation --------------------------------------------------------------------


@transaction.atomic
def post_report(*, actor: Any, post: Post, reason: str) -> Report:
    """A reader reports a post to the moderators (once while the report is open)."""
    _require(actor, Perm.FORUM_USE, "melaporkan kiriman")
    reason = " ".join((reason or "").split())
    if len(reason) < 5:
        raise ForumError("required", "Tulis alasan laporan (paling sedikit 5 karakter).")
    if Report.objects.filter(post=post, reporter=actor, status=ReportStatus.OPEN).exists():
        raise ForumError(
            "duplicate", "Anda sudah melaporkan kiriman ini; moderator sedang meninjau."
        )
    report = Report.objects.create(post=post, reporter=actor, reason=reason[:500])
    audit_record(actor=actor, action="forum.report.create", obj=report, after=snapshot(report))
    return report


def _moderate(actor: Any) -> None:
    _require(actor, Perm.FORUM_MODERATE, "memoderasi forum")


@transaction.atomic
def post_set_hidden(*, actor: Any, post: Post, hidden: bool, reason: str = "") -> Post:
    """A moderator hides a post (with a reason shown in its place) or shows it again; open
    reports on it are resolved as actioned when hidden."""
    _moderate(actor)
    post = Post.objects.select_for_update().select_related("thread").get(pk=post.pk)
    reason = " ".join((reason or "").split())
    if hidden and len(reason) < 3:
        raise ForumError("required", "Tulis alasan menyembunyikan kiriman.")
    before = snapshot(post, ["is_hidden", "hidden_reason"])
    post.is_hidden = hidden
    post.hidden_reason = reason[:300] if hidden else ""
    post.save(update_fields=["is_hidden", "hidden_reason"])
    if hidden and post.thread.accepted_post_id == post.pk:
        Thread.objects.filter(pk=post.thread_id).update(accepted_post=None)
    if hidden:
        Report.objects.filter(post=post, status=ReportStatus.OPEN).update(
            status=ReportStatus.ACTIONED, resolved_by=actor, resolved_at=timezone.now()
        )
        _notify(
            [post.author],
            kind=NotificationKind.MODERATION,
            actor=actor,
            text=f"Kiriman Anda di “{post.thread.title}” disembunyikan moderator: {reason}",
            thread=post.thread,
            post=post,
        )
    audit_record(
        actor=actor,
        action="forum.post.hide" if hidden else "forum.post.unhide",
        obj=post,
        before=before,
        after=snapshot(post, ["is_hidden", "hidden_reason"]),
        note=reason,
    )
    return post


THREAD_ACTIONS = {"lock", "unlock", "hide", "unhide", "move"}


@transaction.atomic
def thread_moderate(
    *,
    actor: Any,
    thread: Thread,
    action: str,
    category: Category | None = None,
    reason: str = "",
) -> Thread:
    """A moderator locks/unlocks, hides/unhides or moves a thread."""
    _moderate(actor)
    if action not in THREAD_ACTIONS:
        raise ForumError("bad_action", "Tindakan moderasi tidak dikenal.")
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    fields = ["is_locked", "is_hidden", "category"]
    before = snapshot(thread, fields)
    if action in ("lock", "unlock"):
        thread.is_locked = action == "lock"
    elif action in ("hide", "unhide"):
        thread.is_hidden = action == "hide"
    else:
        if category is None or not category.is_active:
            raise ForumError("required", "Pilih kategori tujuan yang aktif.")
        if category.pk == thread.category_id:
            raise ForumError("same", "Utas sudah berada di kategori itu.")
        thread.category = category
    thread.save(update_fields=["is_locked", "is_hidden", "category"])
    audit_record(
        actor=actor,
        action=f"forum.thread.{action}",
        obj=thread,
        before=before,
        after=snapshot(thread, fields),
        note=" ".join((reason or "").split())[:300],
    )
    if action in ("hide", "move", "lock"):
        what = {"hide": "disembunyikan", "move": "dipindahkan", "lock": "dikunci"}[action]
        _notify(
            [thread.author],
            kind=NotificationKind.MODERATION,
            actor=actor,
            text=f"Utas Anda “{thread.title}” {what} moderator.",
            thread=thread,
        )
    return thread


@transaction.atomic
def report_resolve(*, actor: Any, report: Report, action: str) -> Report:
    """A moderator closes a report: ``dismiss`` (nothing wrong) or ``hide`` (hide the post)."""
    _moderate(actor)
    report = Report.objects.select_for_update().select_related("post").get(pk=report.pk)
    if report.status != ReportStatus.OPEN:
        raise ForumError("closed", "Laporan ini sudah ditindaklanjuti.")
    if action == "hide":
        post_set_hidden(actor=actor, post=report.post, hidden=True, reason=report.reason)
        report.refresh_from_db()
        return report
    if action != "dismiss":
        raise ForumError("bad_action", "Tindakan tidak dikenal.")
    before = snapshot(report)
    report.status = ReportStatus.DISMISSED
    report.resolved_by = actor
    report.resolved_at = timezone.now()
    report.save()
    audit_record(
        actor=actor,
        action="forum.report.dismiss",
        obj=report,
        before=before,
        after=snapshot(report),
    )
    return report


@transaction.atomic
def opd_rooms_create(*, actor: Any) -> int:
    """A moderator opens a forum room for every active OPD that has none (the rooms are
    categories of kind OPD, named after the OPD). Returns how many were made; audited."""
    _moderate(actor)
    from penata.workforce.models import OPD_KINDS, OrgUnit

    have = Category.objects.filter(kind="opd").values("opd_id")
    missing = list(
        OrgUnit.objects.filter(kind__in=OPD_KINDS, is_active=True)
        .exclude(pk__in=have)
        .order_by("name")
        .values_list("pk", "name")
    )
    start = Category.objects.filter(kind="opd").count()
    Category.objects.bulk_create(
        [
            Category(
                name=name[:120],
                slug=f"opd-{pk}-{slugify(name)[:60]}".rstrip("-"),
                kind="opd",
                opd_id=pk,
                order=start + n,
            )
            for n, (pk, name) in enumerate(missing, start=1)
        ]
    )
    if missing:
        audit_record(
            actor=actor,
            action="forum.category.opd_rooms",
            object_type="forum.category",
            after={"created": [{"opd_id": pk, "name": name} for pk, name in missing]},
        )
    return len(missing)


# --- best practices ----------------------------------------------------------------------------

PRACTICE_FIELDS = (
    "title",
    "topic",
    "opd",
    "problem",
    "practice",
    "result",
    "evidence",
    "contact_name",
    "contact_info",
)


def _practice_index(p: Practice) -> None:
    p.search_text = rules.index_text(
        p.title, p.problem, p.practice, p.result, p.evidence, p.contact_name
    )


def _practice_values(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in PRACTICE_FIELDS:
        value = data.get(key)
        if isinstance(value, str):
            value = value.replace("\x00", "").strip()
        if value in (None, ""):
            label = str(getattr(Practice._meta.get_field(key), "verbose_name", key))
            raise ForumError("required", f"Kolom “{label}” wajib diisi.")
        out[key] = value
    if out["topic"].kind != "topic":
        raise ForumError("bad_topic", "Topik praktik baik harus kategori topik, bukan OPD.")
    out["title"] = _clean_title(out["title"])
    return out


@transaction.atomic
def practice_submit(*, actor: Any, data: dict[str, Any], files: Sequence[Any] = ()) -> Practice:
    """Any ASN submits a best practice for BKPP to review (``data``: the fields of
    :data:`PRACTICE_FIELDS`; the practice's own text is ``data["practice"]``)."""
    _require(actor, Perm.FORUM_USE, "mengajukan praktik baik")
    values = _practice_values(data)
    p = Practice(submitted_by=actor, **values)
    _practice_index(p)
    p.full_clean()
    p.save()
    _attach(files, actor=actor, practice=p)
    audit_record(actor=actor, action="forum.practice.submit", obj=p, after=snapshot(p))
    return p


@transaction.atomic
def practice_update(*, actor: Any, practice: Practice, data: dict[str, Any]) -> Practice:
    """The submitter revises their practice while it is submitted or returned (it goes back to
    the queue)."""
    p = Practice.objects.select_for_update().get(pk=practice.pk)
    if actor.pk != p.submitted_by_id:
        raise ForumError("not_author", "Hanya pengusul yang dapat memperbaiki praktik baik ini.")
    if p.status not in (PracticeStatus.SUBMITTED, PracticeStatus.RETURNED):
        raise ForumError(
            "closed", f"Praktik baik berstatus {p.get_status_display().lower()} tidak dapat diubah."
        )
    before = snapshot(p)
    for key, value in _practice_values(data).items():
        setattr(p, key, value)
    p.status = PracticeStatus.SUBMITTED
    _practice_index(p)
    p.full_clean()
    p.save()
    audit_record(
        actor=actor, action="forum.practice.update", obj=p, before=before, after=snapshot(p)
    )
    return p


def _tags(names: Iterable[str]) -> list[Tag]:
    out = []
    for raw in names:
        name = " ".join(str(raw).split())[:40]
        slug = slugify(name)[:50]
        if not slug:
            continue
        tag, _created = Tag.objects.get_or_create(slug=slug, defaults={"name": name})
        if tag not in out:
            out.append(tag)
    return out[:10]


REVIEW_ACTIONS = {
    "curate": PracticeStatus.CURATED,
    "return": PracticeStatus.RETURNED,
    "reject": PracticeStatus.REJECTED,
}


@transaction.atomic
def practice_review(
    *, actor: Any, practice: Practice, action: str, note: str = "", tags: Iterable[str] = ()
) -> Practice:
    """BKPP reviews a submitted practice: curate it into the library (with tags), return it for
    revision or reject it (both with a note). Curating awards JP when the setting allows."""
    _require(actor, Perm.PRACTICE_CURATE, "mengkurasi praktik baik")
    if action not in REVIEW_ACTIONS:
        raise ForumError("bad_action", "Tindakan kurasi tidak dikenal.")
    p = Practice.objects.select_for_update().select_related("submitted_by").get(pk=practice.pk)
    if p.status != PracticeStatus.SUBMITTED:
        raise ForumError(
            "closed",
            f"Praktik baik berstatus {p.get_status_display().lower()}; hanya yang diajukan "
            "dapat ditinjau.",
        )
    note = (note or "").strip()
    if action in ("return", "reject") and len(note) < 5:
        raise ForumError("required", "Tulis catatan untuk pengusul (paling sedikit 5 karakter).")
    before = {**snapshot(p), "tags": sorted(p.tags.values_list("name", flat=True))}
    p.status = REVIEW_ACTIONS[action]
    p.review_note = note
    p.reviewed_by = actor
    now = timezone.now()
    if action == "curate":
        p.curated_at = now
        tag_rows = _tags(tags)
        p.tags.set(tag_rows)
        p.jp_awarded = _award_jp(p, on=timezone.localdate(now))
    p.save()
    after = {**snapshot(p), "tags": sorted(p.tags.values_list("name", flat=True))}
    audit_record(actor=actor, action=f"forum.practice.{action}", obj=p, before=before, after=after)
    label = {"curate": "dikurasi", "return": "dikembalikan untuk diperbaiki", "reject": "ditolak"}
    extra = f" dan diakui {p.jp_awarded} JP nonklasikal" if p.jp_awarded else ""
    _notify(
        [p.submitted_by],
        kind=NotificationKind.PRACTICE,
        actor=actor,
        text=f"Praktik baik “{p.title}” {label[action]}{extra}.",
        practice=p,
    )
    return p


def _award_jp(p: Practice, *, on: dt.date) -> int:
    """Put the practice's JP in the submitter's ledger (once; capped per year by the activity
    type) when the setting allows; the JP written, or 0."""
    cfg = ForumSettings.current()
    employee_id = getattr(p.submitted_by, "employee_id", None)
    if not cfg.practice_jp_enabled or not employee_id or cfg.practice_jp <= 0:
        return 0
    from penata.learning.models import ActivityType, LedgerSource
    from penata.learning.services import ledger_add

    kind = ActivityType.objects.filter(code="praktik_baik").first()
    if kind is None:
        return 0
    entry = ledger_add(
        employee_id=employee_id,
        completed_on=on,
        jp=cfg.practice_jp,
        activity_type_id=kind.pk,
        source=LedgerSource.PRACTICE,
        source_id=p.pk,
        title=f"Praktik baik: {p.title}",
    )
    return entry.jp if entry is not None else 0


@transaction.atomic
def practice_publish(*, actor: Any, practice: Practice, public: bool) -> Practice:
    """Publish a curated practice to the public portal, or withdraw it."""
    _require(actor, Perm.PRACTICE_CURATE, "menerbitkan praktik baik")
    p = Practice.objects.select_for_update().get(pk=practice.pk)
    if public and p.status != PracticeStatus.CURATED:
        raise ForumError("not_curated", "Hanya praktik baik terkurasi yang dapat diterbitkan.")
    before = snapshot(p, ["is_public", "published_at"])
    p.is_public = public
    p.published_at = timezone.now() if public else None
    p.save(update_fields=["is_public", "published_at"])
    audit_record(
        actor=actor,
        action="forum.practice.publish" if public else "forum.practice.unpublish",
        obj=p,
        before=before,
        after=snapshot(p, ["is_public", "published_at"]),
    )
    return p
