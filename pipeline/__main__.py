"""``python -m teipipe`` is the ``teipipe`` command."""

from teipipe.cli import main

raise SystemExit(main())
