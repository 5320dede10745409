from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.__main__ import main
from bot.config import DEFAULT_API_BASE, Config, HttpAddress

NAMES = (
    "DISCORD_TOKEN",
    "LEERKRING_DB",
    "LOG_LEVEL",
    "LEERKRING_DEV_GUILD",
    "DISCORD_API_BASE",
    "DISCORD_GATEWAY_URL",
    "LEERKRING_HTTP",
    "LEERKRING_PUBLIC_URL",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def test_defaults() -> None:
    config = Config()
    assert config.token is None
    assert config.db_path == Path("data/leerkring.db")
    assert (config.log_level, config.dev_guild, config.api_base, config.gateway_url) == (
        "INFO",
        None,
        DEFAULT_API_BASE,
        None,
    )
    assert (config.http, config.public_url) == (None, None)


def test_dotenv_file_is_read_and_environment_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        "DISCORD_TOKEN=from-file\nLEERKRING_DB=/tmp/x.db\nLOG_LEVEL=debug\nLEERKRING_DEV_GUILD=123\n"
        "DISCORD_API_BASE=http://127.0.0.1:9/api/v10/\nDISCORD_GATEWAY_URL=ws://127.0.0.1:9/gateway\n"
    )
    monkeypatch.setenv("LEERKRING_DEV_GUILD", "456")
    config = Config()
    assert config.token is not None and config.token.get_secret_value() == "from-file"
    assert "from-file" not in repr(config)
    assert config.db_path == Path("/tmp/x.db")
    assert config.log_level == "DEBUG"
    assert config.dev_guild == 456
    assert config.api_base == "http://127.0.0.1:9/api/v10"
    assert config.gateway_url == "ws://127.0.0.1:9/gateway"


def test_empty_values_count_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", " ")
    monkeypatch.setenv("LEERKRING_DEV_GUILD", "")
    monkeypatch.setenv("LEERKRING_HTTP", " ")
    monkeypatch.setenv("LEERKRING_PUBLIC_URL", "")
    config = Config()
    assert config.token is None and config.dev_guild is None
    assert config.http is None and config.public_url is None


@pytest.mark.parametrize(("name", "value"), [("LEERKRING_DEV_GUILD", "abc"), ("LOG_LEVEL", "LOUD")])
def test_bad_values_are_refused(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError, match=name):
        Config()


@pytest.mark.parametrize(
    ("value", "address"),
    [
        ("127.0.0.1:8080", HttpAddress("127.0.0.1", 8080)),
        ("[::1]:0", HttpAddress("::1", 0)),
        (" 0.0.0.0:9 ", HttpAddress("0.0.0.0", 9)),
    ],
)
def test_the_web_endpoints_address_is_host_and_port(
    monkeypatch: pytest.MonkeyPatch, value: str, address: HttpAddress
) -> None:
    monkeypatch.setenv("LEERKRING_HTTP", value)
    monkeypatch.setenv("LEERKRING_PUBLIC_URL", "https://leerkring.example.nl/")
    config = Config()
    assert (config.http, config.public_url) == (address, "https://leerkring.example.nl")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("LEERKRING_HTTP", "8080"),
        ("LEERKRING_HTTP", "localhost"),
        ("LEERKRING_HTTP", ":8080"),
        ("LEERKRING_HTTP", "127.0.0.1:http"),
        ("LEERKRING_HTTP", "127.0.0.1:65536"),
        ("LEERKRING_PUBLIC_URL", "leerkring.example.nl"),
        ("LEERKRING_PUBLIC_URL", "ftp://leerkring.example.nl"),
        ("LEERKRING_PUBLIC_URL", "https://leerkring.example.nl/?x=1"),
    ],
)
def test_a_bad_web_setting_is_a_clear_startup_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError, match=name):
        Config()
    assert main(["check"]) == 2
    assert f"configuration: {name}: Value error, {name} must be" in capsys.readouterr().err
