"""Expiry reminders of agreements: created at 90/30/7 days, once, by the command."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from penata.funding import services
from penata.funding.models import AgreementReminder, FundingSettings
from penata.funding.tests.factories import AgreementFactory

TODAY = dt.date(2030, 1, 1)


def _ends_in(days: int) -> Any:
    return AgreementFactory(
        starts_on=TODAY - dt.timedelta(days=400),
        signed_on=TODAY - dt.timedelta(days=400),
        ends_on=TODAY + dt.timedelta(days=days),
    )


@pytest.mark.django_db
def test_reminders_at_thresholds_once() -> None:
    far, at90, at20, at3, ended = (_ends_in(d) for d in (120, 90, 20, 3, -1))
    created = services.reminders_generate(today=TODAY)
    got = {(r.agreement_id, r.days_before) for r in created}
    assert got == {(at90.pk, 90), (at20.pk, 30), (at3.pk, 7)}
    assert not AgreementReminder.objects.filter(agreement__in=[far, ended]).exists()
    # running again the same day creates nothing
    assert services.reminders_generate(today=TODAY) == []
    # 11 days later the 20-day agreement has 9 left: still 30; the 90 one reaches nothing new
    assert services.reminders_generate(today=TODAY + dt.timedelta(days=11)) == []
    # at 7 days left it gets its second reminder
    later = services.reminders_generate(today=TODAY + dt.timedelta(days=13))
    assert {(r.agreement_id, r.days_before) for r in later} == {(at20.pk, 7)}


@pytest.mark.django_db
def test_reminder_days_are_data() -> None:
    settings = FundingSettings.current()
    settings.reminder_days = [14]
    settings.save()
    a = _ends_in(20)
    assert services.reminders_generate(today=TODAY) == []
    assert [r.agreement_id for r in services.reminders_generate(today=TODAY + dt.timedelta(6))] == [
        a.pk
    ]


@pytest.mark.django_db
def test_extended_agreement_is_reminded_again() -> None:
    a = _ends_in(5)
    services.reminders_generate(today=TODAY)
    a.ends_on = TODAY + dt.timedelta(days=5 + 365)
    a.save()
    assert services.reminders_generate(today=TODAY + dt.timedelta(days=365 - 85)) != []
    assert AgreementReminder.objects.filter(agreement=a).count() == 2


@pytest.mark.django_db
def test_command_and_dashboard_list(users: Any, client_for: Any) -> None:
    a = _ends_in(10)
    out = io.StringIO()
    call_command("funding-reminders", "--today", TODAY.isoformat(), stdout=out)
    assert "1 pengingat dibuat" in out.getvalue()
    client = client_for("bkpp")
    page = client.get(reverse("funding:budget_list"))
    assert a.number in page.content.decode()
    reminder = AgreementReminder.objects.get(agreement=a)
    client.post(reverse("funding:reminder_done", args=[reminder.pk]))
    reminder.refresh_from_db()
    assert reminder.done_by == users["bkpp"]
    assert a.number not in client.get(reverse("funding:budget_list")).content.decode()


@pytest.mark.django_db
def test_command_refuses_a_bad_date() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("funding-reminders", "--today", "29-11-2030")


@pytest.mark.django_db
def test_agreement_parent_must_be_the_same_partner(users: Any) -> None:
    mou = AgreementFactory(kind="mou")
    other = AgreementFactory().partner
    with pytest.raises(services.FundingError) as exc:
        services.agreement_create(
            actor=users["bkpp"],
            partner=other,
            fields={
                "kind": "pks",
                "number": "PKS/9/X",
                "title": "t",
                "scope": "s",
                "signed_on": TODAY,
                "starts_on": TODAY,
                "ends_on": TODAY,
                "parent": mou,
            },
        )
    assert exc.value.code == "bad_parent"
