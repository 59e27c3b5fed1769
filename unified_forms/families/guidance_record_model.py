"""Input pieces every 指導要録 variant shares (小・中, and the 特別支援学級 variants).

The binding side of the family is ``guidance_record.py``; these models are imported by each
variant's own model, never the other way round.
"""

from __future__ import annotations

from pydantic import Field

from unified_forms.models.common import InputModel, text_type


class IntegratedStudy(InputModel):
    activity: text_type(80, multiline=True) = Field(default="", title="学習活動")  # type: ignore[valid-type]
    viewpoint: text_type(80, multiline=True) = Field(default="", title="観点")  # type: ignore[valid-type]
    evaluation: text_type(150, multiline=True) = Field(default="", title="評価")  # type: ignore[valid-type]
