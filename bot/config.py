"""Typed settings from environment variables or a `.env` file; built in main(), never at import."""

from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_API_BASE = "https://discord.com/api/v10"


class Config(BaseSettings):
    """How to reach Discord and where to keep the data (names fixed by PRODUCT.md)."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    token: SecretStr | None = Field(default=None, validation_alias=AliasChoices("DISCORD_TOKEN"))
    db_path: Path = Field(default=Path("data/leerkring.db"), validation_alias=AliasChoices("LEERKRING_DB"))
    log_level: str = Field(default="INFO", validation_alias=AliasChoices("LOG_LEVEL"))
    dev_guild: int | None = Field(default=None, validation_alias=AliasChoices("LEERKRING_DEV_GUILD"))
    api_base: str = Field(default=DEFAULT_API_BASE, validation_alias=AliasChoices("DISCORD_API_BASE"))
    gateway_url: str | None = Field(default=None, validation_alias=AliasChoices("DISCORD_GATEWAY_URL"))

    @field_validator("token", "dev_guild", "gateway_url", mode="before")
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
