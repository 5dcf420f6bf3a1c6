"""Serves the built web UI (`web/dist`) at `/`, with index.html for its client-side routes."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from fastapi import FastAPI
from starlette.exceptions import HTTPException
from starlette.responses import HTMLResponse, Response
from starlette.routing import Match, Mount
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

# Where the build is when it is not in the checkout (an image, a packaged install).
WEB_DIST_ENV = "KARTOTEKA_GATEWAY_WEB_DIST"
# services/gateway/src/kartoteka_gateway/web.py -> the repository root, in a checkout.
_CHECKOUT_DIST = Path(__file__).resolve().parents[4] / "web" / "dist"
_INDEX = "index.html"
# Vite names every file under assets/ by a hash of its content: a cached copy never goes stale.
_IMMUTABLE = "public, max-age=31536000, immutable"
# index.html names the current assets, so browsers must revalidate it (ETag) on every load.
_REVALIDATE = "no-cache"
_NOT_BUILT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Kartoteka: web UI not built</title></head>
<body style="font-family: sans-serif; max-width: 40rem; margin: 4rem auto">
<h1>The web UI is not built</h1>
<p>The gateway serves the web app from <code>{dist}</code>, which holds no
<code>index.html</code>. Build it with <code>make web-build</code> (Node.js 20.19 or newer),
then reload this page. The API works without it: see <a href="/docs">/docs</a>.</p>
</body></html>
"""


def web_dist_dir() -> Path:
    """The folder holding the built app: `$KARTOTEKA_GATEWAY_WEB_DIST`, else the checkout's."""
    configured = os.environ.get(WEB_DIST_ENV)
    return Path(configured) if configured else _CHECKOUT_DIST


def mount_web_ui(app: FastAPI, dist: Path | None = None) -> None:
    """Serve the web app for every path outside /api/; call it after every API router."""
    app.router.routes.append(_WebMount(WebApp(dist or web_dist_dir())))


class WebApp(StaticFiles):
    """The built files, index.html for any other page path, and a clear page when unbuilt."""

    def __init__(self, dist: Path) -> None:
        # The build may appear after the gateway starts (`make web-build` in another shell).
        super().__init__(directory=dist, check_dir=False)
        self.dist = dist

    async def check_config(self) -> None:
        """Checked on each request in `get_response` instead, so a later build is picked up."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        if not (self.dist / _INDEX).is_file():
            return HTMLResponse(_NOT_BUILT.format(dist=self.dist), status_code=503)
        try:
            response = await super().get_response(path, scope)
        except HTTPException as exc:
            if exc.status_code != 404 or _names_a_file(path):
                raise
            # A client-side route (/contacts/123): the app itself decides what it shows.
            response = await super().get_response(_INDEX, scope)
        is_asset = PurePosixPath(path).parts[:1] == ("assets",)
        response.headers["Cache-Control"] = _IMMUTABLE if is_asset else _REVALIDATE
        return response


class _WebMount(Mount):
    """The app at `/`, which never claims an /api/ path: an unknown API route stays a
    problem+json 404, and a known one called with the wrong method stays a 405."""

    def __init__(self, app: WebApp) -> None:
        super().__init__("/", app=app, name="web")

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] == "http" and _is_api_path(_route_path(scope)):
            return Match.NONE, {}
        return super().matches(scope)


def _route_path(scope: Scope) -> str:
    """The request path below the app's root path (a proxy may serve it under a prefix)."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    return path.removeprefix(root) if root else path


def _is_api_path(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


def _names_a_file(path: str) -> bool:
    """Whether the path asks for a file (`x.js`): a missing one is a 404, not the app page."""
    return "." in PurePosixPath(path).name
