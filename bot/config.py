"""Typed settings from environment variables or a `.env` file; built in main(), never at import."""

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_API_BASE = "https://discord.com/api/v10"
MAX_PORT = 65535


@dataclass(frozen=True)
class HttpAddress:
    """Where the web endpoint listens: `host:port` (port 0 picks a free one)."""

    host: str
    port: int

    @classmethod
    def parse(cls, value: str) -> "HttpAddress":
        """Read `host:port` (an IPv6 host in brackets: `[::1]:8080`); raise ValueError when it is not one."""
        host, colon, port = value.strip().rpartition(":")
        host = host.removeprefix("[").removesuffix("]")
        if not colon or not host or not port.isdigit() or not 0 <= int(port) <= MAX_PORT:
            raise ValueError("LEERKRING_HTTP must be host:port, e.g. 127.0.0.1:8080")
        return cls(host, int(port))


class Config(BaseSettings):
    """How to reach Discord and where to keep the data (names fixed by PRODUCT.md)."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    token: SecretStr | None = Field(default=None, validation_alias=AliasChoices("DISCORD_TOKEN"))
    db_path: Path = Field(default=Path("data/leerkring.db"), validation_alias=AliasChoices("LEERKRING_DB"))
    log_level: str = Field(default="INFO", validation_alias=AliasChoices("LOG_LEVEL"))
    dev_guild: int | None = Field(default=None, validation_alias=AliasChoices("LEERKRING_DEV_GUILD"))
    api_base: str = Field(default=DEFAULT_API_BASE, validation_alias=AliasChoices("DISCORD_API_BASE"))
    gateway_url: str | None = Field(default=None, validation_alias=AliasChoices("DISCORD_GATEWAY_URL"))
    http: HttpAddress | None = Field(default=None, validation_alias=AliasChoices("LEERKRING_HTTP"))
    public_url: str | None = Field(default=None, validation_alias=AliasChoices("LEERKRING_PUBLIC_URL"))
    shards: int | None = Field(default=None, ge=1, validation_alias=AliasChoices("LEERKRING_SHARDS"))
    """How many gateway shards to run; unset: as many as Discord's GET /gateway/bot recommends."""

    @field_validator("token", "dev_guild", "gateway_url", "public_url", "shards", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return level

    @field_validator("api_base")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @field_validator("http", mode="before")
    @classmethod
    def _host_and_port(cls, value: object) -> HttpAddress | None:
        # pydantic-settings reads a bare "8080" as JSON (a number) first: every value is read as text here
        if value is None or isinstance(value, HttpAddress):
            return value
        text = str(value)
        return HttpAddress.parse(text) if text.strip() else None

    @field_validator("public_url")
    @classmethod
    def _absolute_web_address(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value.strip())
        if parts.scheme not in {"http", "https"} or not parts.netloc or parts.query or parts.fragment:
            raise ValueError("LEERKRING_PUBLIC_URL must be an http(s) address such as https://leerkring.example.nl")
        return value.strip().rstrip("/")
