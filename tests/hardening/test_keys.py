"""Keys: a random one kept in the instance folder for make run, none public in production,
and receipts signed with a key of their own."""

from datetime import UTC, datetime

import pytest

from app import create_app
from app.sync.receipts import make_receipt, verify_receipt
from config import PUBLIC_DEV_KEY, Config, ProductionConfig


def _dev_app(folder, monkeypatch):
    """The development config (make run) with no key in the environment."""
    config = type(
        "Dev",
        (Config,),
        {
            "SECRET_KEY": None,
            "RECEIPT_KEY": None,
            "KEY_FOLDER": str(folder),
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
        },
    )
    return create_app(config)


def test_make_run_keeps_a_random_key_in_the_instance_folder(tmp_path, monkeypatch):
    first = _dev_app(tmp_path, monkeypatch)
    secret, receipt = first.config["SECRET_KEY"], first.config["RECEIPT_KEY"]
    assert secret != PUBLIC_DEV_KEY and len(secret) >= 40
    assert receipt != secret and len(receipt) >= 40
    assert (tmp_path / "secret_key").read_text().strip() == secret
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0  # only the owner reads it
    again = _dev_app(tmp_path, monkeypatch)  # the next make run: same keys, sessions survive
    assert (again.config["SECRET_KEY"], again.config["RECEIPT_KEY"]) == (secret, receipt)
    other = _dev_app(tmp_path / "elsewhere", monkeypatch)
    assert other.config["SECRET_KEY"] != secret


@pytest.mark.parametrize(
    "secret,receipt,missing",
    [
        (None, "r" * 40, "SECRET_KEY"),
        ("s" * 40, None, "RECEIPT_KEY"),
        (PUBLIC_DEV_KEY, "r" * 40, "SECRET_KEY"),
        ("s" * 40, "short", "RECEIPT_KEY"),
        ("same" * 10, "same" * 10, "RECEIPT_KEY"),
    ],
)
def test_production_refuses_a_missing_or_public_key(monkeypatch, secret, receipt, missing):
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    for name, value in (("SECRET_KEY", secret), ("RECEIPT_KEY", receipt)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    with pytest.raises(RuntimeError, match=missing):
        ProductionConfig()


def test_production_starts_with_real_keys(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("RECEIPT_KEY", "r" * 40)
    config = ProductionConfig()
    assert (config.SECRET_KEY, config.RECEIPT_KEY) == ("s" * 40, "r" * 40)


def test_receipts_do_not_depend_on_the_session_key(app):
    at = datetime(2026, 12, 4, 8, 0, tzinfo=UTC)
    code = make_receipt("rec-1", 3, at)
    app.config["SECRET_KEY"] = "a session key an attacker learnt"
    assert verify_receipt("rec-1", code) is not None  # still valid: not signed with it
    receipt_key = app.config["RECEIPT_KEY"]
    app.config["RECEIPT_KEY"] = app.config["SECRET_KEY"]
    forged = make_receipt("rec-1", 4, at)  # what the holder of the session key could sign
    app.config["RECEIPT_KEY"] = receipt_key
    assert verify_receipt("rec-1", forged) is None


def test_app_env_test_refuses_to_serve(monkeypatch):
    """Issue 23, item 11: APP_ENV=test served with the test config's public keys."""
    monkeypatch.setenv("APP_ENV", "test")
    with pytest.raises(RuntimeError, match="APP_ENV"):
        create_app()


def test_development_refuses_one_key_for_sessions_and_receipts(tmp_path, monkeypatch):
    """Issue 23, item 11: development accepted SECRET_KEY == RECEIPT_KEY."""
    config = type(
        "Dev",
        (Config,),
        {
            "SECRET_KEY": "same" * 10,
            "RECEIPT_KEY": "same" * 10,
            "KEY_FOLDER": str(tmp_path),
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
        },
    )
    with pytest.raises(RuntimeError, match="RECEIPT_KEY must differ"):
        create_app(config)
