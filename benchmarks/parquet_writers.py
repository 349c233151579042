"""Parquet writers side by side: time to write 10k export-shaped rows, file size, types read back.

How DuckDB was chosen for ``sitroom export --format parquet`` (docs/benchmarks.md, "Parquet
exports"). Each candidate is measured only where it can be imported: install the others into
a folder of their own and put it first on the path, e.g.

    pip install --target /tmp/pq/polars polars && PYTHONPATH=/tmp/pq/polars:src python benchmarks/parquet_writers.py polars

    python benchmarks/parquet_writers.py [duckdb pyarrow polars fastparquet]
"""

from __future__ import annotations

import importlib.util
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SCHEMA = {"article_id": "str", "published": "str", "outlet": "str", "start": "int", "end": "int", "confidence": "float",
          "goldstein": "float", "quad_class": "int", "approx": "bool", "variants": "list", "text": "str"}  # fmt: skip


def sample_rows(n: int = 10_000) -> list[dict[str, Any]]:
    """Rows like an export's: nullable numbers, a list column, text with quotes, commas and diacritics."""
    rnd = random.Random(1)
    return [{"article_id": f"a{i:05d}", "published": None if i % 7 == 0 else "2026-09-14T10:00:00", "outlet": 'Wire, "One"\n',
             "start": i * 3, "end": i * 3 + 40, "confidence": None if i % 5 == 0 else rnd.random(), "goldstein": -7.2,
             "quad_class": None if i % 3 == 0 else 4, "approx": i % 2 == 0, "variants": ["Jan Nowak", "J. Nowak"] if i % 2 else [],
             "text": "Zażółć gęślą jaźń, \"quoted\" " * 5} for i in range(n)]  # fmt: skip


def write_read(lib: str, rows: list[dict[str, Any]], out: Path) -> tuple[float, list[str], list[dict[str, Any]]]:
    """Write with ``lib``, read back with the same library: (seconds to write, column types, first two rows)."""
    t0 = time.perf_counter()
    if lib == "duckdb":
        import sitroom.store.exports as exports
        from sitroom.store.exports import write_parquet

        exports.COLUMNS["bench"] = tuple(SCHEMA)  # the export's own writer, declared types
        exports.KIND_TYPES["bench"] = {k: {"str": "VARCHAR", "int": "BIGINT", "float": "DOUBLE", "bool": "BOOLEAN",
                                           "list": "VARCHAR[]"}[v] for k, v in SCHEMA.items()}  # fmt: skip
        write_parquet(rows, "bench", out)
        seconds = time.perf_counter() - t0
        import duckdb

        rel = duckdb.sql(f"SELECT * FROM '{out}'")
        return seconds, [str(t) for t in rel.types], [dict(zip(rel.columns, r, strict=True)) for r in rel.limit(2).fetchall()]
    if lib == "pyarrow":
        import pyarrow as pa
        import pyarrow.parquet as pq

        kinds = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "list": pa.list_(pa.string())}
        pq.write_table(pa.Table.from_pylist(rows, schema=pa.schema([(k, kinds[v]) for k, v in SCHEMA.items()])), out)
        seconds = time.perf_counter() - t0
        back = pq.read_table(out)
        return seconds, [str(f.type) for f in back.schema], back.slice(0, 2).to_pylist()
    if lib == "polars":
        import polars as pl

        kinds = {"str": pl.String, "int": pl.Int64, "float": pl.Float64, "bool": pl.Boolean, "list": pl.List(pl.String)}
        pl.DataFrame(rows, schema={k: kinds[v] for k, v in SCHEMA.items()}).write_parquet(out)
        seconds = time.perf_counter() - t0
        frame = pl.read_parquet(out)
        return seconds, [str(t) for t in frame.dtypes], frame.head(2).to_dicts()
    import fastparquet
    import pandas as pd

    kinds = {"str": "string", "int": "Int64", "float": "float64", "bool": "boolean", "list": "object"}
    fastparquet.write(str(out), pd.DataFrame(rows).astype({k: kinds[v] for k, v in SCHEMA.items()}), object_encoding={"variants": "json"})
    seconds = time.perf_counter() - t0
    frame = fastparquet.ParquetFile(str(out)).to_pandas()
    return seconds, [str(t) for t in frame.dtypes], frame.head(2).to_dict("records")


def main() -> None:
    rows = sample_rows()
    for lib in sys.argv[1:] or ["duckdb", "pyarrow", "polars", "fastparquet"]:
        if importlib.util.find_spec(lib) is None:
            print(f"{lib}: not installed, skipped")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "rows.parquet"
            seconds, types, first = write_read(lib, rows, out)
            kept = first[0]["quad_class"] is None and list(first[1]["variants"]) == ["Jan Nowak", "J. Nowak"] and first[1]["text"] == rows[1]["text"]
            print(f"{lib}: write {seconds:.3f} s, {out.stat().st_size // 1024} KiB, nulls/lists/text kept: {kept}")
            print("   types:", json.dumps(types))


if __name__ == "__main__":
    main()
