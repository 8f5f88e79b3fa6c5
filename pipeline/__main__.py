"""`python -m pipeline` is the `bulletin` command."""

from pipeline.cli import main

main()
