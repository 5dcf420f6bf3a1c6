"""Settings of the contacts service (`KARTOTEKA_CONTACTS_*`)."""

from kartoteka_platform.settings import ServiceSettings
from pydantic_settings import SettingsConfigDict


class ContactsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="KARTOTEKA_CONTACTS_", extra="ignore")

    grpc_port: int = 50051
    metrics_port: int = 9101
    # Region assumed for phone numbers written without a country prefix.
    default_phone_region: str = "PL"
    # The largest spreadsheet an import accepts: a 1,000,000-row, 15-column XLSX is ~90 MiB.
    max_upload_bytes: int = 512 * 1024 * 1024
