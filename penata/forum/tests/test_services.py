"""Behaviour of the forum services: posting limits, the edit window, who may moderate, mentions
and notifications, attachments, the accepted answer, and curation with JP."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from penata.core.models import AuditEvent
from penata.core.roles import Role
from penata.core.tests.factories import UserFactory
from penata.forum import services
from penata.forum.models import (
    Attachment,
    ForumSettings,
    Notification,
    Post,
    Practice,
    PracticeStatus,
    Reaction,
    Report,
    ReportStatus,
    Thread,
)
from penata.forum.services import ForumError
from penata.forum.tests.factories import (
    CategoryFactory,
    asn,
    make_post,
    make_thread,
    practice_data,
)
from penata.learning.models import LedgerEntry, LedgerSource

pytestmark = pytest.mark.django_db


@pytest.fixture
def cat() -> Any:
    return CategoryFactory(name="Pelayanan", slug="uji-pelayanan")


@pytest.fixture
def ani() -> Any:
    return asn("ani", name="Ani Wijaya")


@pytest.fixture
def budi() -> Any:
    return asn("budi", name="Budi Santoso")


@pytest.fixture
def bkpp() -> Any:
    return UserFactory(username="petugas_bkpp", role=Role.BKPP)


def _age(post: Post, minutes: int) -> None:
    Post.objects.filter(pk=post.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=minutes)
    )
    post.refresh_from_db()


# --- threads and replies -----------------------------------------------------------------------


def test_thread_create_renders_safely_indexes_and_audits(cat: Any, ani: Any) -> None:
    t = services.thread_create(
        actor=ani,
        category=cat,
        title="Pelayanan KTP di kecamatan",
        body="Bagaimana **mempercepat** antrean? <script>alert(1)</script>",
    )
    post = t.posts.get()
    assert post.is_first
    assert "<strong>mempercepat</strong>" in post.body_html
    assert "<script>" not in post.body_html
    assert " layan " in post.search_text  # the title is indexed with the first post
    assert AuditEvent.objects.filter(action="forum.thread.create", object_id=str(t.pk)).exists()


def test_reply_counts_and_notifies_the_asker(cat: Any, ani: Any, budi: Any) -> None:
    t = make_thread(author=ani, category=cat)
    services.post_reply(actor=budi, thread=t, body="Coba antrean daring.")
    t.refresh_from_db()
    assert t.reply_count == 1
    n = Notification.objects.get(user=ani)
    assert n.kind == "reply" and "membalas" in n.text


def test_researcher_and_partner_cannot_post(cat: Any, ani: Any) -> None:
    t = make_thread(author=ani, category=cat)
    for role in (Role.RESEARCHER, Role.PARTNER):
        outsider = UserFactory(role=role)
        with pytest.raises(ForumError) as exc:
            services.post_reply(actor=outsider, thread=t, body="Halo")
        assert exc.value.code == "forbidden"


def test_locked_or_hidden_thread_takes_no_reply(cat: Any, ani: Any, budi: Any, bkpp: Any) -> None:
    t = make_thread(author=ani, category=cat)
    services.thread_moderate(actor=bkpp, thread=t, action="lock")
    with pytest.raises(ForumError, match="dikunci"):
        services.post_reply(actor=budi, thread=t, body="Halo")
    services.thread_moderate(actor=bkpp, thread=t, action="unlock")
    services.thread_moderate(actor=bkpp, thread=t, action="hide")
    with pytest.raises(ForumError, match="disembunyikan"):
        services.post_reply(actor=budi, thread=t, body="Halo")


def test_empty_and_overlong_bodies_are_refused(cat: Any, ani: Any) -> None:
    t = make_thread(author=ani, category=cat)
    with pytest.raises(ForumError, match="kosong"):
        services.post_reply(actor=ani, thread=t, body="   ")
    with pytest.raises(ForumError, match=r"batasnya 20\.000 karakter"):
        services.post_reply(actor=ani, thread=t, body="x" * 20_001)
    assert Post.objects.filter(thread=t).count() == 1


# --- rate limit ----------------------------------------------------------------------------------


def test_rate_limit_refuses_with_a_clear_message(cat: Any, ani: Any) -> None:
    ForumSettings.objects.filter(pk=1).update(rate_limit_posts=3, rate_window_minutes=10)
    t = make_thread(author=UserFactory(), category=cat)
    for i in range(3):
        services.post_reply(actor=ani, thread=t, body=f"Balasan {i}")
    with pytest.raises(ForumError) as exc:
        services.post_reply(actor=ani, thread=t, body="Satu lagi")
    assert exc.value.code == "rate_limited"
    assert "3 kiriman dalam 10 menit terakhir" in exc.value.message
    assert "Tunggu sekitar" in exc.value.message
    assert Post.objects.filter(thread=t, author=ani).count() == 3
    # The window passes: posting works again.
    Post.objects.filter(author=ani).update(created_at=timezone.now() - dt.timedelta(minutes=11))
    services.post_reply(actor=ani, thread=t, body="Sekarang boleh")


def test_rate_limit_counts_new_threads_too(cat: Any, ani: Any) -> None:
    ForumSettings.objects.filter(pk=1).update(rate_limit_posts=2)
    services.thread_create(actor=ani, category=cat, title="Utas satu", body="a")
    services.thread_create(actor=ani, category=cat, title="Utas dua", body="b")
    with pytest.raises(ForumError, match="Tunggu"):
        services.thread_create(actor=ani, category=cat, title="Utas tiga", body="c")
    assert Thread.objects.filter(author=ani).count() == 2


# --- edit window ---------------------------------------------------------------------------------


def test_author_edits_own_post_within_the_window(cat: Any, ani: Any) -> None:
    t = make_thread(author=ani, category=cat, title="Judul lama", body="Isi lama")
    post = t.posts.get()
    services.post_edit(actor=ani, post=post, body="Isi **baru**", title="Judul baru")
    post.refresh_from_db()
    t.refresh_from_db()
    assert post.body == "Isi **baru**" and "<strong>baru</strong>" in post.body_html
    assert post.edited_at is not None and t.title == "Judul baru"
    ev = AuditEvent.objects.get(action="forum.post.edit")
    assert ev.before["body"] == "Isi lama" and ev.after["body"] == "Isi **baru**"
    assert ev.before["title"] == "Judul lama"


def test_edit_after_the_window_is_refused(cat: Any, ani: Any) -> None:
    ForumSettings.objects.filter(pk=1).update(edit_window_minutes=30)
    t = make_thread(author=ani, category=cat)
    post = t.posts.get()
    _age(post, 29)
    assert services.can_edit(ani, post)
    _age(post, 31)
    assert not services.can_edit(ani, post)
    with pytest.raises(ForumError) as exc:
        services.post_edit(actor=ani, post=post, body="terlambat")
    assert exc.value.code == "edit_window" and "30 menit" in exc.value.message


def test_nobody_edits_someone_elses_post(cat: Any, ani: Any, budi: Any, bkpp: Any) -> None:
    t = make_thread(author=ani, category=cat)
    post = t.posts.get()
    for other in (budi, bkpp, UserFactory(role=Role.ADMINISTRATOR)):
        with pytest.raises(ForumError) as exc:
            services.post_edit(actor=other, post=post, body="diubah orang lain")
        assert exc.value.code == "not_author"
    post.refresh_from_db()
    assert post.body == "Isi pertanyaan."


# --- moderation ----------------------------------------------------------------------------------


def test_only_moderators_hide_and_every_action_is_audited(
    cat: Any, ani: Any, budi: Any, bkpp: Any
) -> None:
    t = make_thread(author=ani, category=cat)
    post = make_post(thread=t, author=budi, body="Iklan pinjaman online")
    for role in (Role.EMPLOYEE, Role.OPD_OPERATOR, Role.SUPERVISOR, Role.TALENT_COMMITTEE):
        with pytest.raises(ForumError) as exc:
            services.post_set_hidden(
                actor=UserFactory(role=role), post=post, hidden=True, reason="x y z"
            )
        assert exc.value.code == "forbidden"
    with pytest.raises(ForumError, match="alasan"):
        services.post_set_hidden(actor=bkpp, post=post, hidden=True, reason="")
    services.post_set_hidden(actor=bkpp, post=post, hidden=True, reason="Iklan")
    post.refresh_from_db()
    assert post.is_hidden and post.hidden_reason == "Iklan"
    ev = AuditEvent.objects.get(action="forum.post.hide")
    assert ev.actor == bkpp and ev.before["is_hidden"] is False and ev.after["is_hidden"] is True
    assert Notification.objects.filter(user=budi, kind="moderation").exists()
    services.post_set_hidden(actor=bkpp, post=post, hidden=False)
    assert AuditEvent.objects.filter(action="forum.post.unhide").exists()


def test_thread_lock_move_hide_are_audited(cat: Any, ani: Any, bkpp: Any) -> None:
    other = CategoryFactory(name="Digital", slug="uji-digital")
    t = make_thread(author=ani, category=cat)
    services.thread_moderate(actor=bkpp, thread=t, action="lock")
    services.thread_moderate(actor=bkpp, thread=t, action="move", category=other)
    services.thread_moderate(actor=bkpp, thread=t, action="hide", reason="Di luar topik")
    t.refresh_from_db()
    assert t.is_locked and t.is_hidden and t.category == other
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"forum.thread.lock", "forum.thread.move", "forum.thread.hide"} <= actions
    move = AuditEvent.objects.get(action="forum.thread.move")
    assert move.before["category_id"] == cat.pk and move.after["category_id"] == other.pk
    with pytest.raises(ForumError):
        services.thread_moderate(actor=ani, thread=t, action="unlock")


def test_report_then_hide_resolves_it(cat: Any, ani: Any, budi: Any, bkpp: Any) -> None:
    t = make_thread(author=ani, category=cat)
    post = make_post(thread=t, author=budi, body="kasar")
    r = services.post_report(actor=ani, post=post, reason="Bahasa kasar")
    with pytest.raises(ForumError, match="sudah melaporkan"):
        services.post_report(actor=ani, post=post, reason="Bahasa kasar lagi")
    with pytest.raises(ForumError):
        services.report_resolve(actor=ani, report=r, action="dismiss")
    services.report_resolve(actor=bkpp, report=r, action="hide")
    r.refresh_from_db()
    post.refresh_from_db()
    assert r.status == ReportStatus.ACTIONED and r.resolved_by == bkpp and post.is_hidden
    r2 = services.post_report(actor=budi, post=make_post(thread=t, author=ani), reason="salah kira")
    services.report_resolve(actor=bkpp, report=r2, action="dismiss")
    assert Report.objects.get(pk=r2.pk).status == ReportStatus.DISMISSED
    assert AuditEvent.objects.filter(action="forum.report.dismiss").exists()


# --- mentions, reactions, accepted answer --------------------------------------------------------


def test_mentions_by_username_and_name_notify_forum_users_only(
    cat: Any, ani: Any, budi: Any
) -> None:
    asn("citra", name="Citra Kirana")
    UserFactory(username="peneliti", role=Role.RESEARCHER)
    t = make_thread(author=ani, category=cat)
    services.post_reply(
        actor=budi, thread=t, body="@ani lihat ini, juga @Citra_Kirana dan @peneliti dan @budi"
    )
    notified = set(
        Notification.objects.filter(kind="mention").values_list("user__username", flat=True)
    )
    assert notified == {"ani", "citra"}  # not the researcher, not the author himself
    # The asker was mentioned: one notification, not a second "reply" one.
    assert Notification.objects.filter(user=ani).count() == 1


def test_reaction_toggles(cat: Any, ani: Any, budi: Any) -> None:
    t = make_thread(author=ani, category=cat)
    post = t.posts.get()
    assert services.reaction_toggle(actor=budi, post=post, kind="membantu") is True
    assert Reaction.objects.filter(post=post).count() == 1
    assert services.reaction_toggle(actor=budi, post=post, kind="membantu") is False
    assert not Reaction.objects.exists()
    with pytest.raises(ForumError):
        services.reaction_toggle(actor=budi, post=post, kind="marah")


def test_only_the_asker_accepts_an_answer(cat: Any, ani: Any, budi: Any) -> None:
    t = make_thread(author=ani, category=cat)
    answer = make_post(thread=t, author=budi, body="Pakai antrean daring.")
    with pytest.raises(ForumError) as exc:
        services.answer_accept(actor=budi, post=answer)
    assert exc.value.code == "not_author"
    with pytest.raises(ForumError):
        services.answer_accept(actor=ani, post=t.posts.get(is_first=True))
    services.answer_accept(actor=ani, post=answer)
    t.refresh_from_db()
    assert t.accepted_post == answer
    assert Notification.objects.filter(user=budi, kind="accepted").exists()
    services.answer_accept(actor=ani, post=answer)  # again: unmark
    t.refresh_from_db()
    assert t.accepted_post is None


# --- attachments ---------------------------------------------------------------------------------


def _docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def test_attachments_are_sniffed_and_limited(cat: Any, ani: Any) -> None:
    ForumSettings.objects.filter(pk=1).update(attachment_max_mb=1)
    t = make_thread(author=ani, category=cat)
    ok = [
        SimpleUploadedFile("laporan.pdf", b"%PDF-1.7\n" + b"0" * 100),
        SimpleUploadedFile("notulen.docx", _docx()),
    ]
    post = services.post_reply(actor=ani, thread=t, body="Lampiran", files=ok)
    kinds = sorted(Attachment.objects.filter(post=post).values_list("kind", flat=True))
    assert kinds == ["docx", "pdf"]
    a = Attachment.objects.get(post=post, kind="pdf")
    assert a.name == "laporan.pdf" and a.file.name.endswith(".pdf") and "laporan" not in a.file.name
    bad = [
        (
            SimpleUploadedFile("virus.pdf", b"MZ\x90\x00" + b"0" * 100),
            "tidak sesuai dengan ekstensi .pdf",
        ),
        (SimpleUploadedFile("halaman.html", b"<html><script>"), "tidak diterima"),
        (SimpleUploadedFile("besar.pdf", b"%PDF-" + b"0" * (1024 * 1024 + 1)), "batasnya 1 MB"),
        (SimpleUploadedFile("zip.docx", b"PK\x03\x04notreallyazip"), "tidak sesuai"),
    ]
    before = Post.objects.count()
    for f, message in bad:
        with pytest.raises(ForumError, match=message):
            services.post_reply(actor=ani, thread=t, body="Lampiran buruk", files=[f])
    assert Post.objects.count() == before  # nothing half-written
    with pytest.raises(ForumError, match="Paling banyak 3"):
        services.post_reply(
            actor=ani,
            thread=t,
            body="banyak",
            files=[SimpleUploadedFile(f"{i}.pdf", b"%PDF-1") for i in range(4)],
        )


# --- best practices ------------------------------------------------------------------------------


def test_practice_submit_review_and_jp_when_setting_allows(ani: Any, bkpp: Any) -> None:
    p = services.practice_submit(actor=ani, data=practice_data())
    assert p.status == PracticeStatus.SUBMITTED and " layan " in p.search_text
    with pytest.raises(ForumError) as exc:
        services.practice_review(actor=ani, practice=p, action="curate")
    assert exc.value.code == "forbidden"
    # Setting off (the default): curated, no JP.
    p = services.practice_review(
        actor=bkpp, practice=p, action="curate", tags=["Antrean", "digital", "antrean"]
    )
    assert p.status == PracticeStatus.CURATED and p.jp_awarded == 0
    assert sorted(p.tags.values_list("name", flat=True)) == ["Antrean", "digital"]
    assert not LedgerEntry.objects.exists()
    # Setting on: the next curated practice adds JP once, source "practice".
    ForumSettings.objects.filter(pk=1).update(practice_jp_enabled=True, practice_jp=2)
    p2 = services.practice_submit(actor=ani, data=practice_data(title="Layanan jemput bola KIA"))
    p2 = services.practice_review(actor=bkpp, practice=p2, action="curate")
    entry = LedgerEntry.objects.get()
    assert entry.source == LedgerSource.PRACTICE and entry.source_id == p2.pk
    assert entry.employee_id == ani.employee_id and entry.jp == 2
    assert entry.activity_type.code == "praktik_baik" and entry.activity_type.mode == "nonklasikal"
    assert p2.jp_awarded == 2
    ev = AuditEvent.objects.get(action="forum.practice.curate", object_id=str(p2.pk))
    assert ev.before["status"] == "submitted" and ev.after["jp_awarded"] == 2
    assert Notification.objects.filter(user=ani, kind="practice", practice=p2).exists()
    with pytest.raises(ForumError, match="hanya yang diajukan"):
        services.practice_review(actor=bkpp, practice=p2, action="curate")


def test_practice_without_employee_gets_no_jp(bkpp: Any) -> None:
    ForumSettings.objects.filter(pk=1).update(practice_jp_enabled=True)
    no_emp = UserFactory(role=Role.EMPLOYEE)
    p = services.practice_submit(actor=no_emp, data=practice_data())
    p = services.practice_review(actor=bkpp, practice=p, action="curate")
    assert p.jp_awarded == 0 and not LedgerEntry.objects.exists()


def test_practice_return_needs_a_note_and_the_author_revises(
    ani: Any, budi: Any, bkpp: Any
) -> None:
    p = services.practice_submit(actor=ani, data=practice_data())
    with pytest.raises(ForumError, match="catatan"):
        services.practice_review(actor=bkpp, practice=p, action="return", note="")
    services.practice_review(actor=bkpp, practice=p, action="return", note="Tambahkan angka bukti.")
    with pytest.raises(ForumError):
        services.practice_update(actor=budi, practice=p, data=practice_data())
    p = services.practice_update(
        actor=ani, practice=p, data=practice_data(evidence="Waktu tunggu 180 → 25 menit.")
    )
    assert p.status == PracticeStatus.SUBMITTED


def test_practice_missing_field_names_it(ani: Any) -> None:
    with pytest.raises(ForumError, match="hasil"):
        services.practice_submit(actor=ani, data=practice_data(result="  "))
    assert not Practice.objects.exists()


def test_publish_only_curated(ani: Any, bkpp: Any) -> None:
    p = services.practice_submit(actor=ani, data=practice_data())
    with pytest.raises(ForumError, match="terkurasi"):
        services.practice_publish(actor=bkpp, practice=p, public=True)
    services.practice_review(actor=bkpp, practice=p, action="curate")
    with pytest.raises(ForumError):
        services.practice_publish(actor=ani, practice=p, public=True)
    p = services.practice_publish(actor=bkpp, practice=p, public=True)
    assert p.is_public and p.published_at is not None
    assert AuditEvent.objects.filter(action="forum.practice.publish").exists()


def test_opd_rooms_are_opened_once_by_moderators(bkpp: Any, ani: Any) -> None:
    from penata.forum.models import Category
    from penata.workforce.tests.factories import OrgUnitFactory

    dinas = OrgUnitFactory(name="Dinas Perhubungan Uji")
    OrgUnitFactory(name="Bidang Lalu Lintas Uji", parent=dinas)  # not an OPD
    with pytest.raises(ForumError):
        services.opd_rooms_create(actor=ani)
    n = services.opd_rooms_create(actor=bkpp)
    assert n == Category.objects.filter(kind="opd").count() >= 1
    room = Category.objects.get(opd=dinas)
    assert room.kind == "opd" and room.name == "Dinas Perhubungan Uji"
    assert not Category.objects.filter(name="Bidang Lalu Lintas Uji").exists()
    assert services.opd_rooms_create(actor=bkpp) == 0
    assert AuditEvent.objects.filter(action="forum.category.opd_rooms").count() == 1


def test_practice_attachments_follow_the_practice_visibility(
    ani: Any, budi: Any, bkpp: Any
) -> None:
    from django.test import Client

    pdf = SimpleUploadedFile("bukti.pdf", b"%PDF-1.4 bukti")
    p = services.practice_submit(actor=ani, data=practice_data(), files=[pdf])
    att = p.attachments.get()
    c_budi, c_ani, anon = Client(), Client(), Client()
    c_budi.force_login(budi)
    c_ani.force_login(ani)
    assert c_budi.get(f"/forum/lampiran/{att.pk}/").status_code == 404  # not curated yet
    assert c_ani.get(f"/forum/lampiran/{att.pk}/").status_code == 200  # own submission
    assert anon.get(f"/forum/publik/praktik-baik/lampiran/{att.pk}/").status_code == 404
    services.practice_review(actor=bkpp, practice=p, action="curate")
    assert c_budi.get(f"/forum/lampiran/{att.pk}/").status_code == 200
    services.practice_publish(actor=bkpp, practice=p, public=True)
    resp = anon.get(f"/forum/publik/praktik-baik/lampiran/{att.pk}/")
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
