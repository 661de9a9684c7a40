"""Learning analytics from xAPI statements: is the course working, per module and question.

read (an LRS's Statement API, paged, or JSON lines) -> store (DuckDB, one file in the output
folder; a second report reads only what is new) -> metrics (SQL that runs inside the engine, so
memory stays bounded however many statements there are) -> render (HTML with SVG charts and their
data tables, the same as PDF, JSON and CSV)."""
