"""Reading a course's statements from an LRS (xAPI Statement Resource, GET /statements).

Pages are followed through `more`; each page is stored before the next is asked for, and the
`more` link is kept in the store, so an interrupted read resumes where it stopped. A later read
asks only for what is new (`since` the latest stored statement)."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import Any

from ..i18n import _
from ..xapi.lrs_client import TIMEOUT_SECONDS, LRSError, statements_url
from .store import Store

PAGE_SIZE = 500
PENDING = "lrs-more"  # meta key: the `more` URL of a read that did not finish


def first_query(endpoint: str, activity: str | None, since: str | None) -> str:
    """The first page's URL: the course's activities (related activities on), newer than since."""
    parameters = {"limit": str(PAGE_SIZE), "ascending": "true"}
    if activity:
        parameters |= {"activity": activity, "related_activities": "true"}
    if since:
        parameters["since"] = since
    return f"{statements_url(endpoint)}?{urllib.parse.urlencode(parameters)}"


def _get(url: str, authorization: str) -> dict[str, Any]:
    request = urllib.request.Request(url, headers={"Authorization": authorization,
                                                   "X-Experience-API-Version": "1.0.3"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            body = json.loads(response.read())
    except urllib.error.HTTPError as error:
        if error.code in (401, 403):
            raise LRSError(_("the LRS refused the credentials ({code}): check LMS_BUILD_LRS_USER "
                             "and LMS_BUILD_LRS_PASSWORD").format(code=error.code)) from None
        raise LRSError(_("the LRS answered {code} to {url}").format(code=error.code, url=url)) from None
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        raise LRSError(_("cannot reach the LRS at {url}: {reason}").format(
            url=url, reason=getattr(error, "reason", error))) from None
    except ValueError:
        raise LRSError(_("the LRS answered {url} with something that is not JSON").format(url=url)) from None
    if not isinstance(body, dict) or not isinstance(body.get("statements"), list):
        raise LRSError(_("the LRS answered {url} without a statement list").format(url=url))
    return body


def read_lrs(store: Store, endpoint: str, authorization: str, iri_base: str, *, server_filter: bool = True,
             progress: Callable[[int], None] = lambda _: None) -> int:
    """Store every new statement about the course; returns how many were new."""
    url = store.get(PENDING) or first_query(endpoint, iri_base if server_filter else None,
                                            store.latest_stored())
    added = 0
    while url:
        page = _get(url, authorization)
        added += store.add(page["statements"], iri_base)
        progress(len(page["statements"]))
        more = page.get("more") or ""
        url = urllib.parse.urljoin(endpoint, more) if more and page["statements"] else ""
        store.set(PENDING, url or None)  # stored with the page: a kill resumes from here
    return added
