"""``python -m pipeline`` is the ``teipipe`` command."""

from pipeline.cli import main

raise SystemExit(main())
