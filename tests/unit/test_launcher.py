"""The launcher (clinic_assistant/launcher.py): the commands `make run` runs, and the supervision
of real (tiny) processes: health checks, back-off restarts, giving up, stopping a process group."""
from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml

from clinic_assistant import launcher
from clinic_assistant.launcher import Backoff, Service, ServiceFailed, Supervisor
from clinic_assistant.settings import PROJECT_ROOT, SettingsError, load_settings

SECRETS = {"RASA_API_TOKEN": "t" * 40, "CONSOLE_SECRET_KEY": "s" * 40, "ACTION_SERVER_TOKEN": "a" * 40}
RASA = str(Path(sys.executable).with_name("rasa"))
QUICK = Backoff(first_delay=0.1, factor=2, max_delay=1, fast_crash_seconds=5, max_fast_crashes=4)


def python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def settle(predicate, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "the condition did not come true in time"
        time.sleep(0.05)


# -- settings: the origins Rasa's --cors lets in ----------------------------------------------------

def test_allowed_origins_default_to_the_web_apps_own_origin():
    assert load_settings({**SECRETS, "WEB_PORT": "8123"}).allowed_origins == ("http://localhost:8123",)


def test_allowed_origins_are_a_comma_separated_list_of_http_origins():
    settings = load_settings({**SECRETS, "ALLOWED_ORIGINS": "https://clinic.example, http://localhost:8000"})
    assert settings.allowed_origins == ("https://clinic.example", "http://localhost:8000")
    with pytest.raises(SettingsError, match="ALLOWED_ORIGINS"):
        load_settings({**SECRETS, "ALLOWED_ORIGINS": "clinic.example"})


# -- commands ---------------------------------------------------------------------------------------

def test_the_rasa_command_has_the_model_port_token_files_interface_and_origins():
    command = launcher.rasa_command(
        model=Path("/m/clinic.tar.gz"), port=5005, api_token="tok", interface="127.0.0.1",
        credentials=Path("/c.yml"), endpoints=Path("/e.yml"), cors=["http://a", "https://b"],
    )
    assert command == [
        RASA, "run", "--model", "/m/clinic.tar.gz", "--port", "5005", "--enable-api", "--auth-token", "tok",
        "--interface", "127.0.0.1", "--credentials", "/c.yml", "--endpoints", "/e.yml", "--cors", "http://a", "https://b",
    ]


def test_the_rasa_command_leaves_out_what_is_not_given():
    command = launcher.rasa_command(model=Path("m"), port=1, api_token="tok", credentials=None, endpoints=None)
    assert not {"--interface", "--credentials", "--endpoints", "--cors"} & set(command)


def test_make_run_starts_rasa_the_action_server_behind_its_gateway_and_the_web_app(tmp_path):
    settings = load_settings({**SECRETS, "RASA_PORT": "6005", "ACTIONS_PORT": "6055", "WEB_PORT": "6080",
                              "ALLOWED_ORIGINS": "https://clinic.example"})
    services = launcher.local_services(settings, model=Path("/m.tar.gz"), environ={"PATH": "/bin"},
                                       action_server_port=6056, log_dir=tmp_path)
    assert list(services) == ["actions", "action_gateway", "rasa", "web", "escalation"]
    rasa, actions, gateway, web = (services[name] for name in ("rasa", "actions", "action_gateway", "web"))
    assert rasa.command == launcher.rasa_command(model=Path("/m.tar.gz"), port=6005, api_token="t" * 40,
                                                 interface="127.0.0.1", cors=["https://clinic.example"])
    assert rasa.command[rasa.command.index("--endpoints") + 1] == str(PROJECT_ROOT / "endpoints.yml")
    assert actions.command == [sys.executable, "-m", "clinic_assistant.action_server", "--port", "6056"]
    assert gateway.command == [sys.executable, "-m", "clinic_assistant.action_gateway", "--port", "6055",
                               "--upstream-port", "6056"]
    assert web.command == [sys.executable, "-m", "clinic_assistant.web"]
    # Rasa's endpoints.yml names ACTIONS_PORT: the gateway's port, not the action server's.
    assert rasa.env["ACTIONS_PORT"] == "6055" and rasa.env["RASA_TELEMETRY_ENABLED"] == "false"
    assert rasa.env["PATH"] == "/bin"
    # Rasa sends the action server's token (endpoints.yml); the action server and gateway check it.
    assert rasa.env["ACTION_SERVER_TOKEN"] == actions.env["ACTION_SERVER_TOKEN"] == settings.action_server_token
    assert [s.name for s in services.values() if s.restart_on_crash] == ["actions", "action_gateway", "web",
                                                                           "escalation"]
    assert services["escalation"].command == [sys.executable, "-m", "clinic_assistant.review.escalation_worker"]
    assert services["escalation"].health_url is None
    assert (rasa.health_url, actions.health_url) == ("http://127.0.0.1:6005/", "http://127.0.0.1:6056/health")
    assert rasa.log == tmp_path / "rasa.log"
    endpoints = yaml.safe_load((PROJECT_ROOT / "endpoints.yml").read_text())
    assert endpoints["action_endpoint"]["url"] == "http://localhost:${ACTIONS_PORT}/webhook"
    assert endpoints["action_endpoint"]["headers"] == {"Authorization": "Bearer ${ACTION_SERVER_TOKEN}"}


# -- one process --------------------------------------------------------------------------------

def test_wait_healthy_waits_for_an_http_200_from_the_health_url(tmp_path):
    port = launcher.free_port()
    server = Service("http", [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"], os.environ,
                     f"http://127.0.0.1:{port}/", tmp_path / "http.log", cwd=tmp_path)
    with_started(server, lambda: launcher.wait_healthy(server, timeout=30))
    assert not server.running


def test_wait_healthy_fails_at_once_with_the_log_when_the_process_exits(tmp_path):
    doomed = Service("doomed", python("import sys; print('no model here'); sys.exit(3)"), os.environ,
                     f"http://127.0.0.1:{launcher.free_port()}/", tmp_path / "doomed.log")
    launcher.start(doomed)
    started = time.monotonic()
    with pytest.raises(ServiceFailed, match=r"doomed exited with 3:[\s\S]*no model here"):
        launcher.wait_healthy(doomed, timeout=60)
    assert time.monotonic() - started < 10


def test_stop_ends_the_whole_process_group_and_kills_what_ignores_sigterm(tmp_path):
    grandchild_pid = tmp_path / "grandchild.pid"
    stubborn = Service("stubborn", python(
        "import signal, subprocess, sys, time\n"
        "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        f"child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        f"open({str(grandchild_pid)!r}, 'w').write(str(child.pid))\n"
        "time.sleep(60)\n"
    ), os.environ, log=tmp_path / "stubborn.log")
    launcher.start(stubborn)
    settle(lambda: grandchild_pid.exists() and grandchild_pid.read_text())
    started = time.monotonic()
    launcher.stop(stubborn, timeout=1)
    assert stubborn.process.returncode == -9 and time.monotonic() - started < 10
    settle(lambda: not alive(int(grandchild_pid.read_text())))


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def with_started(service: Service, body) -> None:
    launcher.start(service)
    try:
        body()
    finally:
        launcher.stop(service)


# -- supervision --------------------------------------------------------------------------------

class Supervised:
    """A Supervisor running in a thread, with what it said."""

    def __init__(self, *services: Service, backoff: Backoff = QUICK) -> None:
        self.lines: list[str] = []
        self.services = services
        self.supervisor = Supervisor(services, backoff, say=self.lines.append, poll_seconds=0.05)
        self.exit_code: int | None = None
        launcher.start_all(services, timeout=30)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        self.exit_code = self.supervisor.run()

    def said(self, fragment: str) -> bool:
        return any(fragment in line for line in self.lines)

    def finish(self) -> int | None:
        self.supervisor.request_stop()
        self.thread.join(timeout=30)
        assert not self.thread.is_alive()
        return self.exit_code


def sleeper(name: str, tmp_path: Path, **kwargs) -> Service:
    return Service(name, python("import time; time.sleep(120)"), os.environ, log=tmp_path / f"{name}.log", **kwargs)


def test_a_crashed_service_is_restarted_and_the_restart_is_logged_with_name_exit_code_and_delay(tmp_path):
    marker = tmp_path / "crashed-once"
    # Crashes the first time, stays up the second.
    flaky = Service("actions", python(
        f"import pathlib, sys, time\nm = pathlib.Path({str(marker)!r})\n"
        "if not m.exists():\n    m.touch(); time.sleep(0.3); sys.exit(7)\ntime.sleep(120)\n"
    ), os.environ, log=tmp_path / "actions.log", restart_on_crash=True)
    rasa = sleeper("rasa", tmp_path)
    run = Supervised(flaky, rasa)
    first_pid = flaky.pid
    settle(lambda: run.said("actions: healthy again."))
    assert run.lines[0] == "actions stopped with exit code 7; restarting in 0.1s."
    assert run.lines[1].startswith("actions: restarted (pid ")
    assert flaky.running and flaky.pid != first_pid and rasa.running
    assert run.finish() == 0
    assert not flaky.running and not rasa.running and run.lines[-1] == "All servers stopped."


def test_fast_crashes_in_a_row_back_off_exponentially_then_give_up_and_stop_everything(tmp_path):
    crasher = Service("web", python("import time, sys; time.sleep(0.2); sys.exit(3)"), os.environ,
                      log=tmp_path / "web.log", restart_on_crash=True)
    rasa = sleeper("rasa", tmp_path)
    run = Supervised(crasher, rasa)
    run.thread.join(timeout=30)
    assert run.exit_code == 3 and not rasa.running
    delays = [line.split("restarting in ")[1] for line in run.lines if "restarting in" in line]
    assert delays == ["0.1s.", "0.2s.", "0.4s."]
    assert any("4 crashes in a row" in line and "giving up and stopping everything" in line for line in run.lines)


def test_a_crash_long_after_the_start_starts_the_back_off_afresh():
    assert [QUICK.delay(n) for n in (1, 2, 3, 4, 5, 6)] == [0.1, 0.2, 0.4, 0.8, 1, 1]
    assert Backoff().delay(1) == 1 and Backoff().delay(6) == 30


def test_a_crashed_rasa_server_still_stops_everything(tmp_path):
    rasa = Service("rasa", python("import time, sys; time.sleep(0.5); sys.exit(2)"), os.environ,
                   log=tmp_path / "rasa.log")
    actions = sleeper("actions", tmp_path, restart_on_crash=True)
    run = Supervised(rasa, actions)
    run.thread.join(timeout=30)
    assert run.exit_code == 2 and not actions.running
    assert run.lines == ["rasa stopped with exit code 2; stopping the others.", "All servers stopped."]


def test_a_killed_service_is_named_with_its_signal(tmp_path):
    rasa = sleeper("rasa", tmp_path)
    run = Supervised(rasa)
    launcher.kill(rasa)
    run.thread.join(timeout=30)
    assert run.lines[0] == "rasa stopped with exit code -9 (SIGKILL); stopping the others."


def test_rasa_listens_on_loopback_unless_configured():
    assert load_settings(SECRETS).rasa_interface == "127.0.0.1"
    assert load_settings({**SECRETS, "RASA_INTERFACE": "0.0.0.0"}).rasa_interface == "0.0.0.0"
    with pytest.raises(ValueError, match="RASA_INTERFACE"):
        load_settings({**SECRETS, "RASA_INTERFACE": "everywhere"})
