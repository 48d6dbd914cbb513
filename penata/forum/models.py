"""The ASN forum and the best-practice library (praktik baik).

Categories by topic and by OPD hold threads; a thread is a list of posts in Markdown (stored as
written and rendered once, sanitised, into ``body_html``); posts carry attachments, reactions and
mentions; the asker may mark the answer that solved it. Best practices are structured write-ups
that BKPP curates into a library and may publish to the public portal; a curated one may earn
nonklasikal JP (PerLAN 10/2018; the city's choice, switched in :class:`ForumSettings`).

Every write goes through :mod:`penata.forum.services` (audited); reads through
:mod:`penata.forum.selectors`; search through :mod:`penata.forum.search`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from penata.forum import rules


class ForumSettings(models.Model):
    """The institution's forum settings (one row, id 1), editable by an administrator."""

    edit_window_minutes = models.PositiveSmallIntegerField(
        _("batas waktu menyunting (menit)"),
        default=rules.DEFAULT_EDIT_WINDOW_MINUTES,
        help_text=_("Penulis dapat menyunting kirimannya sendiri selama ini setelah dikirim."),
    )
    rate_limit_posts = models.PositiveSmallIntegerField(
        _("batas kiriman"), default=rules.DEFAULT_RATE_LIMIT_POSTS
    )
    rate_window_minutes = models.PositiveSmallIntegerField(
        _("dalam jangka (menit)"), default=rules.DEFAULT_RATE_WINDOW_MINUTES
    )
    attachment_max_mb = models.PositiveSmallIntegerField(
        _("ukuran lampiran maksimal (MB)"), default=rules.DEFAULT_ATTACHMENT_MAX_MB
    )
    practice_jp_enabled = models.BooleanField(
        _("praktik baik terkurasi diakui sebagai JP nonklasikal"),
        default=False,
        help_text=_(
            "Bila aktif, praktik baik yang dikurasi BKPP menambah JP nonklasikal penulisnya "
            "(jenis kegiatan 'Kontribusi praktik baik', dengan batas tahunannya)."
        ),
    )
    practice_jp = models.PositiveSmallIntegerField(
        _("JP per praktik baik terkurasi"),
        default=2,
        help_text=_(
            "Kebijakan kota; batas tahunan diatur pada jenis kegiatan di modul kompetensi."
        ),
    )

    class Meta:
        verbose_name = _("pengaturan forum")
        verbose_name_plural = _("pengaturan forum")
        constraints = [
            models.CheckConstraint(
                condition=Q(rate_limit_posts__gte=1, rate_window_minutes__gte=1),
                name="forum_settings_rate_positive",
            ),
            models.CheckConstraint(
                condition=Q(attachment_max_mb__gte=1, attachment_max_mb__lte=50),
                name="forum_settings_attachment_1_50",
            ),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> ForumSettings:
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj


class CategoryKind(models.TextChoices):
    TOPIC = "topic", _("Topik")
    OPD = "opd", _("OPD")


class Category(models.Model):
    """A forum category: a topic (pelayanan publik, digitalisasi…) or an OPD's own room."""

    name = models.CharField(_("nama"), max_length=120)
    slug = models.SlugField(_("kode"), max_length=80, unique=True)
    kind = models.CharField(_("jenis"), max_length=8, choices=CategoryKind.choices)
    opd = models.ForeignKey(
        "workforce.OrgUnit",
        verbose_name=_("OPD"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.CharField(_("uraian"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("kategori forum")
        verbose_name_plural = _("kategori forum")
        ordering = ["kind", "order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="opd", opd__isnull=False) | Q(kind="topic", opd__isnull=True)),
                name="forum_category_opd_iff_kind",
            ),
            models.UniqueConstraint(
                fields=["opd"], condition=Q(opd__isnull=False), name="forum_category_one_per_opd"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Thread(models.Model):
    """A discussion: its first post is the question; ``accepted_post`` is the reply the asker
    marked as the one that solved it."""

    category = models.ForeignKey(
        Category, verbose_name=_("kategori"), on_delete=models.PROTECT, related_name="threads"
    )
    title = models.CharField(_("judul"), max_length=rules.MAX_TITLE_CHARS)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("penanya"), on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    last_post_at = models.DateTimeField(_("kiriman terakhir"), db_index=True)
    reply_count = models.PositiveIntegerField(_("jumlah balasan"), default=0)
    is_locked = models.BooleanField(_("dikunci"), default=False)
    is_hidden = models.BooleanField(_("disembunyikan"), default=False)
    accepted_post = models.ForeignKey(
        "Post",
        verbose_name=_("jawaban terpilih"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("utas")
        verbose_name_plural = _("utas")
        ordering = ["-last_post_at", "-id"]
        indexes = [
            models.Index(fields=["category", "-last_post_at"], name="forum_thread_cat_last"),
        ]

    def __str__(self) -> str:
        return self.title


class Post(models.Model):
    """A post in a thread: the Markdown source, its sanitised HTML, and the stemmed search text
    (see :func:`penata.forum.rules.index_text`)."""

    thread = models.ForeignKey(
        Thread, verbose_name=_("utas"), on_delete=models.CASCADE, related_name="posts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("penulis"), on_delete=models.PROTECT
    )
    body = models.TextField(_("isi (Markdown)"))
    body_html = models.TextField(_("isi (HTML aman)"), editable=False)
    search_text = models.TextField(editable=False, default="")
    is_first = models.BooleanField(_("pertanyaan pembuka"), default=False)
    created_at = models.DateTimeField(_("dikirim"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("disunting"), null=True, blank=True)
    is_hidden = models.BooleanField(_("disembunyikan"), default=False)
    hidden_reason = models.CharField(_("alasan disembunyikan"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("kiriman")
        verbose_name_plural = _("kiriman")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["thread", "created_at"], name="forum_post_thread_created"),
            models.Index(fields=["author", "created_at"], name="forum_post_author_created"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.thread_id}"


class Attachment(models.Model):
    """A file on a post or a best practice: its kind is sniffed from the content."""

    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    practice = models.ForeignKey(
        "Practice", null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("berkas"), upload_to="forum/%Y/%m/")
    name = models.CharField(_("nama berkas"), max_length=120)
    kind = models.CharField(_("jenis"), max_length=8)
    size = models.PositiveIntegerField(_("ukuran (byte)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lampiran")
        verbose_name_plural = _("lampiran")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(post__isnull=False, practice__isnull=True)
                    | Q(post__isnull=True, practice__isnull=False)
                ),
                name="forum_attachment_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ReactionKind(models.TextChoices):
    LIKE = "suka", _("Suka")
    THANKS = "terima_kasih", _("Terima kasih")
    HELPFUL = "membantu", _("Membantu")


REACTION_ICONS = {"suka": "hand-thumbs-up", "terima_kasih": "heart", "membantu": "lightbulb"}


class Reaction(models.Model):
    """One person's reaction of one kind to a post (a second click takes it back)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("reaksi"), max_length=16, choices=ReactionKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reaksi")
        verbose_name_plural = _("reaksi")
        constraints = [
            models.UniqueConstraint(fields=["post", "user", "kind"], name="forum_reaction_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.post_id}"


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Terbuka")
    ACTIONED = "actioned", _("Ditindaklanjuti")
    DISMISSED = "dismissed", _("Diabaikan")


class Report(models.Model):
    """A reader's report of a post to the moderators."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("alasan"), max_length=500)
    status = models.CharField(
        _("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("laporan kiriman")
        verbose_name_plural = _("laporan kiriman")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"],
                condition=Q(status="open"),
                name="forum_report_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.post_id}: {self.reason[:40]}"


class NotificationKind(models.TextChoices):
    MENTION = "mention", _("Disebut")
    REPLY = "reply", _("Balasan di utas Anda")
    ACCEPTED = "accepted", _("Jawaban Anda dipilih")
    MODERATION = "moderation", _("Tindakan moderator")
    PRACTICE = "practice", _("Praktik baik")


class Notification(models.Model):
    """An in-app notification (the bell): unread until the person opens or marks it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_notifications"
    )
    kind = models.CharField(_("jenis"), max_length=12, choices=NotificationKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.CASCADE)
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE)
    practice = models.ForeignKey("Practice", null=True, blank=True, on_delete=models.CASCADE)
    text = models.CharField(_("pesan"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["user", "created_at"],
                condition=Q(read_at__isnull=True),
                name="forum_notif_unread",
            )
        ]

    def __str__(self) -> str:
        return self.text


class Tag(models.Model):
    """A tag of the best-practice library (set by the curators)."""

    name = models.CharField(_("nama"), max_length=40, unique=True)
    slug = models.SlugField(_("kode"), max_length=50, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tag")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PracticeStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Diajukan")
    RETURNED = "returned", _("Dikembalikan untuk diperbaiki")
    CURATED = "curated", _("Terkurasi")
    REJECTED = "rejected", _("Ditolak")


class Practice(models.Model):
    """A best practice (praktik baik): the problem, the practice, the result with its evidence,
    the OPD and a contact person. Submitted by any ASN, curated by BKPP into the library; a
    curated one may be published to the public portal (``is_public``)."""

    title = models.CharField(_("judul"), max_length=rules.MAX_TITLE_CHARS)
    topic = models.ForeignKey(
        Category,
        verbose_name=_("topik"),
        on_delete=models.PROTECT,
        related_name="practices",
        limit_choices_to={"kind": CategoryKind.TOPIC},
    )
    opd = models.ForeignKey(
        "workforce.OrgUnit", verbose_name=_("OPD"), on_delete=models.PROTECT, related_name="+"
    )
    problem = models.TextField(_("masalah"))
    practice = models.TextField(_("praktik yang dilakukan"))
    result = models.TextField(_("hasil"))
    evidence = models.TextField(
        _("bukti hasil"),
        help_text=_("Angka sebelum dan sesudah, tautan laporan, atau lampiran pendukung."),
    )
    contact_name = models.CharField(_("narahubung"), max_length=150)
    contact_info = models.CharField(
        _("kontak narahubung"), max_length=150, help_text=_("Telepon kantor atau e-mail dinas.")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pengusul"), on_delete=models.PROTECT
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=PracticeStatus.choices,
        default=PracticeStatus.SUBMITTED,
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tag"), blank=True, related_name="practices")
    review_note = models.TextField(_("catatan kurator"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    curated_at = models.DateTimeField(_("dikurasi"), null=True, blank=True)
    is_public = models.BooleanField(_("terbit di portal publik"), default=False)
    published_at = models.DateTimeField(_("diterbitkan"), null=True, blank=True)
    jp_awarded = models.PositiveSmallIntegerField(_("JP diakui"), default=0)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("diajukan"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("praktik baik")
        verbose_name_plural = _("praktik baik")
        ordering = ["-curated_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_public=False) | Q(status="curated"),
                name="forum_practice_public_only_curated",
            )
        ]
        indexes = [models.Index(fields=["status", "topic"], name="forum_practice_status_topic")]

    def __str__(self) -> str:
        return self.title
