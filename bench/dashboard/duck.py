"""The anchor: DuckDB scanning the case rows. The columns the figures need are exported
from PostgreSQL with COPY TO (untimed: local times, the department's code), written to
Parquet by DuckDB (untimed), then each timed run is one query over the Parquet file:
per department per month, the cases, the concluded, the on-time and the overdue open."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

EXPORT = """
COPY (
  SELECT d.code AS department_code,
         c.submitted_at AT TIME ZONE 'Asia/Shanghai' AS submitted_local,
         c.status,
         c.due_date,
         c.concluded_at AT TIME ZONE 'Asia/Shanghai' AS concluded_local
  FROM cases_case c JOIN core_department d ON d.id = c.department_id
) TO STDOUT WITH (FORMAT csv, HEADER)
"""

QUERY = """
SELECT strftime(date_trunc('month', submitted_local), '%Y-%m') AS month,
       department_code,
       count(*) AS cases,
       count(*) FILTER (WHERE status = 'concluded') AS concluded,
       count(*) FILTER (
         WHERE status = 'concluded' AND due_date IS NOT NULL
           AND CAST(concluded_local AS DATE) <= due_date
       ) AS on_time,
       count(*) FILTER (WHERE status = 'accepted' AND due_date < $today) AS overdue
FROM read_parquet($path)
GROUP BY ALL
"""


def export(connection, folder: Path) -> tuple[Path, Path, int]:
    """The case rows as CSV (COPY TO from PostgreSQL), then as Parquet (DuckDB): the two
    paths and the number of rows."""
    csv_path, parquet_path = folder / "cases.csv", folder / "cases.parquet"
    with (
        connection.cursor() as cursor,
        open(csv_path, "wb") as out,
        cursor.cursor.copy(EXPORT) as copy,
    ):
        for block in copy:
            out.write(block)
    import duckdb

    with duckdb.connect() as duck:
        duck.execute(
            f"COPY (SELECT * FROM read_csv('{csv_path}', header = true, "
            "types = {'due_date': 'DATE', 'submitted_local': 'TIMESTAMP', "
            "'concluded_local': 'TIMESTAMP'})) "
            f"TO '{parquet_path}' (FORMAT parquet)"
        )
        rows = duck.execute(f"SELECT count(*) FROM read_parquet('{parquet_path}')").fetchone()[0]
    return csv_path, parquet_path, rows


def answer(duck, parquet_path: Path, today: dt.date) -> dict[tuple[str, str], tuple]:
    """(month, department code) -> (cases, concluded, on_time, overdue open)."""
    rows = duck.execute(QUERY, {"today": today, "path": str(parquet_path)}).fetchall()
    return {(m, d): (n, c, o, late) for m, d, n, c, o, late in rows}
