"""Applies the Alembic migrations to a database: `python -m clinic_assistant.db.migrate`."""
from __future__ import annotations

from alembic import command
from alembic.config import Config

from clinic_assistant.settings import PROJECT_ROOT, load_settings


def upgrade(url: str) -> None:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(config, "head")


if __name__ == "__main__":
    upgrade(load_settings().database_url)
