"""The segmentation gRPC API."""
