"""Use cases of the contacts service; they never commit, the transport boundary does."""
