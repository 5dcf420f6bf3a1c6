"""Every SQL query of the contacts service."""
