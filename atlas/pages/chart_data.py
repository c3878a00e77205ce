"""The charts' CSV files described as a Frictionless data package: each table's n, version and date.

A chart's CSV holds only its counts; downloaded on its own it no longer says how many cases it
counts, from which data or which version of the atlas (usability O-8). `atlas/data/datapackage.json`
says it for every file beside them: the chart's title and scope ("n = 9 of 14 cases reported side"),
the version and the data's date, and each column's type, so `frictionless validate` checks them.
No cell of the CSV files changes: software that reads them reads them as before.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson

from atlas.evidence.charts import Cell, Chart, Table
from atlas.pages.open_data import LICENSE
from atlas.sources.release import Release

PACKAGE_FILE = "datapackage.json"


def column_type(cells: Iterable[Cell]) -> str:
    """The Table Schema type of a column: integer, number, or string when any cell is text."""
    given = [cell for cell in cells if cell is not None and cell != ""]
    if all(isinstance(cell, int) and not isinstance(cell, bool) for cell in given):
        return "integer"
    if all(isinstance(cell, int | float) and not isinstance(cell, bool) for cell in given):
        return "number"
    return "string"


def table_resource(chart: Chart, table: Table, release: Release) -> dict[str, Any]:
    fields = [
        {"name": name, "type": column_type(row[index] for row in table.rows)}
        for index, name in enumerate(table.columns)
    ]
    return {
        "name": table.slug,
        "title": table.caption,
        "description": f"{chart.title}: {chart.scope}. Data as of {release.date.isoformat()}, "
        f"version {release.version}.",
        "profile": "tabular-data-resource",
        "path": f"{table.slug}.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {"fields": fields, "missingValues": [""]},
    }


def chart_package(charts: Iterable[Chart], release: Release) -> str:
    """The descriptor of every chart table, once each, in the order the charts come."""
    resources: dict[str, dict[str, Any]] = {}
    for chart in charts:
        for table in chart.tables:
            resources.setdefault(table.slug, table_resource(chart, table, release))
    descriptor = {
        "profile": "tabular-data-package",
        "name": "rvlms-atlas-charts",
        "title": "RVLMS Evidence Atlas: the numbers of the atlas's charts",
        "version": release.version,
        "created": f"{release.date.isoformat()}T00:00:00Z",
        "licenses": [{"name": LICENSE["name"], "path": LICENSE["path"]}],
        "resources": list(resources.values()),
    }
    return orjson.dumps(descriptor, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode("utf-8") + "\n"
