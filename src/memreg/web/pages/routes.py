"""The public pages, each in its own module; this one puts them together."""

from __future__ import annotations

from fastapi import FastAPI

from memreg.web.pages.account_pages import router as account_router
from memreg.web.pages.api_docs import router as api_docs_router
from memreg.web.pages.assets import install_assets
from memreg.web.pages.duplicates_page import router as duplicates_router
from memreg.web.pages.edit_pages import router as edit_router
from memreg.web.pages.history_page import router as history_router
from memreg.web.pages.honours_page import router as honours_router
from memreg.web.pages.inspections_page import router as inspections_router
from memreg.web.pages.map_page import router as map_router
from memreg.web.pages.memorial_page import router as memorial_router
from memreg.web.pages.person_page import router as person_router
from memreg.web.pages.search_page import router as search_router
from memreg.web.pages.stats_page import router as stats_router


def install_pages(app: FastAPI) -> None:
    install_assets(app)
    # the edit pages first: /memorials/new is not the page of a memorial with id "new"
    routers = (edit_router, map_router, memorial_router, person_router, search_router,
               honours_router, stats_router, inspections_router, api_docs_router,
               account_router, history_router, duplicates_router)  # fmt: skip
    for router in routers:
        app.include_router(router)
