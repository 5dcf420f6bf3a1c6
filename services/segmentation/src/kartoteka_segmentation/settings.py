"""Settings of the segmentation service (`KARTOTEKA_SEGMENTATION_*`)."""

from kartoteka_platform.settings import ServiceSettings
from pydantic_settings import SettingsConfigDict


class SegmentationSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="KARTOTEKA_SEGMENTATION_", extra="ignore")

    grpc_port: int = 50052
    metrics_port: int = 9102
    contacts_address: str = "127.0.0.1:50051"
    # One contact's re-evaluation is quick; a full rebuild of a 300,000-member group is not.
    incremental_timeout_seconds: float = 5.0
    full_timeout_seconds: float = 600.0
    # Events applied per inbox transaction (and per call to the contacts service).
    event_batch_size: int = 200
