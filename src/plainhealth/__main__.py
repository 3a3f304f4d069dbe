"""`python -m plainhealth` runs the command line."""

from plainhealth.cli import main

main()
