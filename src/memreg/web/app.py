"""The ASGI application, built by a factory from settings (never at import time)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI

from memreg import __version__
from memreg.services.register import open_register
from memreg.services.signin import SignInLimits
from memreg.settings import Settings
from memreg.store.engine import Store
from memreg.web.api.changes import router as changes_router
from memreg.web.api.duplicates import router as duplicates_router
from memreg.web.api.edits import router as edits_router
from memreg.web.api.exports import router as exports_router
from memreg.web.api.history import router as history_router
from memreg.web.api.inscriptions import router as inscriptions_router
from memreg.web.api.inspections import router as inspections_router
from memreg.web.api.map import router as map_router
from memreg.web.api.person_search import router as person_search_router
from memreg.web.api.photos import PHOTO_BODY_LIMIT, UPLOAD_PATH
from memreg.web.api.photos import router as photos_router
from memreg.web.api.reconcile import router as reconcile_router
from memreg.web.api.revert import router as revert_router
from memreg.web.api.routes import router as api_router
from memreg.web.api.strict import refuse_unknown_parameters
from memreg.web.auth import AuthGate
from memreg.web.cards import router as cards_router
from memreg.web.guards import BodyLimit, SecurityHeaders
from memreg.web.iiif import install_iiif
from memreg.web.linked_data import router as linked_data_router
from memreg.web.oai.routes import router as oai_router
from memreg.web.ogc.routes import router as ogc_router
from memreg.web.pages.routes import install_pages
from memreg.web.problems import install_problem_handlers
from memreg.web.ratelimit import RateLimiter


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """Build the app; pass `store` to serve an already open register (tests do)."""
    settings = settings or Settings()
    owned = store is None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            app.state.store.dispose()

    app = FastAPI(
        dependencies=[Depends(refuse_unknown_parameters)],
        title="memreg",
        version=__version__,
        description="The register of memorial heritage: memorials, graves and the names "
        "of the people they hold.",
        openapi_url="/api/openapi.json",
        docs_url=None,  # web/pages/api_docs.py serves it from local assets
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store = store or open_register(settings.database_url, settings.store_options())
    install_problem_handlers(app)
    app.include_router(person_search_router)  # before /api/persons/{id}
    app.include_router(api_router)
    app.include_router(edits_router)
    app.include_router(history_router)
    app.include_router(inscriptions_router)
    app.include_router(inspections_router)
    app.include_router(revert_router)
    app.include_router(duplicates_router)
    app.include_router(reconcile_router)
    app.include_router(exports_router)
    app.include_router(changes_router)
    app.include_router(ogc_router)
    app.include_router(oai_router)
    app.include_router(linked_data_router)  # before the pages: /memorials/{id}.jsonld
    app.include_router(cards_router)
    app.include_router(map_router)
    app.include_router(photos_router)
    install_iiif(app, settings.media_dir)
    install_pages(app)
    _install_middleware(app, settings)
    _publish_limits_in_openapi(app, settings)
    return app


def _install_middleware(app: FastAPI, settings: Settings) -> None:
    """From the inside out: credentials of writes, body size, rate limit, security headers
    (outermost, so every answer carries them, a 429 included)."""
    limits = SignInLimits(
        per_account=settings.signin_failures_per_account,
        per_address=settings.signin_failures_per_address,
        window_seconds=settings.signin_window_seconds,
    )
    app.add_middleware(
        AuthGate, router=app.router, store=app.state.store, limits=limits, settings=settings
    )
    app.add_middleware(
        BodyLimit,
        max_bytes=settings.max_body_bytes,
        larger=(("POST", UPLOAD_PATH, max(PHOTO_BODY_LIMIT, settings.max_body_bytes)),),
    )
    if settings.rate_limit_per_minute:
        app.add_middleware(
            RateLimiter,
            per_minute=settings.rate_limit_per_minute,
            burst=settings.rate_limit_burst,
            state_file=settings.rate_limit_state_file,
        )
    app.add_middleware(SecurityHeaders, tile_url=settings.tile_url)


def _publish_limits_in_openapi(app: FastAPI, settings: Settings) -> None:
    """The document states this register's limits, which come from its settings."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = build()
            for operations in document.get("paths", {}).values():
                for operation in operations.values():
                    for parameter in operation.get("parameters", []):
                        if parameter["name"] == "limit" and parameter["in"] == "query":
                            # a list's own smaller bound (e.g. /api/places) stands
                            parameter["schema"].setdefault("maximum", settings.page_size_max)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
