"""The contact model and its rules; pure Python, no I/O."""
