"""Every setting of memreg, declared once with its help text; read from MEMREG_* variables."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from memreg.store.options import StoreOptions

DEVELOPMENT_SECRET = "development-only-secret-change-me"  # noqa: S105


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MEMREG_", extra="ignore")

    database_url: str = Field(
        "sqlite:///./memreg.db",
        description="Where the register lives: sqlite:///path/to/file.db or "
        "postgresql://user@host:5432/dbname",
    )
    environment: Literal["development", "production"] = Field(
        "development", description="production refuses the development secret key"
    )
    secret_key: str = Field(
        DEVELOPMENT_SECRET,
        description="Signs the CSRF tokens of the site's forms; set your own in production",
    )
    pool_size: int = Field(5, ge=1, le=100, description="Database connections kept per process")
    sqlite_synchronous: Literal["full", "normal"] = Field(
        "full",
        description="SQLite durability: full (every acknowledged write survives a power cut) "
        "or normal (faster writes; the last commits before a power cut may be lost)",
    )
    sqlite_cache_mb: int = Field(
        64, ge=2, le=65_536,
        description="SQLite page cache per connection, in MB: raise it (e.g. 4096) for imports "
        "of millions of rows into a large register, whose indexes then stay in memory",
    )  # fmt: skip
    sqlite_busy_timeout_ms: int = Field(
        15_000, ge=0, le=600_000, description="How long a SQLite writer waits for another's lock"
    )
    page_size_max: int = Field(
        1000, ge=10, le=10_000, description="Largest `limit` a list in the API accepts"
    )
    rate_limit_per_minute: int = Field(
        1200,
        ge=0,
        description="API requests a minute allowed to one client address on "
        "average (0: no limit, e.g. behind a proxy that limits)",
    )
    rate_limit_burst: int = Field(
        300, ge=1, description="Requests one client may make at once before the limit applies"
    )
    rate_limit_state_file: str = Field(
        "",
        description="A file through which the worker processes of one server share the rate "
        "limit; `memreg serve --workers N` makes one (empty: each process counts alone)",
    )
    max_body_bytes: int = Field(
        1_048_576,
        ge=1024,
        le=100_000_000,
        description="Largest request body accepted (413 beyond, refused before it is read)",
    )
    signin_failures_per_account: int = Field(
        10, ge=1, description="Failed sign-ins one account may have in a window before 429"
    )
    signin_failures_per_address: int = Field(
        50, ge=1, description="Failed sign-ins one client address may have in a window before 429"
    )
    signin_window_seconds: int = Field(
        900, ge=1, description="The window over which failed sign-ins are counted"
    )
    session_days: float = Field(
        14, gt=0, le=365, description="A browser session ends after this many days unused"
    )
    cookie_secure: bool = Field(
        True,
        description="Send the session cookie over HTTPS only (browsers treat localhost as "
        "secure; turn off only for a test server reached over plain HTTP by another name)",
    )
    signups_per_address: int = Field(
        5, ge=1, description="New accounts one client address may make an hour before 429"
    )
    proposals_per_hour: int = Field(
        30, ge=1, description="Proposals one account may send an hour before 429"
    )
    tile_url: str = Field(
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        description="Map tiles for the public pages; empty for a map without a base layer",
    )
    tile_attribution: str = Field(
        "&copy; OpenStreetMap contributors", description="Credit shown for the map tiles"
    )
    media_dir: str = Field(
        "./media",
        description="Folder of the register's media files (photos), named by the media "
        "records' file_name; record cards print a memorial's first photo found there",
    )
    oai_repository_name: str = Field(
        "memreg: register of memorial heritage",
        description="The repository's name in OAI-PMH Identify",
    )
    oai_admin_email: str = Field(
        "registrar@memreg.example",
        pattern=r"^\S+@(\S+\.)+\S+$",
        description="Who answers for the OAI-PMH repository (Identify's adminEmail)",
    )
    oai_namespace: str = Field(
        "memreg.example",
        pattern=r"^[A-Za-z][A-Za-z0-9\-]*(\.[A-Za-z][A-Za-z0-9\-]*)+$",
        description="The domain name in OAI-PMH identifiers: oai:NAMESPACE:memorial/ID",
    )
    default_language: Literal["ru", "be", "en"] = Field(
        "en",
        description="Language of the pages when neither ?lang=, the language switch nor the "
        "browser's Accept-Language names one of ru, be, en",
    )
    node_modules: str = Field(
        "",
        description="Folder of the npm packages the pages use (world-atlas, topojson-client); "
        "empty: node_modules beside the source tree, where make install puts them",
    )
    contact_email: str = Field(
        "",
        description='Address the "suggest a correction" links write to; empty: the link says '
        "that corrections are not yet taken online",
    )

    def store_options(self) -> StoreOptions:
        return StoreOptions(
            pool_size=self.pool_size,
            sqlite_synchronous=self.sqlite_synchronous,
            sqlite_cache_mb=self.sqlite_cache_mb,
            sqlite_busy_timeout_ms=self.sqlite_busy_timeout_ms,
        )

    @model_validator(mode="after")
    def _refuse_default_secret(self) -> Settings:
        if self.environment == "production" and self.secret_key == DEVELOPMENT_SECRET:
            raise ValueError("MEMREG_SECRET_KEY must be set in production")
        return self
