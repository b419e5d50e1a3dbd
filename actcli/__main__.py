"""`python -m actcli` runs the command line."""

from actcli.cli import main

main()
