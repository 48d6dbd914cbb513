"""Two-factor enrolment and verification pages, and the administrators' account-security page
(lock-outs and two-factor resets)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from penata.core.access import login_only, require
from penata.core.middleware import client_ip
from penata.core.models import User
from penata.core.roles import Perm
from penata.core.services import login_attempt_record
from penata.security import services
from penata.security.forms import EnrolForm, VerifyForm
from penata.security.middleware import mark_verified
from penata.security.models import AccountLock, RecoveryCode, TwoFactorDevice
from penata.security.qr import qr_data_uri


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "core:dashboard"


@login_only
def twofa_enrol(request: HttpRequest) -> HttpResponse:
    """Scan the QR code, type a code, receive the recovery codes (shown once)."""
    user = _user(request)
    device = services.enrolment_start(user=user)
    if device.confirmed_at is not None:
        return redirect("security:twofa_status")
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.enrolment_confirm(user=user, code=form.cleaned_data["code"])
        if codes is not None:
            mark_verified(request, device.pk)
            messages.success(request, _("Verifikasi dua langkah aktif untuk akun Anda."))
            return render(request, "security/recovery_codes.html", {"codes": codes})
        form.add_error(
            "code",
            _("Kode tidak cocok. Ketik kode yang sedang tampil di aplikasi, lalu kirim lagi."),
        )
    uri = services.provisioning_uri(device)
    return render(
        request,
        "security/enrol.html",
        {
            "form": form,
            "qr": qr_data_uri(uri),
            "secret": " ".join(device.secret[i : i + 4] for i in range(0, len(device.secret), 4)),
            "required": services.two_factor_required(user),
        },
    )


@login_only
def twofa_verify(request: HttpRequest) -> HttpResponse:
    """The second step after the password. Wrong codes count toward the sign-in lock-out."""
    user = _user(request)
    device = TwoFactorDevice.objects.filter(user=user, confirmed_at__isnull=False).first()
    if device is None:
        return redirect("security:twofa_enrol")
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.active_lock(user.username) is not None:
            auth_logout(request)
            messages.error(
                request,
                _(
                    "Percobaan masuk untuk nama pengguna ini dikunci sementara karena terlalu "
                    "banyak yang gagal. Coba lagi nanti, atau minta administrator membuka "
                    "kuncinya."
                ),
            )
            return redirect("core:login")
        method = services.verify(user=user, code=form.cleaned_data["code"])
        if method is not None:
            mark_verified(request, device.pk)
            if method == "recovery":
                left = RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
                messages.warning(
                    request,
                    _(
                        "Anda masuk dengan kode pemulihan; sisa %(n)s kode. Buat kode baru di "
                        "halaman Verifikasi dua langkah bila hampir habis."
                    )
                    % {"n": left},
                )
            return redirect(_next_url(request))
        login_attempt_record(username=user.username, ip=client_ip(request), success=False)
        if services.active_lock(user.username) is not None:
            auth_logout(request)
            messages.error(
                request,
                _(
                    "Terlalu banyak kode yang salah: percobaan masuk untuk akun ini dikunci "
                    "sementara. Coba lagi nanti, atau minta administrator membuka kuncinya."
                ),
            )
            return redirect("core:login")
        form.add_error("code", _("Kode salah atau sudah dipakai. Coba kode berikutnya."))
    return render(
        request, "security/verify.html", {"form": form, "next": request.GET.get("next", "")}
    )


@login_only
def twofa_status(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    device = TwoFactorDevice.objects.filter(user=user, confirmed_at__isnull=False).first()
    left = RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
    return render(
        request,
        "security/status.html",
        {"device": device, "codes_left": left, "required": services.two_factor_required(user)},
    )


@login_only
@require_POST
def recovery_regenerate(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not TwoFactorDevice.objects.filter(user=user, confirmed_at__isnull=False).exists():
        return redirect("security:twofa_enrol")
    codes = services.recovery_codes_regenerate(user=user)
    messages.success(request, _("Kode pemulihan baru dibuat; kode lama tidak berlaku lagi."))
    return render(request, "security/recovery_codes.html", {"codes": codes})


# --- administrators ------------------------------------------------------------------------


@require(Perm.USER_MANAGE)
def accounts(request: HttpRequest) -> HttpResponse:
    locks = AccountLock.objects.filter(
        unlocked_at__isnull=True, locked_until__gt=timezone.now()
    ).order_by("-locked_at")
    enrolled = TwoFactorDevice.objects.filter(user=OuterRef("pk"), confirmed_at__isnull=False)
    people = (
        User.objects.filter(is_active=True)
        .filter(role__in=services.TWO_FACTOR_ROLES)
        .annotate(enrolled=Exists(enrolled))
        .order_by("role", "username")
    )
    others = (
        User.objects.exclude(role__in=services.TWO_FACTOR_ROLES)
        .annotate(enrolled=Exists(enrolled))
        .filter(enrolled=True)
        .order_by("username")
    )
    return render(
        request,
        "security/accounts.html",
        {"locks": locks, "people": people, "others": others},
    )


@require(Perm.USER_MANAGE)
@require_POST
def unlock(request: HttpRequest, lock_id: int) -> HttpResponse:
    try:
        lock = services.unlock(actor=_user(request), lock_id=lock_id)
    except AccountLock.DoesNotExist:
        raise Http404 from None
    messages.success(request, _("Kunci untuk %(name)s dibuka.") % {"name": lock.username})
    return redirect("security:accounts")


@require(Perm.USER_MANAGE)
@require_POST
def twofa_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    target = get_object_or_404(User, pk=user_id)
    services.two_factor_reset(actor=_user(request), user=target)
    messages.success(
        request,
        _(
            "Verifikasi dua langkah %(name)s direset; token API-nya dicabut. Ia harus "
            "mendaftarkan aplikasi autentikator lagi saat masuk berikutnya."
        )
        % {"name": target.username},
    )
    return redirect("security:accounts")
