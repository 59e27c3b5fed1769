"""The base of every input model: unknown keys refused, values frozen.

A validated input is a value the binding layer reads, never edits; a key the model does not know
is an error (a typo in an integration must not be silently ignored).
"""

from __future__ import annotations

from pydantic import (
    BaseModel,
    ConfigDict,
)


class InputModel(BaseModel):
    """Base of every input model: unknown keys are errors, values are immutable, text is untouched."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=False,
        str_to_lower=False,
        str_to_upper=False,
        coerce_numbers_to_str=False,
        validate_default=True,
    )
