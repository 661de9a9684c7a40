"""The statement store: a DuckDB file holding one flat row per statement.

Statements go in through DuckDB's own JSON reader (C++, streaming), so loading a million of them
never holds them in Python. Rows are keyed by statement id: a statement read twice (a resumed
read, an overlapping `since`) is stored once."""

from __future__ import annotations

import csv
import itertools
import json
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import duckdb

STORE_NAME = "statements.duckdb"
#: DuckDB may use this much memory and spills to disk beyond it (the report stays under 500 MB).
MEMORY_LIMIT = "300MB"

SCHEMA = """
CREATE TABLE IF NOT EXISTS statements (
    id VARCHAR PRIMARY KEY,
    actor VARCHAR NOT NULL,
    verb VARCHAR NOT NULL,          -- last segment of the verb IRI: answered, completed, ...
    object VARCHAR NOT NULL,        -- the activity IRI
    kind VARCHAR,                   -- modules | pages | questions | objectives | NULL (the course)
    key VARCHAR,                    -- the id in the course (module, page or question id)
    lang VARCHAR,                   -- fi, sv, ... from context.language
    registration VARCHAR,
    success BOOLEAN,
    response VARCHAR,
    duration DOUBLE,                -- seconds
    scaled DOUBLE,
    ts TIMESTAMPTZ,
    stored TIMESTAMPTZ
);
CREATE TABLE IF NOT EXISTS meta (name VARCHAR PRIMARY KEY, value VARCHAR);
"""

#: Statements are flattened in Python, a chunk at a time, and bulk-loaded through a CSV file:
#: memory stays bounded by the chunk however large the source (DuckDB's JSON reader buffers
#: hundreds of megabytes even for a small file).
CHUNK = 20_000
COLUMNS = ("id", "actor", "verb", "object", "kind", "key", "lang", "registration", "success",
           "response", "duration", "scaled", "ts", "stored")
_DURATION = re.compile(r"^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?"
                       r"(?:(\d+(?:\.\d+)?)S)?)?$")
_OBJECT = re.compile(r"/(modules|pages|questions|objectives)/([^/]+)$")


def seconds(duration: object) -> float | None:
    """An ISO 8601 duration (PT1M25.01S, P1DT2H) in seconds; None if it is not one."""
    match = _DURATION.match(duration) if isinstance(duration, str) else None
    if not match:
        return None
    days, hours, minutes, secs = (float(part) if part else 0.0 for part in match.groups())
    return days * 86400 + hours * 3600 + minutes * 60 + secs


def _actor(actor: dict) -> str | None:
    account = actor.get("account") or {}
    if account.get("name"):
        return f"{account.get('homePage', '')}|{account['name']}"
    return actor.get("mbox") or actor.get("mbox_sha1sum") or actor.get("openid")


def flatten(statement: object, iri_base: str) -> tuple | None:
    """One statement as a row of COLUMNS, or None if it is not a statement about the course."""
    if not isinstance(statement, dict):
        return None
    try:
        obj = str(statement["object"]["id"])
        actor = _actor(statement["actor"])
        verb = str(statement["verb"]["id"]).rsplit("/", 1)[-1]
        ident = str(statement["id"])
    except (KeyError, TypeError, AttributeError):
        return None
    if not actor or not obj.startswith(iri_base):
        return None
    context = statement.get("context") or {}
    result = statement.get("result") or {}
    match = _OBJECT.search(obj)
    language = context.get("language")
    success = result.get("success")
    scaled = (result.get("score") or {}).get("scaled")
    return (ident, actor, verb, obj, match and match.group(1), match and match.group(2),
            language[:2].lower() if isinstance(language, str) else None, context.get("registration"),
            success if isinstance(success, bool) else None, result.get("response"),
            seconds(result.get("duration")), scaled if isinstance(scaled, (int, float)) else None,
            statement.get("timestamp"), statement.get("stored") or statement.get("timestamp"))


_CSV_TYPES = dict(zip(COLUMNS, ("VARCHAR",) * 8 + ("BOOLEAN", "VARCHAR", "DOUBLE", "DOUBLE",
                                                   "TIMESTAMPTZ", "TIMESTAMPTZ"), strict=True))


def _parsed(lines: list[str]) -> Iterator[object]:
    for line in lines:
        try:
            yield json.loads(line)
        except ValueError:
            continue  # a line that is not JSON: not a statement


class Store:
    """One DuckDB file; a context manager."""

    def __init__(self, path: Path | str):
        self.path = path
        self.db = duckdb.connect(str(path))
        self.db.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
        self.db.execute("SET threads = 2")
        self.db.execute("SET preserve_insertion_order = false")  # lets a large load stream
        self.db.execute(SCHEMA)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.db.close()

    def load_jsonl(self, path: Path, iri_base: str, progress: Callable[[int], None] = lambda _: None) -> int:
        """Add the statements of a JSON-lines file about the course (activity ids under
        `iri_base`); returns how many were new. Lines that are not statements are skipped."""
        added = 0
        with path.open(encoding="utf-8") as lines:
            while chunk := list(itertools.islice(lines, CHUNK)):
                added += self.add(_parsed(chunk), iri_base)
                progress(len(chunk))
        return added

    def add(self, statements: Iterable[object], iri_base: str) -> int:
        """Add statements (parsed JSON); returns how many were new."""
        rows = [row for row in (flatten(s, iri_base.rstrip("/")) for s in statements) if row]
        if not rows:
            return 0
        before = self.count()
        with tempfile.NamedTemporaryFile("w", suffix=".csv", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)
            handle.flush()
            self.db.execute(f"""INSERT OR IGNORE INTO statements SELECT * FROM read_csv(?, header = false,
                columns = {_CSV_TYPES!r}, quote = '"', escape = '"', nullstr = '')""", [handle.name])
        return self.count() - before

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM statements").fetchone()[0]

    def latest_stored(self) -> str | None:
        row = self.db.execute("SELECT strftime(max(stored) AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') "
                              "FROM statements").fetchone()
        return row[0] if row else None

    def get(self, name: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE name = ?", [name]).fetchone()
        return row[0] if row else None

    def set(self, name: str, value: str | None) -> None:
        self.db.execute("DELETE FROM meta WHERE name = ?", [name])
        if value is not None:
            self.db.execute("INSERT INTO meta VALUES (?, ?)", [name, value])

    def query(self, sql: str, parameters: list[Any] | None = None) -> list[tuple]:
        return self.db.execute(sql, parameters or []).fetchall()
