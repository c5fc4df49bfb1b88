"""Two web nodes behind one address (docker-compose.yml: nginx over `web` replicas): two gunicorn
processes on two ports sharing the test database, one Redis cache and one media directory, and a
user whose requests land on either.

transaction=True: the nodes are other processes and see only committed rows.
serialized_rollback=True: the organisation data of the data migration is restored for the tests
that run after these (a transactional test empties the tables when it ends).
"""

import itertools
import json
import os
import re
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
import redis

from applications import materials
from applications.models import Application, Certificate
from tests import factories
from tests.applications.factories import MATERIAL_PDF, PlanFactory, far_future

from .processes import ROOT, worker_database_url

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# A Redis database of its own (the broker of the integration tests is 15, the bench's cache 13).
CACHE_URL = os.environ.get("TWO_NODES_CACHE_URL", "redis://127.0.0.1:6379/12")
PASSWORD = "pw-for-tests-2026"
START_TIMEOUT = 60
VERIFICATION_LIMIT = 3


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Node:
    """One web node: a gunicorn process with one worker, and its log."""

    name: str
    port: int
    process: subprocess.Popen
    log_path: Path

    def log(self, tail: int = 4000) -> str:
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return f"--- node {self.name} (exit code {self.process.poll()}):\n{text[-tail:]}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)


def node_environment(media: Path, data: Path) -> dict[str, str]:
    """Production settings on the test database, the shared cache and the shared media; no
    broker, so a node runs its tasks itself (the certificate's PDF)."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CELERY_", "DATABASE_", "CACHE_", "RATE_LIMIT_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="ecoorigin.settings",
        DATABASE_URL=worker_database_url(),
        DATABASE_CONN_MAX_AGE="0",
        CACHE_URL=CACHE_URL,
        MEDIA_ROOT=str(media),
        DATA_DIR=str(data),
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="two-nodes-test-secret-key-shared-by-both-nodes-0123456789",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        # Plain static storage: pages render without collectstatic's manifest.
        DJANGO_STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage",
        PYTHONWARNINGS="ignore:No directory at:UserWarning",
        RATE_LIMIT_VERIFICATION=f"{VERIFICATION_LIMIT}/minute",
    )
    return environment


def start_node(name: str, *, base: Path, environment: dict[str, str]) -> Node:
    port = free_port()
    log_path = base / f"node-{name}.log"
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "ecoorigin.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    return Node(name=name, port=port, process=process, log_path=log_path)


def wait_until_listening(node: Node) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            with socket.create_connection(("127.0.0.1", node.port), timeout=1):
                return
        except OSError:
            if node.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"node {node.name} did not start\n{node.log()}")
            time.sleep(0.2)


@pytest.fixture
def nodes(tmp_path):
    """Nodes A and B, started on a flushed cache database; stopped when the test ends."""
    redis.Redis.from_url(CACHE_URL).flushdb()
    media = tmp_path / "media"
    environment = node_environment(media, tmp_path / "data")
    started = [start_node(name, base=tmp_path, environment=environment) for name in "AB"]
    try:
        for node in started:
            wait_until_listening(node)
        yield started
    finally:
        for node in started:
            node.stop()


@dataclass
class Response:
    node: Node
    status: int
    headers: dict[str, list[str]]
    body: bytes

    def json(self):
        return json.loads(self.body)

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def request(node: Node, method: str, path: str, *, body=b"", headers=None) -> Response:
    connection = HTTPConnection("127.0.0.1", node.port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        answer = connection.getresponse()
        received: dict[str, list[str]] = {}
        for key, value in answer.getheaders():
            received.setdefault(key.lower(), []).append(value)
        return Response(node, answer.status, received, answer.read())
    finally:
        connection.close()


def expect(response: Response, status: int, nodes: list[Node], what: str) -> Response:
    """The response has `status`, else a failure that quotes it and both nodes' logs."""
    if response.status != status:
        logs = "\n".join(node.log() for node in nodes)
        pytest.fail(
            f"{what} on node {response.node.name}: HTTP {response.status}, expected {status}\n"
            f"{response.text()[:2000]}\n{logs}"
        )
    return response


def cookies_of(response: Response) -> dict[str, str]:
    jar = SimpleCookie()
    for header in response.headers.get("set-cookie", []):
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def multipart(fields: dict[str, str], *, name: str, filename: str, content: bytes):
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
        f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@pytest.fixture
def people(settings):
    """The case's people; passwords hashed as the nodes' default hashers can check them."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    enterprise = factories.EnterpriseFactory(bureau=factories.bureau("beijing"))
    enterprise.confirmed_at = enterprise.created_at
    enterprise.save()
    plan = PlanFactory()
    return {
        "enterprise": factories.enterprise_staff(enterprise, username="ent-two-nodes"),
        "bureau": factories.bureau_staff("beijing", username="clerk-two-nodes"),
        "hq": factories.hq(username="hq-two-nodes"),
        "agency": factories.agency_staff(plan.agency, username="eval-two-nodes"),
        "plan": plan,
    }


def test_a_case_from_application_to_certificate_across_two_nodes(nodes, people):
    node_a, node_b = nodes
    alternate = itertools.cycle(nodes)

    def api(user_token: str, method: str, path: str, payload=None, *, what: str, status=200):
        body = json.dumps(payload or {}).encode() if method == "POST" else b""
        headers = {"Authorization": f"Token {user_token}", "Content-Type": "application/json"}
        response = request(next(alternate), method, path, body=body, headers=headers)
        return expect(response, status, nodes, what).json()

    # A token issued by one node is accepted by the other (the token table is shared).
    tokens = {}
    for who in ("enterprise", "bureau", "hq", "agency"):
        issued = request(
            next(alternate),
            "POST",
            "/api/v1/auth/token/",
            body=json.dumps({"username": people[who].username, "password": PASSWORD}).encode(),
            headers={"Content-Type": "application/json"},
        )
        tokens[who] = expect(issued, 200, nodes, f"token for {who}").json()["token"]

    created = api(
        tokens["enterprise"],
        "POST",
        "/api/v1/applications/",
        {
            "product_name": "京西白茶",
            "category": "tea",
            "origin_place": "门头沟",
            "description": "x",
        },
        what="create the case",
        status=201,
    )
    case_id = created["id"]
    # Each material is stored by one node into the shared media directory; the other node
    # checks the checklist on submission.
    case = Application.objects.get(pk=case_id)
    for item in materials.requirements_for(case).filter(required=True):
        body, content_type = multipart(
            {"requirement": item.code},
            name="file",
            filename=f"{item.code}.pdf",
            content=MATERIAL_PDF,
        )
        uploaded = request(
            next(alternate),
            "POST",
            f"/api/v1/applications/{case_id}/documents/",
            body=body,
            headers={
                "Authorization": f"Token {tokens['enterprise']}",
                "Content-Type": content_type,
            },
        )
        expect(uploaded, 201, nodes, f"upload {item.code}")

    steps = [
        ("enterprise", "submit", {}, "submitted"),
        ("bureau", "accept", {}, "accepted"),
        ("bureau", "pre_evaluate", {"comment": "初评合格"}, "pre_evaluated"),
        ("bureau", "recommend", {}, "recommended"),
        ("hq", "approve", {}, "approved"),
        ("enterprise", "choose_agency", {"agency": people["plan"].agency_id}, "evaluating"),
        ("agency", "evaluate", {"score": "91.5", "report": "符合"}, "evaluated"),
        ("hq", "certify", {"marks_issued": 500}, "protected"),
    ]
    # Each transition goes to the other node than the one before: it reads the state that one
    # committed.
    for who, name, payload, expected in steps:
        path = f"/api/v1/applications/{case_id}/transitions/{name}/"
        answer = api(tokens[who], "POST", path, payload, what=name)
        assert answer["state"] == expected, name

    certificate = Certificate.objects.get(application_id=case_id)
    assert certificate.marks_issued == 500
    # Both nodes read the certificate's PDF, rendered by the node that certified, from the
    # shared media directory.
    for node in nodes:
        pdf = request(
            node,
            "GET",
            f"/api/v1/certificates/{certificate.number}/pdf/",
            headers={"Authorization": f"Token {tokens['enterprise']}"},
        )
        assert expect(pdf, 200, nodes, "certificate PDF").body.startswith(b"%PDF"), node.name

    # 证书查验 keeps its answer in the cache; a suspension on the other node forgets it there
    # (one shared cache), so the next scan on this node shows the suspension.
    verify = f"/public/verify/{certificate.number}/"
    verified = expect(request(node_a, "GET", verify), 200, nodes, "verification").text()
    assert 'class="verdict valid"' in verified
    suspension = {"reason": "抽查不合格", "deadline": far_future().isoformat()}
    path = f"/api/v1/applications/{case_id}/transitions/suspend/"
    response = request(
        node_b,
        "POST",
        path,
        body=json.dumps(suspension).encode(),
        headers={"Authorization": f"Token {tokens['hq']}", "Content-Type": "application/json"},
    )
    assert expect(response, 200, nodes, "suspend").json()["state"] == "suspended"
    verified = expect(request(node_a, "GET", verify), 200, nodes, "verification").text()
    assert 'class="verdict suspended"' in verified


def test_a_session_started_on_one_node_is_used_on_the_other(nodes, people):
    node_a, node_b = nodes
    login_page = expect(request(node_a, "GET", "/accounts/login/"), 200, nodes, "login page")
    cookies = cookies_of(login_page)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page.text()).group(1)
    signed_in = request(
        node_a,
        "POST",
        "/accounts/login/",
        body=urlencode(
            {
                "csrfmiddlewaretoken": token,
                "username": people["hq"].username,
                "password": PASSWORD,
            }
        ).encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie_header(cookies),
        },
    )
    expect(signed_in, 302, nodes, "sign-in")
    cookies.update(cookies_of(signed_in))
    assert "sessionid" in cookies

    hq = people["hq"]
    whoami = f'<summary class="whoami">{hq.get_full_name() or hq.username} · '
    home = request(node_b, "GET", "/", headers={"Cookie": cookie_header(cookies)})
    assert whoami in expect(home, 200, nodes, "home page signed in").text()
    anonymous = request(node_b, "GET", "/")
    assert whoami not in expect(anonymous, 200, nodes, "public home page").text()


def test_a_rate_limit_counted_on_one_node_holds_on_the_other(nodes, people):
    node_a, node_b = nodes
    # The windows are aligned to the clock minute: all requests within one.
    if time.time() % 60 > 50:
        time.sleep(61 - time.time() % 60)
    path = "/public/verify/STYCD-0000-NONE/"
    for node in [node_a, node_b, node_a][:VERIFICATION_LIMIT]:
        expect(request(node, "GET", path), 200, nodes, "verification within the limit")
    refused = request(node_b, "GET", path)
    expect(refused, 429, nodes, "verification over the limit")
    assert refused.headers.get("retry-after"), refused.headers
