"""Posting statements to an LRS in batches (xAPI Statement Resource, POST /statements).

The standard library's urllib with a timeout: tincan's RemoteLRS has none, so an LRS that stops
answering would hang the command. Errors become LRSError with a message a user can act on."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from ..i18n import _

TIMEOUT_SECONDS = 60


class LRSError(RuntimeError):
    """The LRS refused the statements or could not be reached."""


def basic_auth(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


def statements_url(endpoint: str) -> str:
    return endpoint.rstrip("/") + "/statements"


def post_statements(endpoint: str, authorization: str, statements: list[dict[str, Any]]) -> list[str]:
    """POST one batch; returns the ids the LRS stored."""
    body = json.dumps(statements, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    request = urllib.request.Request(statements_url(endpoint), data=body, method="POST", headers={
        "Authorization": authorization, "Content-Type": "application/json",
        "X-Experience-API-Version": "1.0.3"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            return json.loads(response.read() or b"[]")
    except urllib.error.HTTPError as error:
        detail = error.read()[:300].decode("utf-8", "replace")
        if error.code in (401, 403):
            raise LRSError(_("the LRS at {url} refused the credentials ({code}): check --user and "
                             "--password (or LMS_BUILD_LRS_USER / LMS_BUILD_LRS_PASSWORD)").format(
                               url=endpoint, code=error.code)) from None
        raise LRSError(_("the LRS at {url} answered {code}: {detail}").format(
            url=endpoint, code=error.code, detail=detail)) from None
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        reason = getattr(error, "reason", error)
        raise LRSError(_("cannot reach the LRS at {url}: {reason}").format(url=endpoint, reason=reason)) from None


def get_statements(endpoint: str, authorization: str, params: dict[str, str]) -> tuple[int, Any]:
    """GET /statements with `params`: (HTTP status, JSON body) as the LRS answered."""
    request = urllib.request.Request(f"{statements_url(endpoint)}?{urllib.parse.urlencode(params)}", headers={
        "Authorization": authorization, "X-Experience-API-Version": "1.0.3"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        try:
            return error.code, json.loads(error.read() or b"null")
        except json.JSONDecodeError:
            return error.code, {"error": f"the LRS answered {error.code}"}
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        raise LRSError(_("cannot reach the LRS at {url}: {reason}").format(
            url=endpoint, reason=getattr(error, "reason", error))) from None
