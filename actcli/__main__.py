"""`python -m actcli` runs the command line."""

from actcli.launcher import main

main()
