"""What each subcommand does once Click has parsed its arguments (no Click here)."""
