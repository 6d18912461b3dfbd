"""One module per ``teipipe`` subcommand: ``HELP``, ``add_arguments(parser)``, ``run(args)``."""
