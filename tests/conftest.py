import os
from pathlib import Path

import pytest

from clinic_assistant.settings import PROJECT_ROOT, get_settings

# Tests never reach the internet and never use the developer's secrets or databases.
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")


@pytest.fixture(autouse=True)
def test_settings(monkeypatch, tmp_path):
    """Every test runs with test secrets and its own app database unless it sets another."""
    monkeypatch.setenv("ENV", "test")
    monkeypatch.setenv("RASA_API_TOKEN", "test-token-" + "x" * 32)
    monkeypatch.setenv("CONSOLE_SECRET_KEY", "test-secret-" + "x" * 32)
    monkeypatch.setenv("ACTION_SERVER_TOKEN", "test-action-token-" + "x" * 32)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/app.db")
    monkeypatch.delenv("SMTP_HOST", raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def model_path() -> Path:
    """The trained model for tests that need one: MODEL_PATH (make test sets it) or models/."""
    path = os.environ.get("MODEL_PATH")
    if not path:
        default = PROJECT_ROOT / "models" / "clinic.tar.gz"
        if not default.exists():
            pytest.fail("Set MODEL_PATH to a trained model (make test does), or run `make train` first.")
        path = str(default)
    return Path(path)
