"""Settings of the gateway (`KARTOTEKA_GATEWAY_*`, and `KARTOTEKA_ADMIN_*` for the first admin)."""

from kartoteka_platform.settings import ServiceSettings
from pydantic import AliasChoices, Field
from pydantic_settings import SettingsConfigDict


class GatewaySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="KARTOTEKA_GATEWAY_", extra="ignore")

    port: int = 8000
    host: str = "0.0.0.0"
    metrics_port: int = 9100
    contacts_address: str = "127.0.0.1:50051"
    segmentation_address: str = "127.0.0.1:50052"
    # Signs bearer tokens; every gateway replica must share it.
    token_secret: str = Field(min_length=32)
    token_ttl_seconds: int = 8 * 3600
    # Deadline of one internal call: a slow or dead service answers 503/504, never a hang.
    rpc_timeout_seconds: float = 3.0
    # Starting a bulk job freezes its selection in the request: every card a filter selects is
    # written to the job before it answers (a few seconds for a million cards on 2 cores).
    job_start_timeout_seconds: float = 60.0
    # Spreadsheet uploads stream through to the contacts service, which keeps its own limit
    # (KARTOTEKA_CONTACTS_MAX_UPLOAD_BYTES, also 512 MiB); every other body stays under 2 MiB.
    max_upload_bytes: int = 512 * 1024 * 1024
    admin_email: str | None = Field(
        default=None, validation_alias=AliasChoices("KARTOTEKA_ADMIN_EMAIL")
    )
    admin_password: str | None = Field(
        default=None, validation_alias=AliasChoices("KARTOTEKA_ADMIN_PASSWORD")
    )
