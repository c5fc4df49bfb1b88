"""The mixed load test of `make bench` (issue 7, point 4): locust, headless, against the bench
server on 127.0.0.1 only, for a bounded time. bench/run.py starts it after the wrk figures:

    LOCUST_STEADY_SECONDS=600 locust -f bench/locustfile.py --headless \\
        --host http://127.0.0.1:PORT -u 200 -r 1 --run-time 20m --reset-stats

Users in the proportions of the portal's day (weights below), each with a real session: the
login page, its CSRF token and the password of the generated accounts ($DEMO_PASSWORD):

- 企业 (50 %): their applications and certificates, a case of theirs, the inbox; now and then a
  new draft through the real form, its required materials uploaded through the edit page's
  checklist, submitted through the real confirmation page;
- 直属局 clerks (30 %): the worklist filtered by state (by category, overdue), cases opened from
  it, and now and then 受理 of an application submitted during the load test;
- 总局 (4 %): the dashboard, the rankings page and API, HQ's queues, a case through the API;
- the public (16 %): certificate verification (page and API), the protected-product list.

Who logs in and what exists is read from the JSON file $LOCUST_FIXTURES (written by
bench/run.py from the data set). Think times of 5–20 s between pages (reading a case, filling
in a form): 200 users make ~16 requests per second. Cases the load test creates carry the product
name prefix 压测, so the clerks accept only those and the generated data set keeps its proportions.

Headroom (issue 19 point 5): with $LOCUST_SATURATION ("2,4,8,…"), the steady state is followed by
steps in which the same users think that many times faster (5–20 s divided by the step's factor):
a step of factor k offers the load of k × users users with the portal's think times, without
k × users logins (each a second of PBKDF2). Each step settles for one longest think time, is
measured for $LOCUST_STEP_SECONDS, and the steps stop at the first whose p95 passes 250 ms or
that has a failure. The report lists every step; the highest throughput of a passing step is the
sustained saturation figure.
"""

import json
import os
import random
import time
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path
from urllib.parse import urlparse

import gevent
from locust import events, task
from locust.contrib.fasthttp import FastHttpUser

# The page parsing, checked by the suite against the real pages (bench/run.py sets PYTHONPATH).
from bench.pages import (
    AUTOSAVE,
    CASE_LINK,
    CSRF,
    LOAD_TEST_CASE,
    MARK,
    materials_form,
    required_material_fields,
)

FIXTURES = json.loads(Path(os.environ["LOCUST_FIXTURES"]).read_text(encoding="utf-8"))
PASSWORD = FIXTURES["password"]


@events.init.add_listener
def _loopback_only(environment, **_kwargs):
    """The load goes to this machine's bench server and nowhere else."""
    host = urlparse(environment.host or "").hostname
    if host != "127.0.0.1":
        raise SystemExit(f"bench/locustfile.py runs against 127.0.0.1 only, not {host!r}")


# The saturation steps' criteria (issue 19 point 5): the first step past either ends the stepping.
STEP_P95_LIMIT_MS = 250
THINK_SECONDS = (5, 20)


class Pace:
    """How many times faster than a person the simulated users think (1 in the steady state)."""

    factor = 1.0


def summary(values: list[float], seconds: float) -> dict:
    ordered = sorted(values)

    def at(p):
        return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]

    return (
        {
            "requests": len(ordered),
            "rps": round(len(ordered) / max(seconds, 1e-9), 2),
            "p50": round(at(50), 1),
            "p95": round(at(95), 1),
            "p99": round(at(99), 1),
            "max": round(ordered[-1], 1),
        }
        if ordered
        else {"requests": 0}
    )


class Figures:
    """Every request's time, split at the end of the ramp-up: the steady state (once every user
    has logged in) is what the targets are about; logins, slow by design (PBKDF2, a million
    iterations), mostly fall in the ramp-up and are reported apart. Failures count over the
    whole run. Written as JSON to $LOCUST_REPORT when the test stops."""

    def __init__(self):
        self.steady = False
        self.logged_in = 0
        self.started = self.steady_since = time.time()
        self.times: dict[str, list[float]] = {}  # "steady <name>" / "ramp <name>" -> ms
        self.failures: dict[str, int] = {}
        self.examples: list[str] = []
        self.stepping = False  # the saturation steps have begun: not the steady state
        self.step_times: list[float] | None = None  # the measured part of the current step
        self.step_failures = 0
        self.steps: list[dict] = []

    def request(self, name, response_time, exception, **_kwargs):
        if self.stepping:
            if self.step_times is not None:
                self.step_times.append(response_time)
                self.step_failures += exception is not None
            if exception is not None and len(self.examples) < 20:
                self.examples.append(f"step ×{Pace.factor:g}, {name}: {exception}")
            return
        phase = "steady" if self.steady else "ramp"
        self.times.setdefault(f"{phase} {name}", []).append(response_time)
        if exception is not None:
            self.failures[name] = self.failures.get(name, 0) + 1
            if len(self.examples) < 20:
                self.examples.append(f"{name}: {exception}")

    def ready(self, environment):
        """A user has logged in (or needs no login): once all have, the steady state begins."""
        self.logged_in += 1
        if not self.steady and self.logged_in >= environment.parsed_options.num_users:
            self.steady, self.steady_since = True, time.time()
            # The measured time runs from here, however long the logins took.
            seconds = float(os.environ.get("LOCUST_STEADY_SECONDS", "0"))
            if seconds > 0:
                gevent.spawn_later(seconds, self.after_steady, environment)

    def after_steady(self, environment):
        self.steady_ended = time.time()
        factors = [float(f) for f in os.environ.get("LOCUST_SATURATION", "").split(",") if f]
        if factors:
            gevent.spawn(self.saturate, environment, factors)
        else:
            environment.runner.quit()

    def saturate(self, environment, factors: list[float]):
        """The steps, one after the other, until one fails the criteria or none is left."""
        self.stepping = True
        seconds = float(os.environ.get("LOCUST_STEP_SECONDS", "60"))
        users = environment.parsed_options.num_users
        for factor in factors:
            settle = THINK_SECONDS[1] / Pace.factor  # the longest wait begun at the old pace
            Pace.factor = factor
            self.step_times = None
            gevent.sleep(settle)
            self.step_times, self.step_failures = [], 0
            began = time.time()
            gevent.sleep(seconds)
            measured, failures = self.step_times, self.step_failures
            self.step_times = None
            step = {
                "factor": factor,
                "user_equivalents": round(users * factor),
                "seconds": round(time.time() - began, 1),
                "failures": failures,
                **summary(measured, time.time() - began),
            }
            step["passed"] = bool(measured) and failures == 0 and step["p95"] <= STEP_P95_LIMIT_MS
            self.steps.append(step)
            if not step["passed"]:
                break
        environment.runner.quit()

    def report(self, **_kwargs):
        ended = getattr(self, "steady_ended", None) or time.time()
        steady = {k[7:]: v for k, v in self.times.items() if k.startswith("steady ")}
        ramp = {k[5:]: v for k, v in self.times.items() if k.startswith("ramp ")}
        by_class: dict[str, list[float]] = {}
        for name, values in steady.items():
            by_class.setdefault(name.split(":")[0], []).extend(values)
        seconds = ended - self.steady_since
        report = {
            "steady_seconds": round(seconds, 1),
            "ramp_seconds": round(self.steady_since - self.started, 1),
            "steady": summary([t for v in steady.values() for t in v], seconds),
            "by_class": {k: summary(v, seconds) for k, v in sorted(by_class.items())},
            "by_name": {k: summary(v, seconds) for k, v in sorted(steady.items())},
            "ramp": summary(
                [t for v in ramp.values() for t in v], self.steady_since - self.started
            ),
            "logins": summary(
                ramp.get("login", []) + steady.get("login", []), ended - self.started
            ),
            "failures": sum(self.failures.values()),
            "failures_by_name": self.failures,
            "failure_examples": self.examples,
            "saturation_steps": self.steps,
        }
        path = os.environ.get("LOCUST_REPORT")
        if path:
            with open(path, "w", encoding="utf-8") as handle:
                json.dump(report, handle, ensure_ascii=False, indent=2)


FIGURES = Figures()
events.request.add_listener(FIGURES.request)
events.test_stop.add_listener(FIGURES.report)


class LoopbackCookies(DefaultCookiePolicy):
    """The portal marks its cookies Secure (DEBUG off: it is served over HTTPS); the bench
    talks plain HTTP on loopback, so the client sends them back anyway."""

    def return_ok_secure(self, cookie, request):
        return True


class PortalUser(FastHttpUser):
    abstract = True
    username = ""

    def wait_time(self) -> float:
        """A person's 5–20 s between pages, divided by the saturation step's pace."""
        return random.uniform(*THINK_SECONDS) / Pace.factor

    def on_start(self):
        self.client.cookiejar.set_policy(LoopbackCookies())
        if self.username:
            self.login()
        FIGURES.ready(self.environment)

    def pick(self, key: str) -> str:
        return random.choice(FIXTURES[key])

    def csrf(self, path: str, name: str) -> str | None:
        """GET a page with a form and return its CSRF token."""
        with self.client.get(path, name=name, catch_response=True) as response:
            match = CSRF.search(response.text or "")
            if response.status_code != 200 or match is None:
                response.failure(f"no form on {path}: {response.status_code}")
                return None
            return match.group(1)

    def login(self):
        token = self.csrf("/accounts/login/", "login page")
        if token is None:
            return
        with self.client.post(
            "/accounts/login/",
            data={"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="login",
            catch_response=True,
        ) as response:
            # Followed to the landing page; a failed login shows the form again.
            if response.status_code != 200 or 'name="password"' in (response.text or ""):
                response.failure(f"login of {self.username} failed")

    def post_form(self, path: str, data: dict, *, name: str, token: str):
        """POST a form with its token; success is the redirect followed to a 200 page."""
        with self.client.post(
            path,
            data={**data, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}{path}"},
            name=name,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"{path}: {response.status_code}")
            return response


class Enterprise(PortalUser):
    """An applicant: reads its cases and certificates, sometimes applies."""

    weight = 50

    def on_start(self):
        self.username = self.pick("enterprises")
        self.cases: list[int] = []
        self.drafts: list[int] = []
        super().on_start()

    @task(5)
    def my_cases(self):
        response = self.client.get("/cases/", name="enterprise: my cases")
        self.cases = [int(pk) for pk in CASE_LINK.findall(response.text or "")] or self.cases

    @task(4)
    def one_case(self):
        if self.cases:
            self.client.get(f"/cases/{random.choice(self.cases)}/", name="enterprise: case page")

    @task(2)
    def certificates(self):
        self.client.get("/api/v1/certificates/", name="enterprise: certificates API")

    @task(1)
    def inbox(self):
        self.client.get("/cases/inbox/", name="enterprise: inbox")

    @task(1)
    def apply(self):
        """新建申请 through the form: the draft, then its edit page (followed redirect)."""
        token = self.csrf("/cases/new/", "enterprise: new application form")
        if token is None:
            return
        response = self.post_form(
            "/cases/new/",
            {
                "product_name": f"{MARK}{random.randint(1, 10**6)}",
                "category": self.pick("categories"),
                "origin_place": "压测县压测镇",
                "description": "负载测试创建的申请草稿。",
            },
            name="enterprise: create draft",
            token=token,
        )
        page = response.text or ""
        match = AUTOSAVE.search(page)  # the draft's edit page
        if match and self.upload_materials(int(match.group(1)), page):
            self.drafts.append(int(match.group(1)))

    def upload_materials(self, pk: int, page: str) -> bool:
        """申报材料: one file for each required item of the checklist, in one upload through the
        edit page's form (submission is refused until each has one)."""
        fields = required_material_fields(page)
        token = CSRF.search(page)
        if not fields or token is None:
            return bool(token)
        body, content_type = materials_form(token.group(1), fields)
        path = f"/cases/{pk}/materials/"
        with self.client.post(
            path,
            data=body,
            headers={
                "Content-Type": content_type,
                "Referer": f"{self.host}/cases/{pk}/edit/",
            },
            name="enterprise: upload materials",
            catch_response=True,
        ) as response:
            if response.status_code != 200 or "materials-missing" in (response.text or ""):
                response.failure(f"{path}: {response.status_code}, materials still missing")
                return False
        return True

    @task(1)
    def submit(self):
        """申报 a draft created in this session, through its confirmation page."""
        if not self.drafts:
            return
        pk = self.drafts.pop()
        path = f"/cases/{pk}/do/submit/"
        token = self.csrf(path, "enterprise: submit form")
        if token is not None:
            self.post_form(path, {}, name="enterprise: submit", token=token)


class Clerk(PortalUser):
    """A bureau clerk working the worklist."""

    weight = 30

    def on_start(self):
        self.username = self.pick("clerks")
        self.seen: list[int] = []
        super().on_start()

    def worklist(self, query: str, name: str):
        response = self.client.get(f"/cases/?{query}", name=name)
        self.seen = [int(pk) for pk in CASE_LINK.findall(response.text or "")] or self.seen

    @task(5)
    def waiting(self):
        self.worklist("state=submitted&state=accepted", "clerk: worklist by state")

    @task(1)
    def by_category(self):
        self.worklist(f"category={self.pick('category_codes')}", "clerk: worklist by category")

    @task(1)
    def overdue(self):
        self.worklist("overdue=on", "clerk: worklist overdue")

    @task(5)
    def open_case(self):
        if self.seen:
            self.client.get(f"/cases/{random.choice(self.seen)}/", name="clerk: case page")

    @task(1)
    def api_worklist(self):
        self.client.get(
            "/api/v1/applications/?state=submitted&state=accepted", name="clerk: worklist API"
        )

    @task(1)
    def accept(self):
        """受理 an application submitted during the load test, if one waits: the newest
        submissions head the queue, and only those named 压测… are touched."""
        response = self.client.get("/cases/?state=submitted", name="clerk: submitted queue")
        waiting = LOAD_TEST_CASE.findall(response.text or "")
        if not waiting:
            return
        path = f"/cases/{random.choice(waiting)}/do/accept/"
        token = self.csrf(path, "clerk: accept form")
        if token is not None:
            # Another clerk may have accepted it a moment ago: a 409 is the portal being right.
            with self.client.post(
                path,
                data={"csrfmiddlewaretoken": token},
                headers={"Referer": f"{self.host}{path}"},
                name="clerk: accept",
                catch_response=True,
            ) as answer:
                if answer.status_code in (200, 409):
                    answer.success()
                else:
                    answer.failure(f"{path}: {answer.status_code}")


class Headquarters(PortalUser):
    """总局: the dashboard, rankings and queues."""

    weight = 4

    def on_start(self):
        self.username = self.pick("hq")
        super().on_start()

    @task(3)
    def dashboard(self):
        self.client.get(f"/regions/dashboard/?year={FIXTURES['year']}", name="hq: dashboard")

    @task(2)
    def rankings_api(self):
        self.client.get(
            f"/api/v1/rankings/?year={FIXTURES['year']}&scope=bureau", name="hq: rankings API"
        )

    @task(1)
    def rankings_page(self):
        self.client.get(f"/regions/rankings/?year={FIXTURES['year']}", name="hq: rankings page")

    @task(2)
    def queue(self):
        queue = random.choice(["approval", "certification", "suspension"])
        self.client.get(f"/cases/?queue={queue}", name="hq: queue")

    @task(2)
    def case_api(self):
        self.client.get(
            f"/api/v1/applications/{self.pick('case_ids')}/", name="hq: case detail API"
        )


class Public(PortalUser):
    """Anyone: verifies a certificate, browses the protected products."""

    weight = 16

    @task(4)
    def verify_page(self):
        self.client.get(f"/public/verify/{self.pick('certificates')}/", name="public: verify page")

    @task(2)
    def verify_api(self):
        self.client.get(
            f"/api/v1/public/certificates/{self.pick('certificates')}/", name="public: verify API"
        )

    @task(2)
    def products(self):
        self.client.get("/public/products/", name="public: protected products")

    @task(1)
    def home(self):
        self.client.get("/", name="public: home")
