"""The public consultation: who comments how, the spam defences with their Indonesian
messages, e-mail confirmation, moderation and the team's responses, all audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from penata.core.models import AuditEvent
from penata.core.roles import Role
from penata.core.tests.factories import UserFactory
from penata.policy import rules, selectors, services
from penata.policy.models import Comment, CommenterKind, CommentStatus, Organisation
from penata.policy.tests.factories import consultation

pytestmark = pytest.mark.django_db


def _post(client: Client, c: Any, ip: str = "10.1.2.3", **data: Any) -> Any:
    payload = {
        "section": "",
        "body": "Mohon target JP disesuaikan dengan beban kerja.",
        "name": "Budi Warga",
        "email": "budi@example.com",
        "website": "",
    }
    payload.update(data)
    return client.post(f"/kebijakan/konsultasi/{c.slug}/", payload, REMOTE_ADDR=ip)


def test_citizen_comment_needs_email_confirmation_then_moderation(
    users: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    c = consultation(users["policy_team"])
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        resp = _post(client, c, section="pelaksanaan", show_name="on")
    assert resp.status_code == 302
    comment = Comment.objects.get()
    assert (comment.kind, comment.status, comment.section_title) == (
        CommenterKind.CITIZEN,
        CommentStatus.UNCONFIRMED,
        "Pelaksanaan",
    )
    assert comment.ip_hash and "10.1.2.3" not in comment.ip_hash
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["budi@example.com"]
    link = next(line for line in mail.outbox[0].body.splitlines() if "/konfirmasi/" in line)
    path = link[link.index("/kebijakan/") :]
    # not yet confirmed: the moderator cannot approve
    with pytest.raises(services.PolicyError):
        services.comment_moderate(actor=users["policy_team"], comment=comment, approve=True)
    resp = client.get(path)
    assert resp.status_code == 200 and b"confirm-ok" in resp.content
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING and comment.confirmed_at
    assert client.get("/kebijakan/konsultasi/konfirmasi/salah/").status_code == 400


def test_asn_comments_under_account_straight_to_moderation(users: dict[str, Any]) -> None:
    c = consultation(users["policy_team"])
    client = Client()
    client.force_login(users["employee"])
    resp = client.post(
        f"/kebijakan/konsultasi/{c.slug}/",
        {"section": "ketentuan-umum", "body": "Setuju, tetapi perlu masa transisi.", "website": ""},
    )
    assert resp.status_code == 302
    comment = Comment.objects.get()
    assert (comment.kind, comment.status, comment.user) == (
        CommenterKind.ASN,
        CommentStatus.PENDING,
        users["employee"],
    )
    assert not mail.outbox


def test_cso_by_account_and_by_verified_email_domain(users: dict[str, Any]) -> None:
    team = users["policy_team"]
    org_user = UserFactory(role=Role.PARTNER, username="lbh")
    org = services.organisation_save(
        actor=team,
        fields={
            "name": "LBH Semarang",
            "kind": "cso",
            "email_domain": "@LBH-Semarang.or.id",
            "is_verified": True,
            "members": [org_user],
        },
    )
    assert org.email_domain == "lbh-semarang.or.id"
    c = consultation(team)
    by_account = services.comment_submit(
        consultation=c, user=org_user, body="Perlu pelibatan serikat pekerja.", ip="10.0.0.1"
    )
    assert (by_account.kind, by_account.organisation, by_account.status) == (
        CommenterKind.CSO,
        org,
        CommentStatus.PENDING,
    )
    by_email = services.comment_submit(
        consultation=c,
        user=None,
        body="Kami usulkan evaluasi tahunan.",
        name="Sari",
        email="sari@lbh-semarang.or.id",
        ip="10.0.0.2",
    )
    assert (by_email.kind, by_email.organisation) == (CommenterKind.CSO, org)
    # an unverified organisation's domain does not count
    Organisation.objects.filter(pk=org.pk).update(is_verified=False)
    other = services.comment_submit(
        consultation=c,
        user=None,
        body="Komentar warga biasa.",
        name="Sari",
        email="sari@lbh-semarang.or.id",
        ip="10.0.0.3",
    )
    assert other.kind == CommenterKind.CITIZEN and other.organisation is None


def test_honeypot_refused_with_message(users: dict[str, Any]) -> None:
    c = consultation(users["policy_team"])
    resp = _post(Client(), c, website="http://spam.example")
    assert resp.status_code == 200
    assert "terdeteksi sebagai spam" in resp.content.decode()
    assert not Comment.objects.exists()


def test_size_limits_named_in_indonesian(users: dict[str, Any]) -> None:
    c = consultation(users["policy_team"])
    client = Client()
    long = "x" * (rules.MAX_COMMENT_CHARS + 1)
    text = _post(client, c, body=long).content.decode()
    assert f"Komentar terlalu panjang ({rules.MAX_COMMENT_CHARS + 1} karakter)" in text
    assert f"batasnya {rules.MAX_COMMENT_CHARS} karakter" in text
    text = _post(client, c, body="ok").content.decode()
    assert "Komentar terlalu pendek" in text
    text = _post(client, c, name="N" * (rules.MAX_NAME_CHARS + 1)).content.decode()
    assert "Nama" in text and not Comment.objects.exists()
    text = _post(client, c, email="").content.decode()
    assert "Alamat e-mail wajib diisi" in text
    assert not Comment.objects.exists()
    ok = _post(client, c, body="y" * rules.MAX_COMMENT_CHARS)
    assert ok.status_code == 302 and Comment.objects.count() == 1


def test_rate_limit_per_address(users: dict[str, Any]) -> None:
    c = consultation(users["policy_team"])
    client = Client()
    for i in range(rules.RATE_LIMIT_COMMENTS):
        assert _post(client, c, body=f"Komentar nomor {i} yang cukup panjang.").status_code == 302
    resp = _post(client, c, body="Satu lagi dari alamat yang sama.")
    assert resp.status_code == 200
    assert "Terlalu banyak komentar dari alamat Anda" in resp.content.decode()
    assert Comment.objects.count() == rules.RATE_LIMIT_COMMENTS
    # another address is not limited
    assert _post(client, c, ip="10.9.9.9").status_code == 302
    # after the window the first address may comment again
    later = timezone.now() + dt.timedelta(minutes=rules.RATE_WINDOW_MINUTES + 1)
    services.comment_submit(
        consultation=c,
        user=None,
        body="Komentar setelah jeda.",
        name="Budi",
        email="budi@example.com",
        ip="10.1.2.3",
        now=later,
    )


def test_closed_consultation_refuses_comments(users: dict[str, Any]) -> None:
    today = timezone.localdate()
    c = consultation(
        users["policy_team"],
        opens_on=today - dt.timedelta(days=30),
        closes_on=today - dt.timedelta(days=1),
    )
    with pytest.raises(services.PolicyError) as exc:
        services.comment_submit(
            consultation=c, user=users["employee"], body="Terlambat mengirim komentar."
        )
    assert exc.value.code == "closed" and "tidak dapat dikirim" in exc.value.message
    assert c not in selectors.open_consultations()


def test_unknown_section_refused(users: dict[str, Any]) -> None:
    c = consultation(users["policy_team"])
    with pytest.raises(services.PolicyError) as exc:
        services.comment_submit(
            consultation=c, user=users["employee"], body="Bagian yang tidak ada.", section="x"
        )
    assert "pilih dari daftar" in exc.value.message


def test_moderation_and_response_audited(users: dict[str, Any]) -> None:
    team = users["policy_team"]
    c = consultation(team)
    a = services.comment_submit(consultation=c, user=users["employee"], body="Komentar pertama.")
    b = services.comment_submit(consultation=c, user=users["supervisor"], body="Komentar kedua.")
    with pytest.raises(services.PolicyError) as exc:
        services.comment_moderate(actor=team, comment=b, approve=False)
    assert "Alasan penolakan wajib diisi" in exc.value.message
    with pytest.raises(services.PolicyError):
        services.comment_respond(actor=team, comment=a, response="accepted", reason="Ya")
    services.comment_moderate(actor=team, comment=a, approve=True)
    services.comment_moderate(actor=team, comment=b, approve=False, reason="Di luar topik.")
    with pytest.raises(services.PolicyError):
        services.comment_moderate(actor=users["bkpp"], comment=a, approve=False, reason="x")
    with pytest.raises(services.PolicyError) as exc:
        services.comment_respond(actor=team, comment=a, response="partly", reason="  ")
    assert "Alasan tanggapan wajib diisi" in exc.value.message
    services.comment_respond(
        actor=team, comment=a, response="partly", reason="Masa transisi enam bulan."
    )
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, a.response, b.status, b.moderation_reason) == (
        "approved",
        "partly",
        "rejected",
        "Di luar topik.",
    )
    events = AuditEvent.objects.filter(action__startswith="policy.comment_").order_by("pk")
    assert [e.action for e in events] == [
        "policy.comment_submit",
        "policy.comment_submit",
        "policy.comment_moderate",
        "policy.comment_moderate",
        "policy.comment_respond",
    ]
    assert events[3].after == {"status": "rejected", "reason": "Di luar topik."}
    assert list(selectors.public_comments(c)) == [a]


def test_moderation_through_pages_and_api(users: dict[str, Any]) -> None:
    team = users["policy_team"]
    c = consultation(team)
    a = services.comment_submit(consultation=c, user=users["employee"], body="Komentar lewat web.")
    client = Client()
    client.force_login(team)
    resp = client.post(
        f"/kebijakan/komentar/{a.pk}/moderasi/", {"decision": "reject", "reason": ""}
    )
    assert resp.status_code == 302
    a.refresh_from_db()
    assert a.status == CommentStatus.PENDING  # refused: no reason
    client.post(f"/kebijakan/komentar/{a.pk}/moderasi/", {"decision": "approve", "reason": ""})
    client.post(
        f"/kebijakan/komentar/{a.pk}/tanggapan/", {"response": "accepted", "reason": "Diakomodasi."}
    )
    a.refresh_from_db()
    assert (a.status, a.response) == ("approved", "accepted")
    page = client.get(f"/kebijakan/moderasi/{c.pk}/")
    assert page.status_code == 200 and "Komentar lewat web." in page.content.decode()
    # the API refuses a rejection without reason with a clear message
    from penata.core.services import api_token_create

    _t, raw = api_token_create(user=team, name="uji")
    resp = Client().post(
        f"/api/v1/policy/comments/{a.pk}/moderate",
        data={"approve": False},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert resp.status_code == 409 and "Alasan penolakan" in resp.json()["message"]
    opened = Client().get("/api/v1/policy/consultations/open", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert [o["slug"] for o in opened.json()] == [c.slug]


def test_confirmation_link_expires(users: dict[str, Any]) -> None:
    c = consultation(users["policy_team"])
    comment = services.comment_submit(
        consultation=c, user=None, body="Komentar yang terlambat dikonfirmasi.", name="Budi",
        email="budi@example.com", ip="10.4.4.4",
    )  # fmt: skip
    later = timezone.now() + dt.timedelta(days=rules.CONFIRM_DAYS, minutes=1)
    with pytest.raises(services.PolicyError) as exc:
        services.comment_confirm(token=comment.confirm_token, now=later)
    assert "kedaluwarsa" in exc.value.message
    comment.refresh_from_db()
    assert comment.status == CommentStatus.UNCONFIRMED
