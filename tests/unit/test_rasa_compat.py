"""The fence around Rasa's private names (clinic_assistant/rasa_plugins/internals/compat.py).

Each name the plug-ins rely on must still exist in the installed Rasa, no code outside compat.py
may spell one, and the plug-ins must refuse to load on a Rasa version they were not checked for.
"""
from __future__ import annotations

import importlib
import inspect
import re
import subprocess
import sys

import pytest
from rasa.core.policies.memoization import MemoizationPolicy
from rasa.core.policies.rule_policy import RulePolicy
from rasa.core.policies.ted_policy import TEDPolicy
from rasa.shared.core.trackers import DialogueStateTracker

from clinic_assistant.rasa_plugins import policies
from clinic_assistant.rasa_plugins.internals import compat
from clinic_assistant.rasa_plugins.internals.rasa_version import UnsupportedRasaVersion, check_rasa_version
from clinic_assistant.settings import PROJECT_ROOT

PLUGINS = PROJECT_ROOT / "clinic_assistant" / "rasa_plugins"
COMPAT = PLUGINS / "internals" / "compat.py"


def _instance_of(owner):
    if owner is DialogueStateTracker:
        return DialogueStateTracker("someone", [])
    raise AssertionError(f"no instance recipe for {owner}")


def _label(private) -> str:
    return f"{getattr(private.owner, '__name__', private.owner)}.{private.name}"


@pytest.mark.parametrize("private", [*compat.PRIVATE_NAMES, *compat.INTERNAL_NAMES], ids=_label)
def test_each_listed_private_name_exists_in_the_installed_rasa(private):
    owner = _instance_of(private.owner) if private.on_instances else private.owner
    assert hasattr(owner, private.name), f"{_label(private)} is gone; it was used for {private.used_for}"


@pytest.mark.parametrize(("module", "text"), compat.CONTRACTS.items())
def test_each_contract_still_holds_in_rasas_source(module, text):
    assert text in inspect.getsource(importlib.import_module(module))


def test_no_plugin_outside_compat_spells_a_private_name():
    names = {p.name for p in compat.PRIVATE_NAMES}
    offenders = []
    for path in PLUGINS.rglob("*.py"):
        if path == COMPAT:
            continue
        source = path.read_text(encoding="utf-8")
        spelled = [name for name in names if re.search(rf"\b{name}\b", source)]
        offenders += [f"{path.relative_to(PROJECT_ROOT)}: {name}" for name in spelled]
    assert not offenders


@pytest.mark.parametrize("version", ["3.6.21", "3.6.22"])
def test_the_version_check_accepts_the_supported_versions(version):
    check_rasa_version(version)


@pytest.mark.parametrize("version", ["3.6.20", "3.7.0", "3.5.21", "4.0.0", "3.6.21rc1", "unknown"])
def test_the_version_check_refuses_any_other_version_with_a_clear_message(version):
    with pytest.raises(UnsupportedRasaVersion, match=rf"Rasa {re.escape(version)} is installed.*3\.6\.x"):
        check_rasa_version(version)


def test_the_installed_rasa_passes_the_check():
    compat.require_supported_rasa()


def test_a_plugin_refuses_to_load_on_another_rasa_version():
    # What Rasa does when it loads the NLG named in endpoints.yml, with Rasa 3.7 pretended.
    script = (
        "import importlib.metadata as metadata\n"
        "metadata.version = lambda name: '3.7.0' if name == 'rasa' else metadata.distribution(name).version\n"
        "import clinic_assistant.rasa_plugins.nlg\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "UnsupportedRasaVersion: Rasa 3.7.0 is installed" in done.stderr


@pytest.mark.parametrize(
    ("ours", "rasas"),
    [
        (policies.ClinicRulePolicy, RulePolicy),
        (policies.ClinicMemoizationPolicy, MemoizationPolicy),
        (policies.ClinicTEDPolicy, TEDPolicy),
    ],
)
def test_our_policies_have_names_of_their_own(ours, rasas):
    # Rasa's recipe registers components by class name: the same name would replace Rasa's entry.
    assert issubclass(ours, rasas) and ours.__name__ != rasas.__name__
