"""`python -m lextrack` runs the command line."""

from lextrack.cli import main

main()
