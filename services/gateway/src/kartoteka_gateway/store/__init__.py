"""Every SQL query of the gateway (staff credentials only)."""
