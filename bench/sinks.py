"""Where generated rows go: PostgreSQL COPY (fast path) or the ORM's bulk_create (SQLite).

Rows are tuples of Python values in the order of the attribute names given to `open()`. The
generator writes `sink.NULL` for a missing value and `sink.json(obj)` for a JSON column, so the
same code feeds both paths without converting every value twice.
"""

import json
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, date, datetime

from django.apps import apps
from django.core.management.color import no_style
from django.db import connections

CHUNK_ROWS = 50_000
EPOCH = date(1970, 1, 1).toordinal()


def _columns(model, attnames: list[str]) -> list[str]:
    """The table columns of `attnames`, after checking that every NOT NULL column without a
    database default is written (COPY and bulk_create would otherwise fail, or differ)."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    unknown = [a for a in attnames if a not in fields]
    if unknown:
        raise ValueError(f"{model._meta.label}: unknown fields {unknown}")
    missing = [
        a
        for a, f in fields.items()
        if a not in attnames and not f.null and not _has_db_default(f) and not f.primary_key
    ]
    if missing:
        raise ValueError(f"{model._meta.label}: columns not written {missing}")
    return [fields[a].column for a in attnames]


def _has_db_default(field) -> bool:
    from django.db.models.fields import NOT_PROVIDED

    return getattr(field, "db_default", NOT_PROVIDED) is not NOT_PROVIDED


class Sink:
    NULL = None
    LINE_BREAK = "\n"  # what joins the lines of a multi-line text value

    def __init__(self, using: str):
        self.using = using
        self.connection = connections[using]
        self.rows: dict[str, int] = defaultdict(int)
        self.seconds: dict[str, float] = defaultdict(float)

    @staticmethod
    def json(value):
        return value

    def next_id(self, model) -> int:
        self.wait()  # the connection is the COPY thread's while a chunk is in flight
        with self.connection.cursor() as cursor:
            table, pk = model._meta.db_table, model._meta.pk.column
            cursor.execute(f'SELECT MAX("{pk}") FROM "{table}"')  # noqa: S608 - model names
            return (cursor.fetchone()[0] or 0) + 1

    def open(self, model, attnames: list[str]) -> "TableWriter":
        return TableWriter(self, model, attnames)

    @staticmethod
    def ts(seconds: float):
        """A moment (seconds since the epoch) as the column wants it."""
        return datetime.fromtimestamp(int(seconds), UTC)

    # Hooks of the two paths.
    def begin(self, models, fresh=False):
        pass

    def flush(self, model, attnames, columns, rows: list) -> None:  # pragma: no cover
        raise NotImplementedError

    def wait(self) -> None:
        pass

    def finish(self, models) -> dict[str, float]:
        return {}


class TableWriter:
    """Rows of one table. `add` only appends (it is called millions of times); a loop calls
    `check()` now and then, and `close()` at the end, to send full chunks on."""

    def __init__(self, sink: Sink, model, attnames: list[str]):
        self.sink, self.model, self.attnames = sink, model, list(attnames)
        self.columns = _columns(model, self.attnames)
        self.count = 0
        self.buffer: list[tuple] = []
        self.add = self.buffer.append  # callers may keep this bound method: one list for good

    def check(self) -> None:
        if len(self.buffer) >= CHUNK_ROWS:
            self._flush()

    def _flush(self) -> None:
        if self.buffer:
            self.count += len(self.buffer)
            self.sink.flush(self.model, self.attnames, self.columns, self.buffer[:])
            self.buffer.clear()

    def close(self) -> int:
        self._flush()
        return self.count


class CopySink(Sink):
    """PostgreSQL: one transaction; non-constraint indexes of the big tables are dropped while
    loading and rebuilt once at the end; foreign-key triggers are skipped when the role may
    (superuser: session_replication_role = replica; the generator writes consistent keys);
    text chunks are COPYed by a worker thread while the next chunk is generated."""

    NULL = "\\N"
    LINE_BREAK = "\\n"  # COPY's text format reads the escape as a line break

    def __init__(self, using: str):
        super().__init__(using)
        self.connection.ensure_connection()
        self.raw = self.connection.connection
        self.pool = ThreadPoolExecutor(max_workers=1)
        self.pending = []
        self.dropped: list[tuple[str, str]] = []
        self.ts = self._make_ts()

    _encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    _clock = [f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)]

    @classmethod
    def json(cls, value):
        return cls._encode(value)

    @staticmethod
    def _make_ts():
        days: dict[int, str] = {}
        clock = CopySink._clock
        fromordinal = date.fromordinal

        def ts(seconds: float) -> str:
            """The text COPY reads, without building a datetime (day strings cached)."""
            day, second = divmod(int(seconds), 86400)
            text = days.get(day)
            if text is None:
                text = days[day] = fromordinal(EPOCH + day).isoformat()
            return f"{text} {clock[second]}+00"

        return ts

    def begin(self, big_models, fresh=False):
        # COPY FREEZE needs the table emptied (or created) in this transaction.
        self.freeze = ", FREEZE" if fresh else ""
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if cursor.fetchone()[0]:
                cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            for model in big_models:
                cursor.execute(
                    """
                    SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                    FROM pg_index i
                    WHERE i.indrelid = %s::regclass
                      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
                    """,
                    [f'"{model._meta.db_table}"'],
                )
                for name, definition in cursor.fetchall():
                    self.dropped.append((name, definition))
                    cursor.execute(f"DROP INDEX {name}")

    def _copy(self, label: str, table: str, columns: list[str], data: str) -> None:
        started = time.perf_counter()
        cols = ", ".join(f'"{c}"' for c in columns)
        sql = f'COPY "{table}" ({cols}) FROM STDIN WITH (FORMAT text{self.freeze})'
        with self.raw.cursor() as cursor, cursor.copy(sql) as copy:
            copy.write(data)
        self.seconds[label] += time.perf_counter() - started

    def flush(self, model, attnames, columns, rows):
        self.send(model._meta.label, model._meta.db_table, columns, render(model, rows), len(rows))

    def send(self, label, table, columns, text, count):
        """COPY one chunk of text in the worker thread (at most two waiting: bounded memory)."""
        self.rows[label] += count
        while len(self.pending) >= 2:
            self.pending.pop(0).result()
        self.pending.append(self.pool.submit(self._copy, label, table, columns, text))

    def wait(self):
        while self.pending:
            self.pending.pop(0).result()

    def finish(self, models) -> dict[str, float]:
        self.wait()
        self.pool.shutdown()
        timings = {}
        with self.connection.cursor() as cursor:
            started = time.perf_counter()
            cursor.execute("SET LOCAL max_parallel_maintenance_workers = 2")
            for _name, definition in self.dropped:
                cursor.execute(definition)
            timings["indexes rebuilt"] = time.perf_counter() - started
            for sql in self.connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
        return timings


def render(model, rows) -> str:
    """COPY's text format: tab-separated, \\N for NULL. The generator's strings never hold a
    tab, a line break or a backslash: multi-line values are joined with `LINE_BREAK` (checked per
    chunk: every backslash starts \\N or \\n)."""
    text = "\n".join(["\t".join(map(str, row)) for row in rows]) + "\n"
    if text.count("\\") != text.count("\\N") + text.count("\\n"):
        raise ValueError(f"{model._meta.label}: a value holds a backslash")
    return text


class TextSink(Sink):
    """In a forked block worker: rows become COPY text chunks, handed back to the parent
    (which alone talks to the database)."""

    NULL = CopySink.NULL
    LINE_BREAK = CopySink.LINE_BREAK
    json = CopySink.json

    def __init__(self):
        self.rows = defaultdict(int)
        self.chunks: list[tuple] = []
        self.ts = CopySink._make_ts()

    def flush(self, model, attnames, columns, rows):
        meta = model._meta
        self.chunks.append((meta.label, meta.db_table, columns, render(model, rows), len(rows)))


class OrmSink(Sink):
    """Any other database (SQLite for quick runs and tests): bulk_create in batches."""

    def flush(self, model, attnames, columns, rows):
        started = time.perf_counter()
        objects = [model(**dict(zip(attnames, row, strict=True))) for row in rows]
        model._base_manager.using(self.using).bulk_create(objects, batch_size=500)
        label = model._meta.label
        self.rows[label] += len(rows)
        self.seconds[label] += time.perf_counter() - started

    def finish(self, models):
        return {}


def sink_for(using: str) -> Sink:
    vendor = connections[using].vendor
    return CopySink(using) if vendor == "postgresql" else OrmSink(using)


@contextmanager
def literal_timestamps():
    """auto_now / auto_now_add would overwrite generated times in bulk_create: switch them off
    for the duration (COPY never calls them)."""
    patched = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            for attr in ("auto_now", "auto_now_add"):
                if getattr(field, attr, False):
                    setattr(field, attr, False)
                    patched.append((field, attr))
    try:
        yield
    finally:
        for field, attr in patched:
            setattr(field, attr, True)
