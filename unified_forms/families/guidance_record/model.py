"""The input of every 指導要録: one model, built for a stage (小・中) and a kind of class.

The six form ids share one record (forms-spec §4.7–4.12): 学籍 (the pupil, the guardian and
their changes, 入学・異動, 校長 and 学級担任 per 年度) and 指導 per 学年. ``record_model`` builds
the model of one variant from the parameters in ``stage.py``: the pupil's label (児童/生徒) and
the 学年 range go into the field titles and types, the 特別支援学級 fields are there only for the
variants that print them. Nothing is copied per variant.

The record grows one 学年 at a time, so every per-year part is optional: a year not yet reached
is absent and prints blank. What the MEXT model forbids is refused at the path the school
system typed (rules.py), and so is text the printed form cannot hold (capacity.py: the form's
own layout is fitted, so ``validate`` refuses exactly what ``render_pdf`` would).

This module does not use postponed annotations: the classes are defined inside
``record_model`` and pydantic evaluates their annotations against its parameters.
"""

import functools
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BeforeValidator, Field, Strict, field_validator, model_validator
from pydantic_core import PydanticCustomError

from unified_forms.families.guidance_record.stage import Kind, Stage
from unified_forms.models.attendance import AttendanceTotals
from unified_forms.models.base import InputModel
from unified_forms.models.dates import FiscalYear, IsoDate
from unified_forms.models.json_schema import OneOrList
from unified_forms.models.marks import CircleMark, ViewpointMark
from unified_forms.models.people import NameAsString, PersonName, Sex, Teacher
from unified_forms.models.school import School
from unified_forms.models.school_age import OffAgeReasonField
from unified_forms.models.text import AddressText, KumiText, text_rules

__all__ = [
    "AddressChange",
    "CopyCertification",
    "GuidanceRecordInput",
    "IntegratedStudy",
    "NameChange",
    "StaffTerm",
    "record_model",
]

ACTIVITY_MARKS: tuple[str, ...] = ("○", "", "/")


def _activity_mark(v: str) -> str:
    if v not in ACTIVITY_MARKS:
        raise PydanticCustomError("mark_invalid", "○（十分満足できる状況）・/（斜線）・空欄のいずれかです")
    return v


ActivityMark = Annotated[
    str, Strict(), AfterValidator(_activity_mark), Field(json_schema_extra={"enum": list(ACTIVITY_MARKS)})
]
"""特別活動の記録: ○, blank, or 斜線 where the 内容 was not held that year (forms-spec P-09)."""


class NameChange(InputModel):
    """One change of a name: the name before it, struck through on 様式1 and kept there."""

    former: Annotated[str, *text_rules(49, required=True)] = Field(
        title="変更前の氏名", description="例: 「藤本　あかり」（姓と名の間は全角空白）"
    )
    changed_on: IsoDate = Field(title="変更年月日")


class AddressChange(InputModel):
    """One change of an address: the address before it, struck through on 様式1 and kept there."""

    former: Annotated[str, *text_rules(60, required=True)] = Field(title="変更前の現住所")
    changed_on: IsoDate = Field(title="変更年月日")


class History(InputModel):
    """The changes of a person's 氏名 and 現住所, oldest first (the 学籍 is kept 20 years)."""

    name_changes: list[NameChange] = Field(
        default=[],
        max_length=3,
        title="氏名の変更",
        description="古い順。変更前の氏名を線で消して残し、新しい氏名を並べて印字",
    )
    address_changes: list[AddressChange] = Field(
        default=[],
        max_length=3,
        title="現住所の変更",
        description="古い順。変更前の住所を線で消して残し、新しい住所を並べて印字",
    )


class StaffTerm(Teacher):
    """A 校長 or 学級担任 of one 年度, with the part of the year served when more than one served.

    As any Teacher: a plain string is the whole name (stored as ``name.family``, never split).
    ``name`` is the 戸籍名; a 通称 (e.g. 旧姓) goes in ``name.alias`` and prints 「戸籍名（通称）」."""

    served_from: IsoDate | None = Field(default=None, title="担当開始日", description="年度の途中から担当したとき")
    served_until: IsoDate | None = Field(default=None, title="担当終了日", description="年度の途中まで担当したとき")


def _staff_list(v: Any) -> Any:
    """One person (a string or an object) is a list of one: the common case stays short."""
    return [v] if isinstance(v, str | dict) else v


class IntegratedStudy(InputModel):
    activity: Annotated[str, *text_rules(120, multiline=True)] = Field(default="", title="学習活動")
    viewpoint: Annotated[str, *text_rules(120, multiline=True)] = Field(default="", title="観点")
    evaluation: Annotated[str, *text_rules(200, multiline=True)] = Field(default="", title="評価")


class CopyCertification(InputModel):
    """The 写し certification printed at the foot of every page of a copy sent to another school."""

    statement: Annotated[str, *text_rules(60, required=True)] = Field(
        default="この写しは原本と相違ないことを証明する。", title="証明文"
    )
    certified_on: IsoDate = Field(title="証明年月日")
    principal: Annotated[PersonName | None, NameAsString()] = Field(
        default=None, title="校長氏名", description="省略すると school.principal（現在の校長）"
    )

    @field_validator("principal", mode="before")
    @classmethod
    def _plain_string(cls, v: Any) -> Any:
        return {"family": v} if isinstance(v, str) else v


class GuidanceRecordInput(InputModel):
    """What every 指導要録 model has; ``record_model`` builds the fields of each variant.

    The attributes below are declared for readers and type checkers only: each variant's class
    declares them with its own 学年 range, 教科 and labels.
    """

    stage: ClassVar[Stage]
    kind: ClassVar[Kind]
    form_id: ClassVar[str]

    if TYPE_CHECKING:
        school: School
        student: Any
        guardian: Any
        show_alias: bool
        pre_enrollment: str | None
        admission: Any
        transfer_in: Any
        leaving: Any
        graduation_date: date | None
        next_school: str | None
        activity_viewpoint: str
        disability_at_admission: str
        copy_certification: CopyCertification | None
        years: list[Any]

    def year(self, grade: int) -> tuple[int, Any] | None:
        """(index in ``years``, record) of a 学年, or None when it is not reached yet."""
        for i, y in enumerate(self.years):
            if y.grade == grade:
                return i, y
        return None


@functools.cache
def record_model(stage: Stage, kind: Kind, *, form_id: str, name: str) -> type[GuidanceRecordInput]:
    """The input model of one 指導要録 variant (one class per form id)."""
    from unified_forms.families.guidance_record import rules  # the rules read these classes' instances
    from unified_forms.families.guidance_record.capacity import check_fits

    first, last = stage.grades[0], stage.grades[-1]
    Grade = Annotated[int, Strict(), Field(ge=first, le=last)]
    pupil = stage.pupil

    class Student(History):
        name: PersonName = Field(
            title=f"{pupil}氏名", description="戸籍名。通称は alias に（show_alias のとき「戸籍名（通称）」と印字）"
        )
        sex: Sex = Field(title="性別")
        birth_date: IsoDate = Field(title="生年月日")
        address: AddressText | None = Field(default=None, title="現住所")
        off_age_reason: OffAgeReasonField = None

    class Guardian(History):
        name: PersonName = Field(title="保護者氏名", description="親権者（又は後見人）")
        address: AddressText | None = Field(
            default=None, title="保護者現住所", description=f"省略すると「{pupil}の欄に同じ」と印字"
        )

    class Admission(InputModel):
        date: IsoDate = Field(title="入学・編入学の年月日", description="入学: 教育委員会が通知した入学期日")
        grade: Grade = Field(default=first, title="学年")
        kind: Literal["入学", "編入学"] = Field(default="入学", title="区分")
        note: Annotated[str, *text_rules(60)] | None = Field(default=None, title="事由等")

    class TransferIn(InputModel):
        date: IsoDate = Field(title="転入学の年月日")
        grade: Grade = Field(title="学年")
        previous_school: Annotated[str, *text_rules(60, required=True)] = Field(title="前在学校名・所在地")
        reason: Annotated[str, *text_rules(40)] | None = Field(default=None, title="事由")

    class Leaving(InputModel):
        kind: Literal["転学", "退学"] = Field(default="転学", title="区分")
        accepted_date: IsoDate | None = Field(
            default=None,
            title="転学先の学校が受け入れた日の前日",
            description="転学のとき必須。主の欄に記入する年月日（別紙1）",
        )
        left_date: IsoDate = Field(
            title="学校を去った年月日", description="転学: 括弧書きで併記する年月日。退学: 校長が退学を認めた年月日"
        )
        destination: Annotated[str, *text_rules(60)] | None = Field(default=None, title="転学先の学校名・所在地")
        grade: Grade | None = Field(default=None, title="転入学年")
        reason: Annotated[str, *text_rules(40)] | None = Field(default=None, title="事由")

        @model_validator(mode="after")
        def _dates(self) -> "Leaving":
            """転学は転学先の受入れ日（の前日）が必要、退学には受入れ日がない（別紙1）。"""
            rules.check_leaving(self)
            return self

    class SubjectRecord(InputModel):
        # the stage's 教科 as a Literal built at run time: a type checker cannot read it (the name is Any to it)
        name: Literal[stage.subjects] = Field(title="教科")  # type: ignore[name-defined]
        viewpoints: list[ViewpointMark] = Field(min_length=3, max_length=3, title="観点別学習状況")
        hyotei: Annotated[int, Strict(), Field(ge=1, le=stage.hyotei_max)] | None = Field(default=None, title="評定")

    class DescriptiveSubject(InputModel):
        name: Literal[stage.descriptive_subjects] = Field(title="教科")  # type: ignore[name-defined]  # as above
        level: Annotated[str, *text_rules(8)] | None = Field(
            default=None, title="段階", description="学習指導要領の段階。例: 「2段階」"
        )
        text: Annotated[str, *text_rules(400, multiline=True)] = Field(title="学習の記録（文章記述）")

    class YearRecord(InputModel):
        """One 学年 of the record; years not reached are left out of ``years``."""

        grade: Grade = Field(title="学年")
        fiscal_year: FiscalYear = Field(title="年度")
        kumi: KumiText = Field(title="学級")
        number: Annotated[int, Strict(), Field(ge=1, le=99)] = Field(title="整理番号")
        principal: Annotated[list[StaffTerm], BeforeValidator(_staff_list), Field(max_length=3), OneOrList()] = Field(
            default=[], title="校長氏名", description="年度途中の交代は担当期間つきで複数"
        )
        teacher: Annotated[list[StaffTerm], BeforeValidator(_staff_list), Field(max_length=3), OneOrList()] = Field(
            default=[], title="学級担任者氏名", description="年度途中の交代は担当期間つきで複数"
        )
        if kind.descriptive:
            subjects: list[DescriptiveSubject] = Field(
                default=[], max_length=len(stage.descriptive_subjects), title="各教科の学習の記録（文章記述）"
            )
        else:
            # one of the two, chosen by the record kind; a type checker sees both definitions
            subjects: list[SubjectRecord] = Field(  # type: ignore[no-redef]
                default=[], max_length=len(stage.subjects), title="各教科の学習の記録"
            )
        moral: Annotated[str, *text_rules(200, multiline=True)] = Field(default="", title="特別の教科 道徳")
        if stage.foreign_activity_grades:
            foreign_activity: Annotated[str, *text_rules(200, multiline=True)] = Field(
                default="", title="外国語活動の記録"
            )
        integrated_study: IntegratedStudy | None = Field(default=None, title="総合的な学習の時間の記録")
        special_activities: list[ActivityMark] = Field(
            default=[], max_length=len(stage.activities), title="特別活動の記録"
        )
        behavior: list[CircleMark] = Field(default=[], max_length=10, title="行動の記録")
        if kind.special:
            independent_activity: Annotated[str, *text_rules(1500, multiline=True)] = Field(
                default="", title="自立活動の記録", description="指導の目標・内容・結果"
            )
        if kind.descriptive:
            exchange: Annotated[str, *text_rules(300, multiline=True)] = Field(
                default="", title="交流及び共同学習", description="交流学級・教科等・様子"
            )
        comments: Annotated[str, *text_rules(3000, multiline=True)] = Field(
            default="", title="総合所見及び指導上参考となる諸事項"
        )
        attendance: AttendanceTotals | None = Field(default=None, title="出欠の記録")

        @model_validator(mode="after")
        def _by_grade(self) -> "YearRecord":
            """教科は重複しない、その学年にない教科・特別活動の欄は斜線か空欄、評定は評定のある学年・教科だけ、
            外国語活動・総合的な学習の時間はその学年だけ、校長・学級担任の担当期間は年度内で順に重ならず、
            交代があれば担当開始日か終了日がある。"""
            rules.check_year(self, stage, kind)
            return self

    class Record(GuidanceRecordInput):
        school: School = Field(title="学校")
        student: Student = Field(title=pupil)
        guardian: Guardian = Field(title="保護者")
        show_alias: bool = Field(
            default=True,
            title="通称を併記する",
            description="氏名に通称（alias）があるとき「戸籍名（通称）」と印字（様式1・様式2の氏名欄、校長・担任）",
        )
        pre_enrollment: Annotated[str, *text_rules(50)] | None = Field(default=None, title="入学前の経歴")
        admission: Admission | None = Field(default=None, title="入学・編入学等")
        transfer_in: TransferIn | None = Field(default=None, title="転入学")
        leaving: Leaving | None = Field(default=None, title="転学・退学等")
        graduation_date: IsoDate | None = Field(default=None, title="卒業")
        next_school: Annotated[str, *text_rules(75)] | None = Field(default=None, title=stage.next_label)
        activity_viewpoint: Annotated[str, *text_rules(200, multiline=True)] = Field(
            default="", title="特別活動の記録の観点", description="学校が定める観点（全学年共通の1欄）"
        )
        if kind.special:
            disability_at_admission: Annotated[str, *text_rules(800, multiline=True)] = Field(
                default="", title="入学時の障害の状態"
            )
        copy_certification: CopyCertification | None = Field(
            default=None, title="写しの証明", description="転学先などへ送る写しのとき、各ページの下に証明を印字"
        )
        years: list[YearRecord] = Field(default=[], max_length=len(stage.grades), title="学年ごとの記録")

        @model_validator(mode="after")
        def _record(self) -> "Record":
            """学年の記録は学年・年度とも重複せず、学年が上がれば年度も後、各年度の学年は生年月日から決まる学年と合い
            （学齢と異なる学年の理由があれば照合しない）、
            入学は第1学年（途中からは編入学か転入学）で転入学と同じ学年にない、
            転入学・学校を去った日・卒業の日は入学より後、転学・退学した者に卒業の日はない、
            氏名・住所の変更は生年月日・前の変更より後。文章はこの様式の欄に収まること（印字と同じ方法で確かめる）。"""
            rules.check_record(self)
            check_fits(self)  # validation = printing: the form's own layout is fitted
            return self

    Record.stage, Record.kind, Record.form_id = stage, kind, form_id
    Record.__name__ = Record.__qualname__ = name
    Record.__doc__ = f"Input of the {stage.title}{kind.note} (`{form_id}`): 様式1 and 様式2."
    return Record
