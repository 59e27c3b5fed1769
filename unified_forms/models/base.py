"""The base of every input model: unknown keys refused, values frozen, every string bounded.

A validated input is a value the binding layer reads, never edits; a key the model does not know
is an error (a typo in an integration must not be silently ignored). No string is unbounded:
fields declare their own limit (text.text_type, in graphemes), and ``MAX_TEXT_CODEPOINTS`` caps
every other string, checked before any Python validator runs (10 M characters used to cost 44 s
and 3.8 GB before failing) and stated as ``maxLength`` in the JSON Schema.
"""

from __future__ import annotations

from pydantic import (
    BaseModel,
    ConfigDict,
)

# The longest text a form takes is 3,000 characters (graphemes); a grapheme is at most a few code
# points (base + IVS selector is 2), so 4 per grapheme bounds any legitimate field.
CODEPOINTS_PER_GRAPHEME = 4
MAX_TEXT_CODEPOINTS = 3000 * CODEPOINTS_PER_GRAPHEME


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
        str_max_length=MAX_TEXT_CODEPOINTS,
    )
