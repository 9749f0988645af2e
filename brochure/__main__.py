"""`python -m brochure` runs the CLI."""

from brochure.cli import main

main()
