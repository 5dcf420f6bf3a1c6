"""The events the contacts service emits, as protobuf payloads on `kartoteka.contacts.*`."""
