"""``penata seed-demo``: load the Kota Semarang demo data set (org units, workforce, accounts,
performance: SKP periods and appraisals, see :mod:`penata.performance.demo`; competency
development: standards, assessments, training and the JP ledger, see :mod:`penata.learning.demo`;
workforce planning: job analysis and an ABK run, see :mod:`penata.planning.demo`).

Deterministic for a seed and reference date; idempotent (see :mod:`penata.workforce.demo`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from penata.core import demo as core_demo
from penata.core.bulk import analyze
from penata.engagement import demo as engagement_demo
from penata.forum import demo as forum_demo
from penata.funding import demo as funding_demo
from penata.learning import demo as learning_demo
from penata.performance import demo as performance_demo
from penata.planning import demo as planning_demo
from penata.policy import demo as policy_demo
from penata.portal import demo as portal_demo
from penata.research import demo as research_demo
from penata.talent import demo as talent_demo
from penata.workforce import demo


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--today harus berformat YYYY-MM-DD, tertulis {value!r}.") from exc


class Command(BaseCommand):
    help = (
        "Load the demo data: the Kota Semarang org units, a synthetic workforce (positions, "
        "employees, rank and position history), one demo account per role and performance data "
        "(SKP periods 2024-2026 with appraisals) and competency development (standards, "
        "assessments, programs, sessions, enrolments, the JP ledger). Deterministic for a seed; a "
        "second run does not duplicate anything (the workforce is generated only while there are "
        "no employees, the performance data only while there is no appraisal period, the learning "
        "data only while there is no training program)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--employees",
            type=int,
            default=demo.DEFAULT_EMPLOYEES,
            help=f"number of employees to generate (default {demo.DEFAULT_EMPLOYEES})",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=demo.DEFAULT_SEED,
            help=f"random seed; the same seed gives the same data (default {demo.DEFAULT_SEED})",
        )
        parser.add_argument(
            "--password", default=core_demo.DEMO_PASSWORD, help="password of the demo accounts"
        )
        parser.add_argument(
            "--today",
            type=_date,
            default=None,
            help="reference date YYYY-MM-DD for ages and TMTs (default: today)",
        )
        parser.add_argument(
            "--workforce-only",
            action="store_true",
            help="load only the org units, the workforce and the demo accounts (no performance, "
            f"learning, forum … data); implied above {demo.BATCH:,} employees (a province or "
            "the nation: e.g. --employees 6000000 on PostgreSQL, written with COPY in batches)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["employees"] < 0:
            raise CommandError("--employees tidak boleh negatif.")

        def progress(done: int, total: int) -> None:
            self.stderr.write(f"  {done:,} / {total:,} pegawai ditulis")

        try:
            result = demo.seed_demo(
                employees=options["employees"],
                seed=options["seed"],
                password=options["password"],
                today=options["today"],
                progress=progress,
            )
        except demo.DemoSetupError as exc:
            raise CommandError(str(exc)) from exc
        analyze()  # planner statistics for the freshly loaded registry (PostgreSQL)
        if options["workforce_only"] or options["employees"] > demo.BATCH:
            self._report_workforce(result, options)
            return
        perf = performance_demo.seed_performance(
            seed=options["seed"], today=options["today"] or dt.date.today()
        )
        learning = learning_demo.seed_learning(
            seed=options["seed"], today=options["today"] or dt.date.today()
        )
        forum = forum_demo.seed_forum(seed=options["seed"])
        engagement = engagement_demo.seed_engagement(
            seed=options["seed"], today=options["today"] or dt.date.today()
        )
        funding = funding_demo.seed_funding(
            seed=options["seed"], today=options["today"] or dt.date.today()
        )
        planning = planning_demo.seed_planning(seed=options["seed"])
        talent = talent_demo.seed_talent(
            seed=options["seed"], today=options["today"] or dt.date.today()
        )
        # the portal first: the policy's IKM indicator is computed from its survey
        portal = portal_demo.seed_portal(seed=options["seed"], today=options["today"])
        policy = policy_demo.seed_policy(
            seed=options["seed"], today=options["today"] or dt.date.today()
        )
        research = research_demo.seed_research(
            seed=options["seed"], today=options["today"] or dt.date.today()
        )
        out = self.stdout
        self._report_workforce(result, options, logins=False)
        self._report_domains(
            perf, learning, forum, engagement, funding, planning, talent, policy, portal, research
        )
        out.write(
            self.style.SUCCESS(
                f"{len(result.users)} akun demo siap (kata sandi: {options['password']}):"
            )
        )
        call_command("demo-logins", stdout=out)

    def _report_workforce(self, result: Any, options: dict[str, Any], logins: bool = True) -> None:
        out = self.stdout
        if result.units_created:
            out.write(f"Unit kerja Kota Semarang dimuat: {result.units_created} unit.")
        if result.skipped:
            out.write(
                self.style.WARNING(
                    f"Sudah ada {result.existing_employees} pegawai: data pegawai tidak dibuat "
                    "ulang (mulai dari basis data kosong untuk membuat ulang)."
                )
            )
        elif result.employees:
            types = result.counts.get("employment_type", {})
            out.write(
                self.style.SUCCESS(
                    f"{result.employees} pegawai dibuat (seed {options['seed']}) dalam "
                    f"{result.seconds:.1f} detik: {result.positions} jabatan, "
                    f"{result.rank_history} riwayat golongan, "
                    f"{result.position_history} riwayat jabatan."
                )
            )
            out.write(
                "  PNS {pns}, PPPK {pppk}, PPPK paruh waktu {pw}".format(
                    pns=types.get("pns", 0),
                    pppk=types.get("pppk", 0),
                    pw=types.get("pppk_paruh_waktu", 0),
                )
            )
        if logins:
            out.write(
                self.style.SUCCESS(
                    f"{len(result.users)} akun demo siap (kata sandi: {options['password']}):"
                )
            )
            call_command("demo-logins", stdout=out)

    def _report_domains(self, *parts: Any) -> None:
        out = self.stdout
        perf, learning, forum, engagement, funding, planning, talent, policy, portal, research = (
            parts
        )
        if not perf.skipped:
            out.write(
                self.style.SUCCESS(
                    f"Kinerja: {perf.periods} periode penilaian, {perf.appraisals} SKP, "
                    f"{perf.planned_results} rencana hasil kerja."
                )
            )
        if not learning.skipped:
            shares = ", ".join(f"{y}: {v}%" for y, v in sorted(learning.share_met.items()))
            out.write(
                self.style.SUCCESS(
                    f"Kompetensi: {learning.programs} program, {learning.sessions} angkatan, "
                    f"{learning.enrolments} peserta, {learning.ledger_entries} catatan JP, "
                    f"{learning.assessments} hasil asesmen; ASN mencapai 20 JP {shares} "
                    f"({learning.seconds:.1f} detik)."
                )
            )
        if not forum.skipped:
            out.write(
                self.style.SUCCESS(
                    f"Forum: {forum.categories} ruang OPD, {forum.threads} utas, {forum.posts} "
                    f"kiriman, {forum.practices} praktik baik ({forum.seconds:.1f} detik)."
                )
            )
        if not engagement.skipped:
            out.write(
                self.style.SUCCESS(
                    f"Perubahan: {engagement.events} acara, {engagement.invitations} undangan, "
                    f"{engagement.attendances} hadir, {engagement.responses} jawaban survei, "
                    f"{engagement.champions} agen perubahan, {engagement.hot_spots} titik rawan "
                    f"({engagement.seconds:.1f} detik)."
                )
            )
        if not funding.skipped:
            out.write(self.style.SUCCESS(funding_demo.describe(funding)))
        if not planning.skipped:
            out.write(
                self.style.SUCCESS(
                    f"Perencanaan: {planning.tasks} uraian tugas untuk {planning.profiles} "
                    f"jabatan; ABK: kebutuhan {planning.needed}, bezetting {planning.in_post} "
                    f"({planning.seconds:.1f} detik)."
                )
            )
        if not talent.skipped:
            maps = ", ".join(
                f"{y}: {n} dipetakan, {talent.pool.get(y, 0)} di kotak 7–9"
                for y, n in sorted(talent.maps.items())
            )
            out.write(
                self.style.SUCCESS(
                    f"Talenta: {talent.scores} nilai potensial; peta talenta {maps}; "
                    f"cakupan suksesi {talent.coverage}%; lowongan demo dengan "
                    f"{talent.vacancy_eligible} kandidat memenuhi syarat "
                    f"({talent.seconds:.1f} detik)."
                )
            )
        if not policy.skipped:
            out.write(self.style.SUCCESS(policy_demo.describe(policy)))
        if not portal.skipped:
            out.write(self.style.SUCCESS(portal_demo.describe(portal)))
        if not research.skipped:
            out.write(self.style.SUCCESS(research_demo.describe(research)))
