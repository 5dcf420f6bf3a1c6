"""Events between services: the outbox that writes them, the relay, streams and the inbox."""
