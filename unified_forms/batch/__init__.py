"""Batch printing: one file per record for a whole class, school or prefecture.

``run_batch(form_id, records, outdir, ...)`` renders every record of an
iterable of dicts or a JSONL file (one object per line) into ``outdir``:

- file names come from a template (default ``{number:02d}_{id}``: the record's
  出席番号 when the form has one, else its line number, and a stable id — the
  record's ``id``/``record_id`` or a 12-hex SHA-256 of its canonical JSON),
  sanitised to one safe path component and de-duplicated in input order;
- a bad record (invalid JSON, FormDataError, overflow) becomes a ``Failure``
  with its line number and field paths; the others are printed (a layout or
  font problem is not a bad record: it stops the batch with ``BatchAborted``);
- every file is written atomically (temporary name + ``os.replace``); with
  ``resume=True`` a record whose file exists and is complete is skipped;
- ``merge=True`` also writes one PDF of every record in input order;
- ``workers`` processes (every core by default), or a Dask cluster with
  ``scheduler=``.

Importing this package does not import Dask.
"""

from unified_forms.batch.naming import DEFAULT_TEMPLATE, sanitize, stable_id
from unified_forms.batch.outputs import is_complete
from unified_forms.batch.runner import BatchAborted, BatchSummary, Failure, merged_name, run_batch

__all__ = [
    "DEFAULT_TEMPLATE",
    "BatchAborted",
    "BatchSummary",
    "Failure",
    "is_complete",
    "merged_name",
    "run_batch",
    "sanitize",
    "stable_id",
]
