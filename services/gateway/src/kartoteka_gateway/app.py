"""The gateway application: routes, problem handlers, middleware, and its lifespan."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from kartoteka_platform.db import Database
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

from kartoteka_gateway import SERVICE
from kartoteka_gateway.api import (
    auth,
    contact_search,
    contacts,
    custom_fields,
    duplicates,
    exports,
    groups,
    health,
    imports,
    jobs,
    rules,
    segmentation,
)
from kartoteka_gateway.api import settings as contact_settings
from kartoteka_gateway.clients import ServiceClients
from kartoteka_gateway.middleware import install_middleware
from kartoteka_gateway.problems import install_problem_handlers
from kartoteka_gateway.security.passwords import hash_password
from kartoteka_gateway.settings import GatewaySettings
from kartoteka_gateway.store.credentials import create_if_absent
from kartoteka_gateway.web import mount_web_ui

log = logging.getLogger(__name__)
# Routes reachable without a token. Everything else must declare `Authorize(...)`; a test
# walks the route table to hold every future route to that.
PUBLIC_PATHS = frozenset(
    {
        "/api/v1/auth/token",
        "/healthz",
        "/readyz",
        "/docs",
        "/docs/oauth2-redirect",
        "/openapi.json",
        "/redoc",
    }
)


def create_app(settings: GatewaySettings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        db = Database.from_settings(settings.infra, SERVICE)
        await db.open()
        clients = ServiceClients(settings.contacts_address, settings.segmentation_address)
        app.state.db = db
        app.state.clients = clients
        await _ensure_admin(db, settings)
        try:
            yield
        finally:
            await clients.close()
            await db.close()

    app = FastAPI(
        title="Kartoteka API",
        version="1.0.0",
        description="One database of every person and company a business deals with.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    install_problem_handlers(app)
    install_middleware(app)
    # Fixed paths under /api/v1/contacts/ (search, filter-fields, columns, export) come before
    # `contacts.router`: its GET /api/v1/contacts/{contact_id} would otherwise claim them.
    for router in (
        auth.router,
        contact_search.router,
        exports.router,
        contacts.router,
        custom_fields.router,
        duplicates.router,
        groups.router,
        jobs.router,
        imports.router,
        segmentation.router,
        rules.router,
        contact_settings.router,
        health.router,
    ):
        app.include_router(router)
    mount_web_ui(app)  # last: it answers every path outside /api/ that no route claimed
    # One span per request: the ASGI "receive" and "send" spans (two or three more per
    # request, one per body chunk) time nothing a JSON API needs and cost each request.
    FastAPIInstrumentor.instrument_app(
        app, excluded_urls="healthz,readyz", exclude_spans=["receive", "send"]
    )
    return app


async def _ensure_admin(db: Database, settings: GatewaySettings) -> None:
    """Create the first administrator from settings, once; an existing account is left alone."""
    if not settings.admin_email or not settings.admin_password:
        return
    async with db.transaction() as conn:
        created = await create_if_absent(
            conn,
            settings.admin_email,
            hash_password(settings.admin_password),
            ["*"],
            "Administrator",
        )
    if created:
        log.info("created the first administrator", extra={"email": settings.admin_email})
