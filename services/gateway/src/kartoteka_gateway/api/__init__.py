"""REST routes of the gateway, grouped by resource."""
