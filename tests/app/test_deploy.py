"""The deployments in deploy/ (which cannot run here: no Docker) are checked as far as this
machine can: HAProxy parses both proxy configurations, the manifests parse, and every one
pins sessions by cookie and checks its replicas."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from optiviz.app.web.workers import COOKIE, proxy_binary, proxy_config

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def haproxy_accepts(path: Path) -> subprocess.CompletedProcess:
    binary = proxy_binary()
    assert binary is not None, "HAProxy is installed by make test (make proxy)"
    return subprocess.run([binary, "-c", "-f", str(path)], capture_output=True, text=True)


def test_the_compose_proxy_configuration_is_valid_and_pins_by_cookie():
    config = DEPLOY / "haproxy.cfg"
    result = haproxy_accepts(config)
    assert result.returncode == 0, result.stdout + result.stderr
    text = config.read_text()
    assert f"cookie {COOKIE} insert" in text
    assert "check resolvers docker" in text


def test_the_workers_proxy_configuration_is_valid(tmp_path):
    config = tmp_path / "haproxy.cfg"
    config.write_text(proxy_config("127.0.0.1", 8080, {"w0": 9000, "w1": 9001}))
    result = haproxy_accepts(config)
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_runs_replicas_behind_the_proxy():
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"app", "proxy"}
    assert "haproxy" in services["proxy"]["image"]
    assert any("haproxy.cfg" in volume for volume in services["proxy"]["volumes"])


@pytest.fixture(scope="module")
def manifests() -> dict[str, dict]:
    documents = yaml.safe_load_all((DEPLOY / "kubernetes" / "optiviz.yaml").read_text())
    return {document["kind"]: document for document in documents}


def test_kubernetes_probes_liveness_and_waits_for_a_first_page(manifests):
    (container,) = manifests["Deployment"]["spec"]["template"]["spec"]["containers"]
    assert container["livenessProbe"]["httpGet"]["path"] == "/liveness"
    assert container["readinessProbe"]["httpGet"]["path"].startswith("/?preset=")
    assert container["ports"][0]["containerPort"] == 5006


def test_kubernetes_ingress_pins_sessions_by_cookie(manifests):
    annotations = manifests["Ingress"]["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert manifests["Service"]["spec"]["selector"] == {"app": "optiviz"}
