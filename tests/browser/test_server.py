"""The app server's hygiene: liveness, websocket origins, message size, session cleanup."""

from __future__ import annotations

import base64
import http.client
import json
import os
import urllib.parse
import urllib.request

from optiviz.app.web.serve import (
    SESSION_LIFETIME_MS,
    WEBSOCKET_MAX_BYTES,
    server_options,
)


def handshake(server: str, origin: str) -> int:
    """The HTTP status of a websocket opening handshake to the app from ``origin``."""
    url = urllib.parse.urlparse(server)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    connection.request(
        "GET",
        "/ws",
        headers={
            "Upgrade": "websocket",
            "Connection": "Upgrade",
            "Sec-WebSocket-Key": base64.b64encode(os.urandom(16)).decode(),
            "Sec-WebSocket-Version": "13",
            "Sec-WebSocket-Protocol": "bokeh",
            "Origin": origin,
        },
    )
    status = connection.getresponse().status
    connection.close()
    return status


def test_the_liveness_endpoint_answers(server):
    with urllib.request.urlopen(f"{server}/liveness", timeout=5) as reply:
        assert json.load(reply) == {"/liveness": True}


def test_a_websocket_from_another_origin_is_refused(server):
    assert handshake(server, "http://evil.example.com") == 403
    assert handshake(server, server) == 101


def test_given_origins_are_added_to_localhost():
    assert server_options()["websocket_origin"] is None
    options = server_options(["lab.example.org"], port=8080)
    assert options["websocket_origin"] == ["lab.example.org", "localhost:8080"]
    assert options["websocket_max_message_size"] == WEBSOCKET_MAX_BYTES <= 1024**2
    assert options["unused_session_lifetime_milliseconds"] == SESSION_LIFETIME_MS
