"""Writing the data package: each table as CSV and Parquet, a Frictionless descriptor, and a README.

CSV is what the descriptor points at (any tool reads it, and ``frictionless validate`` checks it
against the codebook); Parquet keeps the column types for pandas and R. Neither format carries a
time of writing: the package's date is an ISO week, like every date in it, so the files themselves
do not say more about when learners were active than the tables do.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import atomic
from .anonymity import MIN_CLASS
from .pseudonym import PSEUDONYM_HEX
from .scrub import MARKERS
from .tables import TABLES, Row, Table

PACKAGE_NAME = "mangfoldsrekruttering-research"
_ARROW_TYPES = {"string": "string", "integer": "int64", "boolean": "bool_"}


@dataclass
class Summary:
    """What the export did, in numbers only: it goes into the README and the descriptor as is."""

    course_id: str
    week: str
    scrubber_version: str
    k: int
    learners_found: int
    learners_consenting: int
    learners_generalised: int
    learners_suppressed: int
    untrusted_files: int
    scrubbed: Counter[str] = field(default_factory=Counter)
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def learners_exported(self) -> int:
        return self.learners_consenting - self.learners_suppressed

    def as_dict(self) -> dict[str, Any]:
        return {"k": self.k, "k_required": MIN_CLASS, "scrubber_version": self.scrubber_version,
                "learners_found": self.learners_found, "learners_consenting": self.learners_consenting,
                "learners_exported": self.learners_exported, "learners_generalised": self.learners_generalised,
                "learners_suppressed": self.learners_suppressed, "untrusted_files_skipped": self.untrusted_files,
                "scrubbed": {kind: self.scrubbed.get(kind, 0) for kind in MARKERS}, "rows": dict(self.rows)}


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def write_csv(path: Path, table: Table, rows: list[Row]) -> None:
    with atomic.replacing(path, text=True, newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(table.names)
        for row in rows:
            writer.writerow([_csv_value(row[name]) for name in table.names])


def write_parquet(path: Path, table: Table, rows: list[Row]) -> None:
    """Typed columns (nullable where the codebook allows), and no pandas metadata or write time in the file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([pa.field(c.name, getattr(pa, _ARROW_TYPES[c.type])(), nullable=not c.required)
                        for c in table.columns])
    arrays = {c.name: [row[c.name] for row in rows] for c in table.columns}
    with atomic.replacing(path) as handle:
        pq.write_table(pa.Table.from_pydict(arrays, schema=schema), handle)


def _resource(table: Table) -> dict[str, Any]:
    fields = []
    for column in table.columns:
        described: dict[str, Any] = {"name": column.name, "type": column.type, "description": column.description}
        constraints: dict[str, Any] = {}
        if column.required:
            constraints["required"] = True
        if column.enum:
            constraints["enum"] = list(column.enum)
        if column.name == "pseudonym":
            constraints["pattern"] = f"[0-9a-f]{{{PSEUDONYM_HEX}}}"
        if constraints:
            described["constraints"] = constraints
        fields.append(described)
    schema: dict[str, Any] = {"fields": fields, "primaryKey": list(table.primary_key), "missingValues": [""]}
    if table.name != "learners":
        schema["foreignKeys"] = [{"fields": "pseudonym", "reference": {"resource": "learners", "fields": "pseudonym"}}]
    return {"name": table.name, "title": table.title, "description": table.description, "path": f"{table.name}.csv",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "profile": "tabular-data-resource",
            "schema": schema}


def descriptor(summary: Summary) -> dict[str, Any]:
    """The Frictionless (v1) data package descriptor; the codebook is in each field's description."""
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": f"Mangfoldsrekruttering: choices and reflections of consenting learners ({summary.course_id})",
        "description": "Pseudonymised, k-anonymised and scrubbed answers from the e-learning course "
                       "Mangfoldsrekruttering (diversity recruitment for managers). See README.md for the method.",
        "version": "1.0.0",
        "keywords": ["recruitment", "diversity", "rekruttering", "mangfold", "e-learning"],
        "created_week": summary.week,
        "mangfold": summary.as_dict(),
        "resources": [_resource(table) for table in TABLES],
    }


def readme(summary: Summary) -> str:
    """The method, in words a data protection officer and a researcher can both check."""
    removed = "\n".join(f"| {MARKERS[kind]} | {summary.scrubbed.get(kind, 0)} |" for kind in MARKERS)
    tables = "\n".join(f"- `{t.name}.csv` / `{t.name}.parquet`: {t.description} ({summary.rows.get(t.name, 0)} rows)"
                       for t in TABLES)
    return f"""# Mangfoldsrekruttering: research data ({summary.course_id})

Exported in ISO week {summary.week}. Learners' answers from the e-learning course *Mangfoldsrekruttering*
(diversity recruitment for managers who hire), for research on how managers reason about recruitment.
The codebook (every column described) is in `datapackage.json`, a Frictionless data package.

## Tables

{tables}

## Method

1. **Consent (samtykke).** Only learners whose newest answer to the research question, across their
   modules, was yes are included ({summary.learners_consenting} of {summary.learners_found} learners).
   Only progress files the course's grader trusts count (checksum intact, every answer one the course
   offers); {summary.untrusted_files} untrusted file(s) were skipped.
2. **Pseudonyms.** Each learner id became the first {PSEUDONYM_HEX} hex characters of
   HMAC-SHA256(key, course id + NUL + learner id). The secret key is **not** part of this data set and
   stays with the course's data controller; without it a pseudonym cannot be linked to a person, even by
   someone with the roster. No names, ids, e-mail addresses or roster are included.
3. **Free text scrubbed** with the course's scrubber, version {summary.scrubber_version}: names (the
   cohort's roster and name lists), organisations, identity numbers, phone numbers, e-mail and web
   addresses, street addresses and postcodes were replaced by typed markers. Removed:

| marker | replaced |
|---|---|
{removed}

4. **Quasi-identifiers coarsened.** No times are included: activity is given as ISO weeks. The
   quasi-identifiers are (language, week of first activity, week of last activity). Learners whose
   combination was shared by fewer than {MIN_CLASS} lost their weeks ({summary.learners_generalised}
   learner(s) kept with empty weeks); learners still in a group of fewer than {MIN_CLASS} were removed
   from every table ({summary.learners_suppressed} learner(s)).
5. **k = {summary.k}.** Every combination of quasi-identifiers in `learners` is shared by at least
   {summary.k} learners ({summary.learners_exported} learners in all).

## Caution

The data are pseudonymised personal data, not anonymous open data: use them only under the agreement
with the course's data controller, which also sets the terms of reuse (no licence is granted here).

Scrubbing is automatic and cannot be perfect: a reflection can still describe a situation someone
recognises. Do not try to identify anyone, do not link this data with other data about the cohort,
and report any personal data you find to the course's data controller so it can be removed.
"""


def write_package(folder: Path, tables: dict[str, list[Row]], summary: Summary) -> None:
    """Every file of the package into ``folder`` (which the caller renames into place when all succeeded)."""
    for table in TABLES:
        write_csv(folder / f"{table.name}.csv", table, tables[table.name])
        write_parquet(folder / f"{table.name}.parquet", table, tables[table.name])
    text = json.dumps(descriptor(summary), ensure_ascii=False, indent=2) + "\n"
    atomic.write_text(folder / "datapackage.json", text)
    atomic.write_text(folder / "README.md", readme(summary))
