"""Authentication (passwords, bearer tokens) and the permission check every route declares."""
