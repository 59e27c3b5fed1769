"""The marks teachers write in evaluation cells, one type each, shared by every form.

観点 marks (A/B/C, 斜線 ``/`` where a 観点 is not evaluated, blank) and the ○ of 行動 and
特別活動 are the same on the 指導要録, the 調査書 and the 成績 forms, so a record exported from
one validates on the others.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, Strict
from pydantic_core import PydanticCustomError

VIEWPOINT_MARKS: tuple[str, ...] = ("A", "B", "C", "/", "")
CIRCLE_MARKS: tuple[str, ...] = ("○", "")


def _viewpoint_mark(v: str) -> str:
    if v not in VIEWPOINT_MARKS:
        raise PydanticCustomError("mark_invalid", "観点の評価は A・B・C・/（斜線）・空欄のいずれかです")
    return v


def _circle_mark(v: str) -> str:
    if v not in CIRCLE_MARKS:
        raise PydanticCustomError("mark_invalid", "○（十分満足できる状況）か空欄で入力してください")
    return v


ViewpointMark = Annotated[
    str, Strict(), AfterValidator(_viewpoint_mark), Field(json_schema_extra={"enum": list(VIEWPOINT_MARKS)})
]
CircleMark = Annotated[
    str, Strict(), AfterValidator(_circle_mark), Field(json_schema_extra={"enum": list(CIRCLE_MARKS)})
]
