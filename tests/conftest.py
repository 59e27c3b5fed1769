"""Suite-wide settings.

Hypothesis: no per-example deadline. Examples that shape text or render a PDF take a few
milliseconds on an idle machine and much longer on a loaded 2-core CI runner; a deadline
would make the suite fail on machine load, not on behaviour. Example counts stay as each
test sets them.
"""

from hypothesis import settings

settings.register_profile("unified_forms", deadline=None)
settings.load_profile("unified_forms")
