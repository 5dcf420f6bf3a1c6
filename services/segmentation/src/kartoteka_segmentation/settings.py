"""Settings of the segmentation service (`KARTOTEKA_SEGMENTATION_*`)."""

from kartoteka_platform.settings import ServiceSettings
from pydantic_settings import SettingsConfigDict


class SegmentationSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="KARTOTEKA_SEGMENTATION_", extra="ignore")

    grpc_port: int = 50052
    metrics_port: int = 9102
