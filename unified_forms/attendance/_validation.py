"""Turn pydantic's ValidationError into FormDataError so every attendance error names a path.

School systems act on ``pupils[4].records[2].date``, not on pydantic's loc tuples, so
this package never lets a ValidationError escape its public parse functions.
Semantic checks inside model validators raise FormDataError with paths relative to
the model; pydantic wraps them, and this module re-anchors those paths at the loc.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from unified_forms.errors import ErrorEntry, FormDataError
from unified_forms.models.errors_map import pydantic_message

# Japanese labels of the fields of this package, for ErrorEntry.label.
LABELS: dict[str, str] = {
    "fiscal_year": "年度",
    "term_system": "学期制",
    "terms": "学期",
    "name": "名称",
    "start": "開始日",
    "end": "終了日",
    "attendance_closing": "出欠締め日",
    "school_weekdays": "授業を行う曜日",
    "extra_lesson_days": "授業日（土曜授業等）",
    "vacations": "長期休業",
    "non_school_days": "休業日",
    "school_closures": "臨時休業（学校全体）",
    "class_closures": "学級閉鎖",
    "class_days_off": "学級別休業日",
    "class_ids": "学級",
    "reason": "理由",
    "scope": "区分",
    "pupils": "児童生徒",
    "pupil_id": "児童生徒ID",
    "enrolled_from": "在籍開始日（転入日）",
    "enrolled_to": "在籍終了日（転出日）",
    "records": "出欠記録",
    "date": "日付",
    "status": "出欠区分",
    "kind": "種別",
    "late": "遅刻",
    "early_leave": "早退",
    "missing_day": "未入力日の扱い",
    "closed_through": "締め済みの日付",
    "lesson_days": "授業日数",
    "suspension_days": "出席停止・忌引等の日数",
    "required_days": "出席しなければならない日数",
    "absence_days": "欠席日数",
    "present_days": "出席日数",
    "stop_days": "出席停止の日数",
    "mourning_days": "忌引の日数",
}

M = TypeVar("M", bound=BaseModel)


def join_path(prefix: str, loc: Iterable[Any]) -> str:
    """``("records", 2, "date")`` under ``pupils[4]`` → ``pupils[4].records[2].date``."""
    path = prefix
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif path:
            path += f".{part}"
        else:
            path = str(part)
    return path


def label_of(path: str) -> str:
    last = path.rsplit(".", 1)[-1].split("[", 1)[0]
    return LABELS.get(last, "")


def entry(path: str, message: str) -> ErrorEntry:
    return ErrorEntry(path=path, message=message, label=label_of(path))


def to_form_data_error(exc: ValidationError, prefix: str) -> FormDataError:
    entries: list[ErrorEntry] = []
    for err in exc.errors():
        base = join_path(prefix, err["loc"])
        inner = (err.get("ctx") or {}).get("error")
        if isinstance(inner, FormDataError):
            for e in inner.errors:
                path = join_path(base, []) if not e.path else (f"{base}.{e.path}" if base else e.path)
                entries.append(ErrorEntry(path=path, message=e.message, label=e.label or label_of(path)))
        else:
            entries.append(entry(base, pydantic_message(err)))
    return FormDataError(entries)


def parse(model: type[M], data: Any, prefix: str) -> M:
    """Validate ``data`` as ``model``; errors become FormDataError with paths under ``prefix``."""
    if isinstance(data, model):
        return data
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise to_form_data_error(exc, prefix) from None
