"""Writes for accounts, API tokens, sign-in throttling and task progress."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from penata.core.audit import audit_record, snapshot
from penata.core.models import ApiToken, LoginAttempt, TaskProgress, User
from penata.core.roles import Role

TOKEN_PREFIX = "pnt_"


# --- sign-in -------------------------------------------------------------------------------


def login_is_throttled(*, username: str, ip: str | None) -> bool:
    """Whether sign-in for this username or from this address is paused after failures."""
    since = timezone.now() - dt.timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)
    recent = LoginAttempt.objects.filter(created_at__gte=since, success=False)
    limit = settings.LOGIN_MAX_FAILURES
    if recent.filter(username=username.lower()).count() >= limit:
        return True
    # An address gets more room: an office shares one public address behind its NAT.
    return bool(ip) and recent.filter(ip_address=ip).count() >= limit * 4


@transaction.atomic
def login_attempt_record(
    *, username: str, ip: str | None, success: bool, user: User | None = None
) -> None:
    """Record a sign-in attempt and audit it; success clears the username's failures."""
    LoginAttempt.objects.create(username=username.lower()[:150], ip_address=ip, success=success)
    if success:
        LoginAttempt.objects.filter(username=username.lower(), success=False).delete()
    else:
        from penata.security.services import lock_if_needed

        lock_if_needed(username=username)
    audit_record(
        actor=user if success else None,
        action="auth.login" if success else "auth.login_failed",
        object_type="core.user",
        object_id=str(user.pk) if user else "",
        object_repr=username[:150],
    )


@transaction.atomic
def logout_record(*, user: User) -> None:
    audit_record(actor=user, action="auth.logout", obj=user)


# --- users ---------------------------------------------------------------------------------


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str | None,
    role: Role | str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    validate: bool = True,
    **links: Any,
) -> User:
    """Create an account with a role (and, once the registry exists, its employee/unit links)."""
    user = User(
        username=username,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
        **links,
    )
    if password:
        if validate:
            validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(actor=actor, action="user.create", obj=user, after=snapshot(user))
    return user


@transaction.atomic
def user_update(*, actor: User, user: User, **changes: Any) -> User:
    """Change an account's role, names, e-mail, links or active flag, audited."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    before = snapshot(locked)
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.full_clean(exclude=["password"])
    locked.save()
    audit_record(
        actor=actor, action="user.update", obj=locked, before=before, after=snapshot(locked)
    )
    return locked


@transaction.atomic
def password_changed_record(*, user: User, by_reset: bool) -> None:
    audit_record(
        actor=user, action="auth.password_reset" if by_reset else "auth.password_change", obj=user
    )


# --- API tokens ----------------------------------------------------------------------------


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal token; returns the token row and the secret, shown to the user once."""
    name = name.strip()
    if not name:
        raise ValueError("nama token wajib diisi")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name[:100], prefix=raw[:12], key_hash=_hash_token(raw))
    token.full_clean()
    token.save()
    audit_record(
        actor=user,
        action="api_token.create",
        obj=token,
        after={"name": token.name, "prefix": token.prefix},
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, user: User, token_id: int) -> ApiToken:
    """Revoke one of the user's own tokens (another user's token is not found)."""
    token = ApiToken.objects.select_for_update().get(pk=token_id, user=user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=user, action="api_token.revoke", obj=token)
    return token


def api_token_authenticate(raw: str) -> User | None:
    """The active user owning this active token, or ``None``."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    from penata.security.services import token_allowed

    if not token_allowed(token.user):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


# --- task progress -------------------------------------------------------------------------


def progress_create(*, owner: User, kind: str, label: str, total: int = 0) -> TaskProgress:
    return TaskProgress.objects.create(owner=owner, kind=kind, label=label[:200], total=total)


def progress_update(
    progress_id: Any,
    *,
    done: int | None = None,
    total: int | None = None,
    message: str | None = None,
) -> None:
    """Move the bar. Written outside any transaction so the polling page sees it at once."""
    fields: dict[str, Any] = {"status": TaskProgress.Status.RUNNING, "updated_at": timezone.now()}
    if done is not None:
        fields["done"] = done
    if total is not None:
        fields["total"] = total
    if message is not None:
        fields["message"] = message
    TaskProgress.objects.filter(pk=progress_id).update(**fields)


def progress_finish(
    progress_id: Any, *, result: dict[str, Any] | None = None, message: str = ""
) -> None:
    now = timezone.now()
    progress = TaskProgress.objects.get(pk=progress_id)
    TaskProgress.objects.filter(pk=progress_id).update(
        status=TaskProgress.Status.SUCCEEDED,
        done=progress.total,
        result=result,
        message=message,
        updated_at=now,
        finished_at=now,
    )


def progress_fail(progress_id: Any, *, message: str) -> None:
    now = timezone.now()
    TaskProgress.objects.filter(pk=progress_id).update(
        status=TaskProgress.Status.FAILED, message=message, updated_at=now, finished_at=now
    )


# --- file imports through the web ------------------------------------------------------------


class ImportNotConfirmable(Exception):
    """The upload cannot be confirmed now; ``message`` says why, in Indonesian."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@transaction.atomic
def import_upload_create(
    *,
    actor: User,
    model: type[Any],
    kind: str,
    filename: str,
    data: bytes,
    skip_invalid: bool,
    check_task: Any,
) -> Any:
    """Store an uploaded file, start its check (the preview) in the worker, audit the upload."""
    from django.core.files.base import ContentFile

    upload = model(
        uploaded_by=actor,
        filename=filename[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        skip_invalid=skip_invalid,
    )
    upload.file.save(f"{kind}-{upload.sha256[:16]}.bin", ContentFile(data), save=False)
    upload.check_progress = progress_create(
        owner=actor, kind=f"{kind}_check", label=gettext("Pemeriksaan %s") % upload.filename
    )
    upload.save()
    audit_record(
        actor=actor,
        action=f"{kind}.upload",
        obj=upload,
        after={"filename": upload.filename, "size": upload.size, "sha256": upload.sha256},
    )
    pk, progress_id = upload.pk, upload.check_progress_id
    transaction.on_commit(lambda: _enqueue_with_progress(check_task, pk, progress_id))
    return upload


def _enqueue_with_progress(task: Any, pk: int, progress_id: Any) -> None:
    """Queue ``task(pk)`` and link the progress record to the task (so an interrupted task
    can be traced back to its progress and upload: ``penata tasks-recover``)."""
    result = task.enqueue(pk)
    TaskProgress.objects.filter(pk=progress_id).update(task_result_id=str(result.id))


@transaction.atomic
def import_upload_confirm(
    *, actor: User, model: type[Any], kind: str, pk: int, apply_task: Any
) -> Any:
    """Confirm a checked upload and start the import in the worker; refused (with the reason)
    unless it is waiting for confirmation and, when rows were rejected, skipping was chosen."""
    upload = model._default_manager.select_for_update().get(pk=pk)
    status = upload.Status
    if upload.status != status.CHECKED:
        raise ImportNotConfirmable(
            gettext("Unggahan ini tidak menunggu konfirmasi (status: %s).")
            % upload.get_status_display()
        )
    rejected = (upload.preview or {}).get("rejected")
    if rejected and not upload.skip_invalid:
        raise ImportNotConfirmable(
            gettext(
                "Ada %(n)s baris ditolak. Perbaiki berkas lalu unggah ulang, atau unggah "
                "ulang dengan pilihan 'tetap impor baris yang benar'."
            )
            % {"n": rejected}
        )
    upload.status = status.IMPORTING
    upload.import_progress = progress_create(
        owner=actor, kind=f"{kind}_import", label=gettext("Impor %s") % upload.filename
    )
    upload.save(update_fields=["status", "import_progress"])
    audit_record(actor=actor, action=f"{kind}.confirm", obj=upload)
    progress_id = upload.import_progress_id
    transaction.on_commit(lambda: _enqueue_with_progress(apply_task, pk, progress_id))
    return upload
