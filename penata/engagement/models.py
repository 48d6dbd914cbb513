"""Change management (manajemen perubahan): socialisation campaigns with materials and
announcements, events with invitations and check-in, ADKAR readiness surveys in waves, follow-up
actions for hot spots, and change champions (agen perubahan) per OPD.

Survey answers are anonymous: :class:`SurveyResponse` holds no link to a person, a user or an
exact time; who has answered is a separate :class:`AnsweredMarker` (see ``docs/engagement.md``).
The rules are in :mod:`penata.engagement.rules`; every write goes through
:mod:`penata.engagement.services`.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from penata.engagement import rules


class Dimension(models.TextChoices):
    AWARENESS = rules.Dimension.AWARENESS.value, _("Kesadaran (awareness)")
    DESIRE = rules.Dimension.DESIRE.value, _("Keinginan (desire)")
    KNOWLEDGE = rules.Dimension.KNOWLEDGE.value, _("Pengetahuan (knowledge)")
    ABILITY = rules.Dimension.ABILITY.value, _("Kemampuan (ability)")
    REINFORCEMENT = rules.Dimension.REINFORCEMENT.value, _("Penguatan (reinforcement)")


class MaterialKind(models.TextChoices):
    DOCUMENT = rules.MaterialKind.DOCUMENT.value, _("Dokumen")
    LINK = rules.MaterialKind.LINK.value, _("Tautan")
    VIDEO = rules.MaterialKind.VIDEO.value, _("Video pendek")


class EventKind(models.TextChoices):
    SOSIALISASI = "sosialisasi", _("Sosialisasi")
    WORKSHOP = "workshop", _("Lokakarya (workshop)")
    TOWN_HALL = "town_hall", _("Town hall")


class EventMode(models.TextChoices):
    ONSITE = "onsite", _("Tatap muka")
    ONLINE = "online", _("Daring")


class WaveStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    OPEN = "open", _("Dibuka")
    CLOSED = "closed", _("Ditutup")


class FollowUpKind(models.TextChoices):
    TARGETED_SESSION = rules.FollowUpKind.TARGETED_SESSION.value, _("Sesi sosialisasi terarah")
    CHAMPIONS = rules.FollowUpKind.CHAMPIONS.value, _("Libatkan agen perubahan")
    COACHING = rules.FollowUpKind.COACHING.value, _("Pendampingan (coaching)")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Terbuka")
    DONE = "done", _("Selesai")


class EngagementSettings(models.Model):
    """The institution's thresholds for change management (one row, id 1), editable in admin."""

    min_group_size = models.PositiveSmallIntegerField(
        _("responden minimum per kelompok"),
        default=rules.MIN_GROUP_SIZE,
        help_text=_("Hasil survei kelompok ditampilkan hanya bila respondennya sebanyak ini."),
    )
    hot_spot_readiness_below = models.FloatField(
        _("indeks kesiapan rendah bila di bawah"), default=60.0
    )
    hot_spot_attendance_below = models.FloatField(
        _("kehadiran rendah bila di bawah (%)"), default=50.0
    )
    checkin_code_minutes = models.PositiveSmallIntegerField(
        _("masa berlaku kode hadir (menit)"), default=10
    )

    class Meta:
        verbose_name = _("pengaturan manajemen perubahan")
        verbose_name_plural = _("pengaturan manajemen perubahan")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_group_size__gte=rules.MIN_GROUP_SIZE),
                name="engagement_settings_min_group_5",
            ),
            models.CheckConstraint(
                condition=Q(checkin_code_minutes__gte=1), name="engagement_settings_code_minutes"
            ),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> EngagementSettings:
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj


class Campaign(models.Model):
    """A socialisation campaign: a topic and its message for target units and/or roles in a
    period, owned by an officer. No target: everyone."""

    topic = models.CharField(_("topik"), max_length=200)
    message = models.TextField(_("pesan utama"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penanggung jawab"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("selesai"))
    target_units = models.ManyToManyField(
        "workforce.OrgUnit", verbose_name=_("unit sasaran"), blank=True, related_name="+"
    )
    target_roles = models.JSONField(_("peran sasaran"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kampanye")
        verbose_name_plural = _("kampanye")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="engagement_campaign_period"
            )
        ]

    def __str__(self) -> str:
        return self.topic


class Material(models.Model):
    """A campaign material: a document or short video (a file within the kind's limits) or a
    link."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField(_("jenis"), max_length=16, choices=MaterialKind.choices)
    title = models.CharField(_("judul"), max_length=200)
    file = models.FileField(_("berkas"), upload_to="engagement/materials/%Y/%m/", blank=True)
    url = models.URLField(_("tautan"), blank=True)
    size = models.PositiveBigIntegerField(_("ukuran (bita)"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("materi")
        verbose_name_plural = _("materi")
        ordering = ["campaign", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="link") & ~Q(url="") & Q(file=""))
                | (~Q(kind="link") & ~Q(file="") & Q(url="")),
                name="engagement_material_file_or_link",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Announcement(models.Model):
    """A short announcement of a campaign, shown on the dashboard of the campaign's targets
    while the campaign runs."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="announcements")
    title = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi"))
    published_at = models.DateTimeField(_("diterbitkan"), auto_now_add=True)

    class Meta:
        verbose_name = _("pengumuman")
        verbose_name_plural = _("pengumuman")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Event(models.Model):
    """A sosialisasi, workshop or town hall, on site or online, with its schedule."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("kampanye"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    title = models.CharField(_("judul"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=16, choices=EventKind.choices)
    mode = models.CharField(_("moda"), max_length=8, choices=EventMode.choices)
    location = models.CharField(_("tempat / tautan rapat"), max_length=255)
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    target_units = models.ManyToManyField(
        "workforce.OrgUnit", verbose_name=_("unit diundang"), blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("acara")
        verbose_name_plural = _("acara")
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="engagement_event_schedule"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Invitation(models.Model):
    """An employee invited to an event; ``opd`` and ``org_unit`` are kept as they were at the
    invitation so attendance per unit does not move when people do."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    employee = models.ForeignKey("workforce.Employee", on_delete=models.CASCADE, related_name="+")
    org_unit = models.ForeignKey("workforce.OrgUnit", on_delete=models.PROTECT, related_name="+")
    opd = models.ForeignKey(
        "workforce.OrgUnit", on_delete=models.PROTECT, related_name="+", null=True
    )
    invited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("undangan")
        verbose_name_plural = _("undangan")
        constraints = [
            models.UniqueConstraint(fields=["event", "employee"], name="engagement_invite_once")
        ]

    def __str__(self) -> str:
        return f"{self.event} — {self.employee_id}"


class CheckInCode(models.Model):
    """A single-use check-in code shown at the event (as text and a QR). It expires, and once a
    person has used it nobody else can."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(_("kode"), max_length=12, unique=True)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    used_by = models.ForeignKey(
        "workforce.Employee", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kode hadir")
        verbose_name_plural = _("kode hadir")

    def __str__(self) -> str:
        return self.code


class Attendance(models.Model):
    """A check-in: one per person and event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendances")
    employee = models.ForeignKey("workforce.Employee", on_delete=models.CASCADE, related_name="+")
    org_unit = models.ForeignKey("workforce.OrgUnit", on_delete=models.PROTECT, related_name="+")
    opd = models.ForeignKey(
        "workforce.OrgUnit", on_delete=models.PROTECT, related_name="+", null=True
    )
    code = models.ForeignKey(
        CheckInCode, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_in_at = models.DateTimeField(_("hadir pada"))

    class Meta:
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
        constraints = [
            models.UniqueConstraint(fields=["event", "employee"], name="engagement_attend_once")
        ]

    def __str__(self) -> str:
        return f"{self.event} — {self.employee_id}"


class Survey(models.Model):
    """A readiness questionnaire: Likert items (1–5) grouped by ADKAR dimension, repeated in
    waves."""

    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("pengantar"), blank=True)
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="surveys"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("survei kesiapan")
        verbose_name_plural = _("survei kesiapan")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return self.title


class SurveyItem(models.Model):
    """A statement answered from 1 (sangat tidak setuju) to 5 (sangat setuju)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="items")
    dimension = models.CharField(_("dimensi"), max_length=16, choices=Dimension.choices)
    text = models.CharField(_("pernyataan"), max_length=300)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("butir survei")
        verbose_name_plural = _("butir survei")
        ordering = ["survey", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class SurveyWave(models.Model):
    """One round of a survey sent to target units in a window. Results are computed only once
    the wave is closed, so counts never change under a reader's eyes (no subtraction over
    time)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="waves")
    number = models.PositiveSmallIntegerField(_("gelombang ke"))
    opens_on = models.DateField(_("dibuka"))
    closes_on = models.DateField(_("ditutup"))
    status = models.CharField(
        _("status"), max_length=8, choices=WaveStatus.choices, default=WaveStatus.DRAFT
    )
    target_units = models.ManyToManyField(
        "workforce.OrgUnit", verbose_name=_("unit sasaran"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("gelombang survei")
        verbose_name_plural = _("gelombang survei")
        ordering = ["survey", "number"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"], name="engagement_wave_number"),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="engagement_wave_window"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} — {self.number}"


class SurveyResponse(models.Model):
    """One anonymous set of answers: the OPD (the smallest group reported), the answers and the
    dimension means. No person, no user, no time of day; a random key so the row order says
    nothing about who answered when."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    wave = models.ForeignKey(SurveyWave, on_delete=models.CASCADE, related_name="responses")
    opd = models.ForeignKey("workforce.OrgUnit", on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField(_("jawaban"), default=dict)
    awareness = models.FloatField(null=True)
    desire = models.FloatField(null=True)
    knowledge = models.FloatField(null=True)
    ability = models.FloatField(null=True)
    reinforcement = models.FloatField(null=True)

    class Meta:
        verbose_name = _("jawaban survei")
        verbose_name_plural = _("jawaban survei")
        indexes = [models.Index(fields=["wave", "opd"], name="engagement_resp_wave_opd")]

    def __str__(self) -> str:
        return str(self.pk)


class AnsweredMarker(models.Model):
    """That a person has answered a wave (to stop a second answer and to count the response
    rate), with nothing that links to the answers."""

    wave = models.ForeignKey(SurveyWave, on_delete=models.CASCADE, related_name="markers")
    employee = models.ForeignKey("workforce.Employee", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("penanda sudah menjawab")
        verbose_name_plural = _("penanda sudah menjawab")
        constraints = [
            models.UniqueConstraint(fields=["wave", "employee"], name="engagement_answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.wave_id} — {self.employee_id}"


class Champion(models.Model):
    """A change champion (agen perubahan) of an OPD."""

    opd = models.ForeignKey(
        "workforce.OrgUnit", verbose_name=_("OPD"), on_delete=models.PROTECT, related_name="+"
    )
    employee = models.ForeignKey(
        "workforce.Employee", verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="+"
    )
    appointed_on = models.DateField(_("ditunjuk"))
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("agen perubahan")
        verbose_name_plural = _("agen perubahan")
        constraints = [
            models.UniqueConstraint(
                fields=["opd", "employee"],
                condition=Q(is_active=True),
                name="engagement_champion_active_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} @ {self.opd_id}"


class FollowUpAction(models.Model):
    """A follow-up for a hot spot (an OPD with low readiness and low attendance), tracked to
    done."""

    opd = models.ForeignKey(
        "workforce.OrgUnit", verbose_name=_("OPD"), on_delete=models.PROTECT, related_name="+"
    )
    wave = models.ForeignKey(
        SurveyWave, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=FollowUpKind.choices)
    description = models.CharField(_("uraian"), max_length=300)
    due_on = models.DateField(_("tenggat"))
    status = models.CharField(
        _("status"), max_length=8, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_note = models.CharField(_("catatan penyelesaian"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")
        ordering = ["status", "due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", done_at__isnull=True)
                | Q(status="done", done_at__isnull=False),
                name="engagement_followup_done_at",
            )
        ]

    def __str__(self) -> str:
        return self.description
