"""Forms of the registry pages. They validate input; the write is the service's."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from penata.workforce import rules
from penata.workforce.models import (
    Employee,
    EmploymentType,
    Gender,
    OrgUnit,
    Position,
    Rank,
    RankKind,
)
from penata.workforce.selectors import org_units_in_scope

DATE_WIDGET = {"type": "date"}
# Personal data (UU 27/2022): never put in the form unmasked, since only a logged reveal shows it.
PERSONAL = ("nik", "email", "phone")


def rank_kind_for(employment_type: str | None) -> str:
    """PNS hold a PNS golongan; PPPK (full or part time) a PPPK grade."""
    return RankKind.PNS if employment_type == EmploymentType.PNS else RankKind.PPPK


def normalise_phone(raw: str) -> str:
    """Digits only, Indonesian national form (``08…``); raise ``ValueError`` when not a number.

    The same normalisation as the roster import (``+62``/``62`` become ``0``).
    """
    digits = re.sub(r"[\s\-().]", "", raw).lstrip("'")
    if digits.startswith("+62"):
        digits = "0" + digits[3:]
    elif digits.startswith("62") and len(digits) >= 11:
        digits = "0" + digits[2:]
    if not digits.isdigit() or not 9 <= len(digits) <= 14:
        raise ValueError(
            str(_("Nomor telepon harus 9–14 angka, mis. 081234567890 atau +6281234567890."))
        )
    return digits


class UnitField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return f"{'— ' * obj.depth}{obj.name}"


def rank_label(rank: Rank) -> str:
    """``III/a Penata Muda`` for PNS, ``PPPK IX`` for a PPPK grade."""
    if rank.kind == RankKind.PPPK:
        return f"PPPK {rank.code}"
    return f"{rank.code} {rank.pangkat}".strip()


class RankField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Rank) -> str:
        return rank_label(obj)


class PositionField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Position) -> str:
        return f"{obj} — {obj.org_unit.name}"


class EmployeeForm(forms.ModelForm):
    """Edit an employee's record within the editor's scope.

    Choices depend on the data: golongan by the employment type (PNS ranks for PNS, PPPK grades
    for PPPK), units by the editor's scope, positions by the OPD of the chosen unit.
    """

    # Fields whose choices depend on others; refreshed through HTMX when those change.
    DEPENDENT = ("rank", "position")

    class Meta:
        model = Employee
        fields = [
            "front_title",
            "name",
            "back_title",
            "gender",
            "birth_place",
            "birth_date",
            "employment_type",
            "rank",
            "rank_tmt",
            "education",
            "major",
            "org_unit",
            "position",
            "tmt_cpns",
            "status",
            "email",
            "phone",
            "nik",
        ]
        field_classes = {"rank": RankField, "org_unit": UnitField, "position": PositionField}
        widgets = {
            "birth_date": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
            "rank_tmt": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
            "tmt_cpns": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
            "nik": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        }
        help_texts = {
            "nik": _("16 angka, sesuai KTP."),
            "phone": _("Mis. 081234567890."),
            "position": _("Jabatan di OPD unit kerja yang dipilih."),
            "rank": _("PNS: golongan I/a–IV/e; PPPK: golongan I–XVII."),
        }

    clear_nik = forms.BooleanField(label=_("Hapus NIK"), required=False)
    clear_email = forms.BooleanField(label=_("Hapus e-mail"), required=False)
    clear_phone = forms.BooleanField(label=_("Hapus telepon"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        instance: Employee = self.instance
        # Personal fields start empty (empty = unchanged); the current value shows masked.
        self.stored_personal = {name: getattr(instance, name) or "" for name in PERSONAL}
        masks = {"nik": rules.mask_nik, "email": rules.mask_email, "phone": rules.mask_phone}
        for name in PERSONAL:
            self.initial[name] = ""
            current = self.stored_personal[name]
            self.fields[name].widget.attrs["placeholder"] = (
                masks[name](current) if current else _("(kosong)")
            )
            self.fields[name].help_text = _("%(help)s Kosongkan bila tidak berubah.") % {
                "help": self.fields[name].help_text or ""
            }
        employment_type = self._value("employment_type") or instance.employment_type
        unit = self._chosen_unit()

        self._choices("rank").queryset = Rank.objects.filter(kind=rank_kind_for(employment_type))
        self._choices("org_unit").queryset = self._units()
        self._choices("position").queryset = self._positions(unit)

        for field in self.fields.values():
            label = field.label
            field.error_messages["required"] = _("%(field)s wajib diisi.") % {"field": label}
            if isinstance(field, forms.DateField):
                field.error_messages["invalid"] = _(
                    "%(field)s bukan tanggal yang valid. Pilih dari kalender atau tulis "
                    "TTTT-BB-HH, mis. 1985-07-31."
                ) % {"field": label}
            if isinstance(field, forms.ModelChoiceField | forms.ChoiceField):
                field.error_messages["invalid_choice"] = _(
                    "Pilihan %(field)s tidak tersedia. Pilih salah satu dari daftar."
                ) % {"field": label}
            if isinstance(field.widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(field.widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            field.widget.attrs.setdefault("class", css)
        self.fields["rank"].error_messages["invalid_choice"] = _(
            "Golongan itu tidak sesuai status kepegawaian: PNS memakai golongan I/a–IV/e, "
            "PPPK golongan I–XVII. Pilih golongan dari daftar."
        )
        self.fields["position"].error_messages["invalid_choice"] = _(
            "Jabatan itu tidak ada di OPD unit kerja yang dipilih. Pilih jabatan dari daftar "
            "atau kosongkan."
        )
        self.fields["org_unit"].error_messages["invalid_choice"] = _(
            "Unit kerja itu di luar cakupan Anda. Pilih unit dari daftar; pemindahan ke OPD "
            "lain dilakukan oleh BKPP."
        )

    # --- choices ------------------------------------------------------------------------------

    def _choices(self, name: str) -> forms.ModelChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        return field

    def _value(self, name: str) -> str | None:
        if self.is_bound:
            value = self.data.get(self.add_prefix(name))
            return str(value) if value else None
        value = self.initial.get(name)
        return str(value) if value else None

    def _units(self) -> QuerySet[OrgUnit]:
        scope = org_units_in_scope(self.user)
        cond = Q(is_active=True)
        if self.instance.org_unit_id:
            cond |= Q(pk=self.instance.org_unit_id)
        return scope.filter(cond).only("id", "name", "depth", "path")

    def _chosen_unit(self) -> OrgUnit | None:
        raw = self._value("org_unit")
        if raw and raw.isdigit():
            unit = self._units().filter(pk=int(raw)).only("id", "path", "opd_id").first()
            if unit is not None:
                return unit
        return self.instance.org_unit if self.instance.org_unit_id else None

    def _positions(self, unit: OrgUnit | None) -> QuerySet[Position]:
        qs = Position.objects.select_related("org_unit")
        if unit is None:
            return qs.none()
        if unit.opd_id:
            cond = Q(org_unit__opd_id=unit.opd_id)
        else:
            cond = Q(org_unit__path__startswith=unit.path)
        # Positions the editor may assign: in the unit's OPD and inside the editor's scope.
        cond &= Q(org_unit__in=org_units_in_scope(self.user).values("pk"))
        if self.instance.position_id and unit.pk == self.instance.org_unit_id:
            cond |= Q(pk=self.instance.position_id)
        return qs.filter(cond).order_by("org_unit__path", "name")

    # --- validation ---------------------------------------------------------------------------

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_email(self) -> str:
        return (self.cleaned_data.get("email") or "").strip().lower()

    def clean_phone(self) -> str:
        raw = (self.cleaned_data.get("phone") or "").strip()
        if not raw:
            return ""
        try:
            return normalise_phone(raw)
        except ValueError as exc:
            raise forms.ValidationError(
                _("Telepon: %(message)s") % {"message": exc}, code="phone_invalid"
            ) from None

    def clean_nik(self) -> str:
        raw = (self.cleaned_data.get("nik") or "").strip().lstrip("'").replace(" ", "")
        if not raw:
            return ""
        try:
            self._nik_info = rules.parse_nik(raw, today=timezone.localdate())
        except rules.RuleError as exc:
            raise forms.ValidationError(
                _("NIK: %(message)s") % {"message": exc.message}, code=exc.code
            ) from None
        return raw

    def clean_birth_date(self) -> dt.date:
        value: dt.date = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        age = today.year - value.year - ((today.month, today.day) < (value.month, value.day))
        if not 17 <= age <= 80:
            raise forms.ValidationError(
                _(
                    "Tanggal lahir membuat usia %(age)s tahun; usia ASN 17–80 tahun. Periksa "
                    "tahunnya."
                )
                % {"age": age},
                code="birth_date_range",
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        for name in ("rank_tmt", "tmt_cpns"):
            value = data.get(name)
            if value and value > today + dt.timedelta(days=366):
                self.add_error(
                    name,
                    _("%(field)s lebih dari setahun ke depan. Periksa tahunnya.")
                    % {"field": self.fields[name].label},
                )
        rank, etype = data.get("rank"), data.get("employment_type")
        if rank is not None and etype and rank.kind != rank_kind_for(etype):
            self.add_error(
                "rank",
                _(
                    "Golongan %(rank)s tidak cocok dengan status %(type)s. Pilih golongan "
                    "dari daftar."
                )
                % {"rank": rank.code, "type": EmploymentType(etype).label},
            )
        for name in PERSONAL:
            if data.get(f"clear_{name}"):
                data[name] = ""
            elif not data.get(name) and name not in self.errors:
                data[name] = self.stored_personal[name]
        info = getattr(self, "_nik_info", None)
        birth_date, gender = data.get("birth_date"), data.get("gender")
        if info is not None and data.get("nik"):
            if birth_date and getattr(info, "birth_date", birth_date) != birth_date:
                self.add_error(
                    "nik",
                    _(
                        "NIK: tanggal lahir di dalam NIK tidak sama dengan tanggal lahir. "
                        "Periksa salah satunya."
                    ),
                )
            if gender and str(getattr(info, "gender", gender)) != str(gender):
                self.add_error(
                    "nik",
                    _(
                        "NIK: jenis kelamin di dalam NIK (tanggal +40 untuk perempuan) tidak "
                        "sama dengan jenis kelamin %(gender)s. Periksa salah satunya."
                    )
                    % {"gender": Gender(gender).label},
                )
        return data

    def changes(self) -> dict[str, Any]:
        """The changed fields and their new values, for ``services.employee_update``."""
        out = {
            name: self.cleaned_data[name]
            for name in self.changed_data
            if name in self._meta.fields and name not in PERSONAL  # type: ignore[operator]
        }
        for name in PERSONAL:
            if self.cleaned_data[name] != self.stored_personal[name]:
                out[name] = self.cleaned_data[name]
        return out
