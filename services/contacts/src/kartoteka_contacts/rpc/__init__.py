"""The contacts gRPC API: maps messages to use cases and back."""
