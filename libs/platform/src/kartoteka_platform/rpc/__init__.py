"""gRPC plumbing: the server every service runs and the channels the gateway dials."""
