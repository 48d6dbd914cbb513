"""Locust scenario for ``make load``: the people of Kota Semarang using Penata on a working day.

Personas (weights are the share of the simulated users):

* ``Employee`` (pegawai, 60%): dashboard, own SKP, own record, own profile.
* ``Operator`` (operator OPD, 20%): the roster of their OPD, searches by name, sorts, pages,
  an employee's record and now and then an XLSX/CSV export.
* ``Supervisor`` (atasan, 20%): their team's SKP list, opens one and rates it (hasil kerja and
  the seven BerAKHLAK values), as the real form does (CSRF token, version field).
* ``Bkpp`` (exactly one user): uploads the city roster (a CSV of every employee with a few
  phone numbers changed), follows the check, confirms, follows the import to the end, then
  pauses; the check and the import run in the task worker (``penata db_worker``).

Every user signs in through the real login form (GET the form, POST the CSRF token with the
credentials). The server runs as in production (DEBUG off, Secure cookies, SSL redirect on),
so requests carry ``X-Forwarded-Proto: https`` and an ``https`` Referer, as they would from
the TLS-terminating proxy, and the Secure cookies are sent over the loopback connection.

Configuration through the environment: ``LOAD_DIR`` (where ``prepare.py`` wrote
``accounts.json`` and ``roster.csv``).
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import random
import re
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task
from requests.cookies import RequestsCookieJar

LOAD_DIR = Path(os.environ.get("LOAD_DIR", "."))
CONFIG = json.loads((LOAD_DIR / "accounts.json").read_text()) if LOAD_DIR.exists() else {}
_COUNTERS: dict[str, itertools.count[int]] = {}
_LOCK = threading.Lock()

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
EMPLOYEE_LINK = re.compile(r'href="/pegawai/(\d+)/"')
RATE_LINK = re.compile(r'href="/kinerja/skp/(\d+)/nilai/"')
VERSION_RE = re.compile(r'name="version" value="(\d+)"')
UPLOAD_LINK = re.compile(r"/impor/(\d+)/")
BEHAVIOURS = (
    "berorientasi_pelayanan",
    "akuntabel",
    "kompeten",
    "harmonis",
    "loyal",
    "adaptif",
    "kolaboratif",
)
RATINGS = ("di_atas", "sesuai", "sesuai", "sesuai", "di_bawah")

# Outcomes of the multi-step flows, reported next to the HTTP statistics.
OUTCOMES: dict[str, int] = {}


def _outcome(name: str) -> None:
    with _LOCK:
        OUTCOMES[name] = OUTCOMES.get(name, 0) + 1


@events.quitting.add_listener
def _write_outcomes(environment: Any, **_kw: Any) -> None:
    out = os.environ.get("LOAD_OUTCOMES")
    if out:
        Path(out).write_text(json.dumps(OUTCOMES, indent=2, sort_keys=True))


def _next_account(persona: str) -> str:
    names = CONFIG["accounts"][persona]
    if not names:
        raise RuntimeError(f"no load-test account for {persona!r}: see bench/load/prepare.py")
    with _LOCK:
        counter = _COUNTERS.setdefault(persona, itertools.count())
        return names[next(counter) % len(names)]


class _SecureOverLoopback(RequestsCookieJar):
    """Send the Secure session and CSRF cookies over the loopback connection: TLS ends at the
    proxy in production; here the proxy is simulated by ``X-Forwarded-Proto``. (A cookie
    policy on the session jar is not enough: requests copies the cookies into a fresh jar for
    every request.)"""

    def set_cookie(self, cookie: Any, *args: Any, **kwargs: Any) -> Any:
        cookie.secure = False
        return super().set_cookie(cookie, *args, **kwargs)


class PenataUser(HttpUser):
    abstract = True
    persona = ""
    wait_time = between(2, 8)  # a person reads a page before the next click

    def on_start(self) -> None:
        self.client.cookies = _SecureOverLoopback()
        host = urlsplit(self.host or "http://127.0.0.1").netloc
        self.origin = f"https://{host}"
        self.client.headers.update({"X-Forwarded-Proto": "https", "Accept-Language": "id"})
        self.username = _next_account(self.persona)
        self.login()

    def get(self, url: str, *, name: str | None = None, **kw: Any) -> Any:
        """GET as a signed-in user: landing on the login page (signed out) is a failure."""
        headers = {"Referer": self.origin + "/"}
        with self.client.get(
            url, name=name or url, headers=headers, catch_response=True, **kw
        ) as resp:
            if url != "/masuk/" and urlsplit(resp.url).path.startswith("/masuk/"):
                resp.failure("signed out: answered with the login page")
            return resp

    def post(self, url: str, data: Any, *, referer: str, name: str | None = None, **kw: Any) -> Any:
        headers = {"Referer": self.origin + referer}
        return self.client.post(url, data=data, name=name or url, headers=headers, **kw)

    @staticmethod
    def csrf(html: str) -> str:
        match = CSRF_RE.search(html)
        return match.group(1) if match else ""

    def login(self) -> None:
        page = self.get("/masuk/", name="/masuk/ [form]")
        with self.client.post(
            "/masuk/",
            data={
                "csrfmiddlewaretoken": self.csrf(page.text),
                "username": self.username,
                "password": CONFIG["password"],
            },
            headers={"Referer": self.origin + "/masuk/"},
            name="/masuk/ [POST]",
            catch_response=True,
        ) as resp:
            if urlsplit(resp.url).path.startswith("/masuk/"):
                resp.failure(f"login of {self.username} did not succeed")
                return
            # BKPP and administrators: the second step, a TOTP code from the secret the
            # preparation enrolled (as the authenticator app would show it)
            second = urlsplit(resp.url).path.startswith("/akun/2fa/verifikasi/")
            if second and not self.second_step(resp.text):
                resp.failure(f"two-factor step of {self.username} did not succeed")
                return
            _outcome("login")

    def second_step(self, html: str) -> bool:
        import pyotp

        secret = CONFIG.get("totp", {}).get(self.username)
        if not secret:
            return False
        totp = pyotp.TOTP(secret)
        for attempt in range(2):  # a code is accepted once per 30-s step: the next step's
            if attempt:
                time.sleep(31 - time.time() % 30)
            with self.client.post(
                "/akun/2fa/verifikasi/",
                data={"csrfmiddlewaretoken": self.csrf(html), "code": totp.now()},
                headers={"Referer": self.origin + "/akun/2fa/verifikasi/"},
                name="/akun/2fa/verifikasi/ [POST]",
                catch_response=True,
            ) as step:
                if not urlsplit(step.url).path.startswith(("/akun/2fa/", "/masuk/")):
                    return True
                html = step.text
                step.success()  # a used step's code: try the next step once
        return False


class Employee(PenataUser):
    """A pegawai: their own pages."""

    persona = "employee"
    weight = 6

    def on_start(self) -> None:
        super().on_start()
        self.own: str | None = None
        profile = self.get("/akun/profil/")
        match = EMPLOYEE_LINK.search(profile.text)
        self.own = f"/pegawai/{match.group(1)}/" if match else None

    @task(3)
    def dashboard(self) -> None:
        self.get("/")

    @task(4)
    def my_skp(self) -> None:
        self.get("/kinerja/skp-saya/")

    @task(2)
    def my_record(self) -> None:
        if self.own:
            self.get(self.own, name="/pegawai/[id]/ (own)")
        else:
            self.get("/akun/profil/")

    @task(1)
    def profile(self) -> None:
        self.get("/akun/profil/")


class Operator(PenataUser):
    """An operator OPD: the roster of their OPD, search, sort, page, a record, an export."""

    persona = "operator"
    weight = 2

    def on_start(self) -> None:
        super().on_start()
        self.terms = CONFIG.get("search_terms") or ["Sri"]
        self.ids: list[str] = []

    @task(4)
    def roster(self) -> None:
        resp = self.get("/pegawai/")
        self.ids = EMPLOYEE_LINK.findall(resp.text) or self.ids

    @task(5)
    def search(self) -> None:
        term = random.choice(self.terms)
        resp = self.get(f"/pegawai/?q={term}", name="/pegawai/?q=[name]")
        self.ids = EMPLOYEE_LINK.findall(resp.text) or self.ids

    @task(2)
    def sorted_page(self) -> None:
        sort = random.choice(("-name", "rank", "-rank", "name"))
        page = random.randint(1, 5)
        self.get(f"/pegawai/?sort={sort}&page={page}", name="/pegawai/?sort=[s]&page=[n]")

    @task(3)
    def record(self) -> None:
        if self.ids:
            self.get(f"/pegawai/{random.choice(self.ids)}/", name="/pegawai/[id]/")

    @task(1)
    def export(self) -> None:
        fmt = random.choice(("xlsx", "csv"))
        self.get(f"/pegawai/ekspor/?fmt={fmt}", name=f"/pegawai/ekspor/?fmt={fmt}")


class Supervisor(PenataUser):
    """An atasan langsung: the team's SKP, then rating one."""

    persona = "supervisor"
    weight = 2

    @task(2)
    def team(self) -> None:
        self.get("/kinerja/tim/")

    @task(3)
    def rate_one(self) -> None:
        team = self.get("/kinerja/tim/")
        ids = RATE_LINK.findall(team.text)
        if not ids:
            _outcome("rate: nothing to rate")
            return
        pk = random.choice(ids)
        url = f"/kinerja/skp/{pk}/nilai/"
        form = self.get(url, name="/kinerja/skp/[id]/nilai/ [form]")
        version = VERSION_RE.search(form.text)
        if version is None:
            _outcome("rate: no rating form (not rateable now)")
            return
        data = {
            "csrfmiddlewaretoken": self.csrf(form.text),
            "version": version.group(1),
            "hasil_kerja": random.choice(RATINGS),
            "note": "Uji beban: penilaian simulasi.",
            **{f"b_{b}": random.choice(RATINGS) for b in BEHAVIOURS},
        }
        with self.client.post(
            url,
            data=data,
            headers={"Referer": self.origin + url},
            name="/kinerja/skp/[id]/nilai/ [POST]",
            allow_redirects=False,
            catch_response=True,
        ) as resp:
            if resp.status_code == 302 and "/kinerja/tim/" in resp.headers.get("Location", ""):
                _outcome("rate: saved")
            elif resp.status_code == 200:
                # The form came back with a message (e.g. someone else saved first): an answer
                # the user sees, not a server error; counted separately.
                _outcome("rate: form returned with a message")
            else:
                resp.failure(f"rating answered {resp.status_code}")


class Bkpp(PenataUser):
    """BKPP uploads the city roster, follows the check, confirms and follows the import."""

    persona = "bkpp"
    fixed_count = 1
    weight = 0
    wait_time = between(20, 40)

    def on_start(self) -> None:
        super().on_start()
        text = (LOAD_DIR / "roster.csv").read_text(encoding="utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        self.header, self.rows = rows[0], rows[1:]
        self.phone = self.header.index("telepon") if "telepon" in self.header else None
        self.round = 0

    def _file(self) -> bytes:
        """The roster with 1% of the phone numbers changed (what a monthly update looks like)."""
        self.round += 1
        rows = [list(r) for r in self.rows]
        if self.phone is not None:
            rng = random.Random(self.round)
            for r in rng.sample(rows, max(1, len(rows) // 100)):
                r[self.phone] = f"08{rng.randrange(10**9, 10**10)}"
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(self.header)
        writer.writerows(rows)
        return buf.getvalue().encode()

    def _follow(self, pk: str, until: tuple[str, ...], limit_s: float = 600) -> str:
        """Poll the import page (as its HTMX progress bar does) until a final state shows."""
        deadline = time.monotonic() + limit_s
        while time.monotonic() < deadline:
            resp = self.client.get(
                f"/impor/{pk}/",
                name="/impor/[id]/ (progress, HTMX)",
                headers={"Referer": f"{self.origin}/impor/{pk}/", "HX-Request": "true"},
            )
            for marker in until:
                if marker in resp.text:
                    return marker
            time.sleep(2)
        return "timeout"

    @task
    def import_roster(self) -> None:
        form = self.get("/impor/")
        start = time.monotonic()
        with self.client.post(
            "/impor/",
            data={"csrfmiddlewaretoken": self.csrf(form.text)},
            files={"file": (f"roster-{self.round + 1}.csv", self._file(), "text/csv")},
            headers={"Referer": self.origin + "/impor/"},
            name="/impor/ [upload]",
            allow_redirects=False,
            catch_response=True,
        ) as resp:
            match = UPLOAD_LINK.search(resp.headers.get("Location", ""))
            if resp.status_code != 302 or not match:
                resp.failure(f"upload answered {resp.status_code}")
                return
        pk = match.group(1)
        checked = self._follow(pk, ('data-status="checked"', 'data-status="failed"'))
        if checked != 'data-status="checked"':
            _outcome(f"import: check ended with {checked}")
            return
        detail = self.get(f"/impor/{pk}/", name="/impor/[id]/")
        confirm = self.post(
            f"/impor/{pk}/konfirmasi/",
            {"csrfmiddlewaretoken": self.csrf(detail.text)},
            referer=f"/impor/{pk}/",
            name="/impor/[id]/konfirmasi/ [POST]",
        )
        if confirm.status_code != 200:
            return
        done = self._follow(pk, ('data-status="done"', 'data-status="failed"'))
        _outcome(f"import: {done.replace('data-status=', '').strip(chr(34))}")
        _outcome(f"import seconds: {round(time.monotonic() - start, -1):.0f}")
