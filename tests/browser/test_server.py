"""The app server's hygiene: liveness, websocket origins, message size, session cleanup."""

from __future__ import annotations

import asyncio
import json
import urllib.request

import pytest
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

from optiviz.app.serve import (
    SESSION_LIFETIME_MS,
    WEBSOCKET_MAX_BYTES,
    server_options,
)


def connect(server: str, origin: str):
    url = server.replace("http://", "ws://") + "/ws"
    request = HTTPRequest(url, headers={"Origin": origin})

    async def open_socket():
        return await websocket_connect(request, subprotocols=["bokeh"])

    return asyncio.run(open_socket())


def test_the_liveness_endpoint_answers(server):
    with urllib.request.urlopen(f"{server}/liveness", timeout=5) as reply:
        assert json.load(reply) == {"/liveness": True}


def test_a_websocket_from_another_origin_is_refused(server):
    with pytest.raises(HTTPClientError) as refused:
        connect(server, "http://evil.example.com")
    assert refused.value.code == 403
    own = connect(server, server)
    own.close()


def test_given_origins_are_added_to_localhost():
    assert server_options()["websocket_origin"] is None
    options = server_options(["lab.example.org"], port=8080)
    assert options["websocket_origin"] == ["lab.example.org", "localhost:8080"]
    assert options["websocket_max_message_size"] == WEBSOCKET_MAX_BYTES <= 1024**2
    assert options["unused_session_lifetime_milliseconds"] == SESSION_LIFETIME_MS
