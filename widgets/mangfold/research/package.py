"""Writing the data package: each table as CSV and Parquet, a Frictionless descriptor, and a README.

The words are not here: the descriptor's prose is the codebook's (``codebook.yaml``, read by
``tables``), the README is the Markdown template ``templates/research/README.md.j2``.

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

from .. import atomic, markup
from .anonymity import MIN_CLASS, QUASI_IDENTIFIERS
from .pseudonym import PSEUDONYM_HEX
from .scrub import MARKERS
from .tables import TABLES, Row, Table, codebook

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
        return {"k": self.k, "k_required": MIN_CLASS, "quasi_identifiers": list(QUASI_IDENTIFIERS),
                "scrubber_version": self.scrubber_version,
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
    prose = codebook().package
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": prose.title.format(course_id=summary.course_id),
        "description": prose.description,
        "version": "1.0.0",
        "keywords": list(prose.keywords),
        "created_week": summary.week,
        "mangfold": summary.as_dict(),
        "resources": [_resource(table) for table in TABLES],
    }


def readme(summary: Summary) -> str:
    """The method, in words a data protection officer and a researcher can both check (Markdown).

    The template takes numbers, the codebook's prose and the course id from the trainer's configuration;
    no learner text reaches it, so nothing in it needs to be made safe for Markdown.
    """
    return markup.render_text("research/README.md.j2", summary=summary, tables=TABLES, markers=MARKERS,
                              pseudonym_hex=PSEUDONYM_HEX, min_class=MIN_CLASS, quasi_identifiers=QUASI_IDENTIFIERS)


def write_package(folder: Path, tables: dict[str, list[Row]], summary: Summary) -> None:
    """Every file of the package into ``folder`` (which the caller renames into place when all succeeded)."""
    for table in TABLES:
        write_csv(folder / f"{table.name}.csv", table, tables[table.name])
        write_parquet(folder / f"{table.name}.parquet", table, tables[table.name])
    text = json.dumps(descriptor(summary), ensure_ascii=False, indent=2) + "\n"
    atomic.write_text(folder / "datapackage.json", text)
    atomic.write_text(folder / "README.md", readme(summary))
