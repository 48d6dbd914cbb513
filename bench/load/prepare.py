"""Prepare a seeded database for the load test: accounts for the simulated users and the roster
file BKPP uploads.

Run after ``penata seed-demo`` with the same settings as the server::

    python -m bench.load.prepare OUTDIR [--password P]

Writes ``OUTDIR/accounts.json`` (username lists per persona) and ``OUTDIR/roster.csv`` (the
registry exported in the import format, the file the BKPP persona uploads with a few changes).
Accounts are ordinary users with ordinary roles, created through the audited service, so the
server sees what production would see: an employee reading their own pages, an operator of one
OPD, a supervisor rating their own staff.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import sys
from pathlib import Path
from typing import Any

PASSWORD = "beban-uji-semarang-2026"  # load-test accounts only, on a throwaway database


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load.prepare")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--password", default=PASSWORD)
    parser.add_argument("--employees", type=int, default=40)
    parser.add_argument("--supervisors", type=int, default=15)
    parser.add_argument("--operators", type=int, default=10)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "penata.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.db.models import Count
    from django.utils import timezone

    from penata.core import services
    from penata.core.bulk import insert_rows
    from penata.core.models import User
    from penata.core.roles import Role
    from penata.performance.models import Appraisal, AppraisalPeriod
    from penata.workforce.models import Employee

    rng = random.Random(2026)
    args.outdir.mkdir(parents=True, exist_ok=True)
    period = (
        AppraisalPeriod.objects.filter(status=AppraisalPeriod.Status.OPEN).order_by("-year").first()
    )
    last = (
        AppraisalPeriod.objects.exclude(status=AppraisalPeriod.Status.OPEN)
        .order_by("-year")
        .first()
    )
    if period is None or last is None:
        sys.exit("load: seed-demo must have made an open and a closed appraisal period")
    # A second run re-uses the accounts: unlink them first, they are linked again below.
    User.objects.filter(username__startswith="beban-").update(employee=None, org_unit=None)
    taken = set(User.objects.exclude(employee=None).values_list("employee_id", flat=True))
    # Supervisors: last year's appraisers with the largest teams.
    appraisers = [
        row["appraiser_id"]
        for row in Appraisal.objects.filter(period=last, appraiser__isnull=False)
        .values("appraiser_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=3)
        .order_by("-n", "appraiser_id")[: args.supervisors * 2]
        if row["appraiser_id"] not in taken
    ][: args.supervisors]
    taken.update(appraisers)
    # This year's SKP of their teams, submitted and waiting for the rating (as on a day in
    # the rating season), written set-based as an e-Kinerja import would.
    team = list(
        Appraisal.objects.filter(period=last, appraiser_id__in=appraisers)
        .exclude(employee_id__in=Appraisal.objects.filter(period=period).values("employee_id"))
        .values_list(
            "employee_id", "appraiser_id", "employee__org_unit_id", "employee__org_unit__opd_id"
        )
    )
    now = timezone.now()
    with transaction.atomic():
        insert_rows(
            Appraisal,
            (
                {
                    "period_id": period.pk,
                    "employee_id": emp,
                    "appraiser_id": boss,
                    "org_unit_id": unit,
                    "opd_id": opd,
                    "status": Appraisal.Status.SUBMITTED,
                    "hasil_kerja": "",
                    "perilaku": "",
                    "predikat": "",
                    "rating_note": "",
                    "source": "load-test",
                    "submitted_at": now,
                    "version": 1,
                }
                for emp, boss, unit, opd in team
            ),
        )
    staff_pool = sorted(
        set(
            Appraisal.objects.filter(period=period, appraiser_id__in=appraisers).values_list(
                "employee_id", flat=True
            )
        )
        - taken
    )
    staff = rng.sample(staff_pool, min(args.employees, len(staff_pool)))
    opds = [
        row["org_unit__opd_id"]
        for row in Employee.objects.exclude(org_unit__opd=None)
        .values("org_unit__opd_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "org_unit__opd_id")[: args.operators]
    ]
    accounts: dict[str, list[str]] = {
        "employee": [],
        "supervisor": [],
        "operator": [],
        "bkpp": [],
    }

    def ensure(username: str, role: Role, **links: Any) -> None:
        """Create the account, or (a second run) reset its password."""
        user = User.objects.filter(username=username).first()
        if user is None:
            services.user_create(
                actor=None,
                username=username,
                password=args.password,
                role=role,
                validate=False,
                **links,
            )
        else:
            user.set_password(args.password)
            for key, value in links.items():
                setattr(user, key, value)
            user.save(update_fields=["password", *(k.removesuffix("_id") for k in links)])

    with transaction.atomic():
        for i, emp in enumerate(staff):
            name = f"beban-pegawai-{i:02d}"
            ensure(name, Role.EMPLOYEE, employee_id=emp)
            accounts["employee"].append(name)
        for i, emp in enumerate(appraisers):
            name = f"beban-atasan-{i:02d}"
            ensure(name, Role.SUPERVISOR, employee_id=emp)
            accounts["supervisor"].append(name)
        for i, unit in enumerate(opds):
            name = f"beban-operator-{i:02d}"
            ensure(name, Role.OPD_OPERATOR, org_unit_id=unit)
            accounts["operator"].append(name)
        ensure("beban-bkpp-00", Role.BKPP)
        accounts["bkpp"] = ["beban-bkpp-00"]
    # Production requires TOTP for BKPP and administrators (PENATA_REQUIRE_2FA): enrol their
    # authenticator through the security service, as the person would on /akun/2fa/daftar/;
    # the simulated user computes the code at sign-in from the secret written below.
    import pyotp

    from penata.security import services as security

    totp: dict[str, str] = {}
    for name in itertools.chain.from_iterable(accounts.values()):
        user = User.objects.get(username=name)
        if not security.two_factor_required(user):
            continue
        with transaction.atomic():
            device = security.enrolment_start(user=user)
            codes = security.enrolment_confirm(user=user, code=pyotp.TOTP(device.secret).now())
        assert codes is not None, f"TOTP enrolment of {name} failed"
        totp[name] = device.secret
    names = list(Employee.objects.order_by("?").values_list("name", flat=True)[:200])
    terms = sorted({n.split(" ")[0] for n in names if n})
    (args.outdir / "accounts.json").write_text(
        json.dumps(
            {"password": args.password, "accounts": accounts, "search_terms": terms, "totp": totp}
        )
    )
    call_command("export-roster", str(args.outdir / "roster.csv"))
    print(
        f"SKP {period.year} submitted for rating: {len(team)};",
        "load accounts:",
        {k: len(v) for k, v in accounts.items()},
        "roster:",
        (args.outdir / "roster.csv").stat().st_size,
        "bytes",
    )


if __name__ == "__main__":
    sys.exit(main())
