"""`python -m brochure` runs the CLI."""

from .cli import main

main()
