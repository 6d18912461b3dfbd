"""Exchange with other projects: split FRUS volumes, export CMIF and stand-off JSON."""
