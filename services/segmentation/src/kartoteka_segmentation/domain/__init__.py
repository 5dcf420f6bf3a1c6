"""Smart-group rules and their rules; pure Python, no I/O."""
