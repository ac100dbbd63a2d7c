"""``python -m tests.fuzz``: see :mod:`tests.fuzz.runner`."""

from .runner import main

raise SystemExit(main())
