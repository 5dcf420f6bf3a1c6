"""Print the gateway's OpenAPI document, built from the FastAPI app without starting anything."""

from __future__ import annotations

import json
import sys

from kartoteka_gateway.app import create_app
from kartoteka_gateway.settings import GatewaySettings

# Only signs tokens, which building the schema never does; the app's lifespan never runs.
_UNUSED_SECRET = "openapi-dump-" + "x" * 32


def main() -> None:
    app = create_app(GatewaySettings(token_secret=_UNUSED_SECRET))
    json.dump(app.openapi(), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
