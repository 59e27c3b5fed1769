"""``python -m unified_forms`` is the same as the ``unified-forms`` command."""

import sys

from unified_forms.cli import main

sys.exit(main())
