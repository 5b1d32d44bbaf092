"""What actions read from the process: settings and the clinic configuration."""
from __future__ import annotations

from clinic_assistant.clinic import ClinicConfig, load_clinic_config
from clinic_assistant.settings import get_action_settings


def clinic() -> ClinicConfig:
    return load_clinic_config(get_action_settings().clinic_config_path)
