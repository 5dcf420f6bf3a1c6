"""Settings shared by every Kartoteka process: where the infrastructure is and how to log."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class InfraSettings(BaseSettings):
    """Addresses of the shared infrastructure, read from `KARTOTEKA_*` variables."""

    model_config = SettingsConfigDict(env_prefix="KARTOTEKA_", extra="ignore")

    database_url: str = "postgresql://postgres@127.0.0.1:5432/kartoteka"
    nats_url: str = "nats://127.0.0.1:4222"
    redis_url: str = "redis://127.0.0.1:6379/0"
    log_level: str = "INFO"
    # Pool sizes are per process; 2 cores in dev, so small by default.
    database_pool_min: int = 1
    database_pool_max: int = 10


class ServiceSettings(BaseSettings):
    """Base of a service's own settings; subclasses set their own `KARTOTEKA_<SERVICE>_` prefix."""

    model_config = SettingsConfigDict(extra="ignore")

    infra: InfraSettings = Field(default_factory=InfraSettings)
    metrics_port: int = 9100
