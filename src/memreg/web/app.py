"""The ASGI application, built by a factory from settings (never at import time)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from memreg import __version__
from memreg.services.register import open_register
from memreg.settings import Settings
from memreg.store.engine import Store
from memreg.web.api.edits import router as edits_router
from memreg.web.api.history import router as history_router
from memreg.web.api.routes import router as api_router
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
        title="memreg",
        version=__version__,
        description="The register of memorial heritage: memorials, graves and the names "
        "of the people they hold.",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store = store or open_register(settings.database_url, settings.store_options())
    install_problem_handlers(app)
    app.include_router(api_router)
    app.include_router(edits_router)
    app.include_router(history_router)
    install_pages(app)
    if settings.rate_limit_per_minute:
        app.add_middleware(
            RateLimiter, per_minute=settings.rate_limit_per_minute, burst=settings.rate_limit_burst
        )
    return app
