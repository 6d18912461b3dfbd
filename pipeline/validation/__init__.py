"""The parts of ``teipipe validate``: loading, RELAX NG, XSD, explanations."""
