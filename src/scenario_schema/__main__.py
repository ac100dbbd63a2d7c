"""``python -m scenario_schema``: the ``scenario-schema`` command."""

import sys

from .cli import main

sys.exit(main())
