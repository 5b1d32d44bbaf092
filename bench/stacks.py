"""Start, watch and stop the two assistants the harness compares.

* ours: what `make run` runs without the web app (clinic_assistant.launcher.local_services: our
  model, credentials.yml, endpoints.yml, the action server behind its gateway), with a fresh SQLite
  tracker store and app database under var/bench/;
* baseline: a plain `rasa init` assistant under var/bench/baseline, served the same way
  (`rasa run --enable-api`), with Rasa's REST and socket.io channels configured like ours.

Memory is read from /proc/<pid>/status (VmRSS sampled, VmHWM at the end) for every process of
each server's process group, so nothing beyond the standard library is needed.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from clinic_assistant import launcher  # noqa: E402

VENV_BIN = Path(sys.executable).parent
RASA = str(VENV_BIN / "rasa")
OUR_MODEL = ROOT / "models" / "clinic.tar.gz"
START_TIMEOUT_SECONDS = 300
TOKEN = "bench-token-" + "x" * 32
BASELINE_CREDENTIALS = """\
# Written by bench/stacks.py: Rasa's own REST and socket.io channels, set up like ours.
rest:
socketio:
  user_message_evt: user_uttered
  bot_message_evt: bot_uttered
  session_persistence: true
"""


def base_env() -> dict[str, str]:
    return launcher.child_environment(os.environ)


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


class PortPool:
    """Hands out free ports from the harness's range (16000-16999)."""

    def __init__(self, start: int = 16000, end: int = 16999) -> None:
        self.next, self.end = start, end

    def take(self) -> int:
        while self.next <= self.end:
            port, self.next = self.next, self.next + 1
            if port_is_free(port):
                return port
        raise RuntimeError("no free port left in 16000-16999")


# --- memory ---------------------------------------------------------------------------------------

def proc_status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM in kB (empty when the process is gone)."""
    values = {}
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    key, value = line.split(":", 1)
                    values[key] = int(value.split()[0])
    except OSError:
        pass
    return values


def process_tree(root_pid: int) -> list[int]:
    """The process and its descendants (from /proc/*/stat)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    tree, todo = [], [root_pid]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


class MemoryWatch:
    """Samples VmRSS of the watched process trees every `interval` seconds; keeps the peak per
    process name overall and per labelled phase."""

    def __init__(self, interval: float = 0.5) -> None:
        self.interval = interval
        self.roots: dict[str, int] = {}
        self.peak_rss_kb: dict[str, int] = {}
        self.hwm_kb: dict[str, int] = {}
        self.phase: str | None = None
        self.phase_peaks: dict[str, dict[str, int]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._lock = threading.Lock()

    def start(self) -> None:
        self._thread.start()

    def watch(self, name: str, pid: int) -> None:
        with self._lock:
            self.roots[name] = pid

    def set_phase(self, phase: str | None) -> None:
        with self._lock:
            self.phase = phase

    def sample(self) -> None:
        with self._lock:
            roots, phase = dict(self.roots), self.phase
        for name, root in roots.items():
            rss = hwm = 0
            for pid in process_tree(root):
                status = proc_status(pid)
                rss += status.get("VmRSS", 0)
                hwm += status.get("VmHWM", 0)
            if not rss:
                continue
            with self._lock:
                self.peak_rss_kb[name] = max(self.peak_rss_kb.get(name, 0), rss)
                self.hwm_kb[name] = max(self.hwm_kb.get(name, 0), hwm)
                if phase:
                    peaks = self.phase_peaks.setdefault(phase, {})
                    peaks[name] = max(peaks.get(name, 0), rss)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def peak_mb(self, name: str) -> float:
        """The larger of the sampled RSS peak and the kernel's high-water mark, in MB."""
        return max(self.peak_rss_kb.get(name, 0), self.hwm_kb.get(name, 0)) / 1024


def cpu_seconds(root_pid: int) -> float:
    """User + system CPU time used so far by a process tree (children already waited for included)."""
    ticks = 0
    for pid in process_tree(root_pid):
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            ticks += sum(int(x) for x in fields[11:15])  # utime, stime, cutime, cstime
        except (OSError, IndexError, ValueError):
            continue
    return ticks / os.sysconf("SC_CLK_TCK")


def self_peak_mb() -> float:
    return proc_status(os.getpid()).get("VmHWM", 0) / 1024


# --- servers --------------------------------------------------------------------------------------

@dataclass
class Stack:
    """One assistant: its Rasa server (and action server), ready to be sent messages."""
    label: str
    rasa_port: int
    model: Path
    servers: list[launcher.Service] = field(default_factory=list)
    launched_at: float = 0.0
    ready_at: float = 0.0  # every server answers its health check
    first_answer_at: float = 0.0  # the first reply to "hello"
    first_answer: str = ""
    cold_start_cpu_seconds: float = 0.0  # CPU time of all its servers until then

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def cold_start_seconds(self) -> float:
        return self.first_answer_at - self.launched_at

    def stop(self) -> None:
        launcher.stop(*self.servers)


def wait_ready(servers: list[launcher.Service]) -> float:
    """When the last of them answered its health check (polled often: this is the cold start)."""
    for server in servers:
        launcher.wait_healthy(server, START_TIMEOUT_SECONDS, poll_seconds=0.1)
    return time.monotonic()


def first_answer(stack: Stack) -> None:
    request = urllib.request.Request(
        f"{stack.url}/webhooks/rest/webhook",
        data=json.dumps({"sender": "bench-cold-start", "message": "hello"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        replies = json.loads(response.read())
    stack.first_answer_at = time.monotonic()
    stack.first_answer = " | ".join(r.get("text", "") for r in replies)[:200]
    stack.cold_start_cpu_seconds = sum(cpu_seconds(server.pid) for server in stack.servers)


def start_ours(work: Path, ports: PortPool, memory: MemoryWatch) -> Stack:
    """Our stack as `make run` starts it, without the web app, on fresh databases."""
    from clinic_assistant.db.migrate import upgrade
    from clinic_assistant.settings import load_settings

    work = work / "ours"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    rasa_port, actions_port, action_server_port = ports.take(), ports.take(), ports.take()
    env = base_env()
    env.update(
        RASA_API_TOKEN=TOKEN, CONSOLE_SECRET_KEY="bench-secret-" + "x" * 32, ENV="test",
        ACTION_SERVER_TOKEN="bench-action-token-" + "x" * 32,
        DATABASE_URL=f"sqlite:///{work}/app.db", TRACKER_STORE_URL=f"sqlite:///{work}/tracker.db",
        ACTIONS_PORT=str(actions_port), RASA_PORT=str(rasa_port),
        # The long conversation sends 510 messages as fast as they are answered: a load test, not a
        # visitor, so the per-visitor rate limit (30 at once, 60 a minute) must not throttle it.
        RATE_LIMIT_SENDER_BURST="100000", RATE_LIMIT_SENDER_PER_MINUTE="100000",
    )
    env.pop("SMTP_HOST", None)
    env.pop("STAFF_ALERT_EMAILS", None)
    upgrade(env["DATABASE_URL"])
    services = launcher.local_services(load_settings(env), model=OUR_MODEL, environ=env,
                                       action_server_port=action_server_port, with_web=False, log_dir=work)
    stack = Stack("ours", rasa_port, OUR_MODEL)
    stack.launched_at = time.monotonic()
    # The action server first: bench/harness.py profiles a turn against servers[0].port.
    stack.servers = [services["actions"], services["action_gateway"], services["rasa"]]
    try:
        for server in stack.servers:
            launcher.start(server)
        memory.watch("ours: Rasa server", services["rasa"].pid)
        memory.watch("ours: action server", services["actions"].pid)
        memory.watch("ours: action gateway", services["action_gateway"].pid)
        stack.ready_at = wait_ready(stack.servers)
        first_answer(stack)
    except BaseException:
        stack.stop()
        raise
    return stack


def baseline_dir(work: Path) -> Path:
    return work / "baseline"


def baseline_model(work: Path) -> Path | None:
    models = sorted((baseline_dir(work) / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return models[-1] if models else None


def ensure_baseline(work: Path, retrain: bool) -> dict:
    """Creates (and trains) the plain `rasa init` assistant when missing; with `retrain`, times a
    fresh `rasa train --force` of it. Returns what was measured."""
    project = baseline_dir(work)
    info: dict = {"dir": str(project)}
    timing_file = project / "bench-training.json"
    if baseline_model(work) is None:
        shutil.rmtree(project, ignore_errors=True)
        project.mkdir(parents=True)  # `rasa init --no-prompt` needs the folder to exist
        print(f"Creating the plain Rasa baseline: rasa init --no-prompt --init-dir {project}", flush=True)
        start = time.monotonic()
        subprocess.run([RASA, "init", "--no-prompt", "--init-dir", str(project)], env=base_env(), check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds = time.monotonic() - start
        timing_file.write_text(json.dumps({"seconds": seconds, "how": "rasa init --no-prompt (creation + training)",
                                           "when": time.strftime("%Y-%m-%d %H:%M")}))
        info.update(training_seconds=seconds, training_measured_in_this_run=True, training_how="rasa init")
    elif retrain:
        print("Timing a fresh training of the baseline (rasa train --force)", flush=True)
        out = project / "models-timing"
        shutil.rmtree(out, ignore_errors=True)
        start = time.monotonic()
        subprocess.run([RASA, "train", "--force", "--out", str(out)], cwd=project, env=base_env(), check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds = time.monotonic() - start
        shutil.rmtree(out, ignore_errors=True)
        timing_file.write_text(json.dumps({"seconds": seconds, "how": "rasa train --force",
                                           "when": time.strftime("%Y-%m-%d %H:%M")}))
        info.update(training_seconds=seconds, training_measured_in_this_run=True, training_how="rasa train --force")
    else:
        stored = json.loads(timing_file.read_text()) if timing_file.exists() else {}
        info.update(training_seconds=stored.get("seconds"), training_measured_in_this_run=False,
                    training_how=f"{stored.get('how', '?')} at {stored.get('when', '?')}")
    (project / "bench-credentials.yml").write_text(BASELINE_CREDENTIALS)
    model = baseline_model(work)
    info.update(model=str(model), model_bytes=model.stat().st_size)
    return info


def start_baseline(work: Path, ports: PortPool, memory: MemoryWatch) -> Stack:
    project = baseline_dir(work)
    model = baseline_model(work)
    port = ports.take()
    stack = Stack("baseline", port, model)
    stack.launched_at = time.monotonic()
    # No endpoints: the default (in-memory) tracker store and no action server, as `rasa init` makes it.
    rasa = launcher.Service(
        "baseline rasa",
        launcher.rasa_command(model=model, port=port, api_token=TOKEN, interface=launcher.LOCALHOST,
                              credentials=Path("bench-credentials.yml"), endpoints=None),
        base_env(), f"{stack.url}/", work / "baseline-run" / "rasa.log", cwd=project,
    )
    stack.servers = [rasa]
    try:
        launcher.start(rasa)
        memory.watch("baseline: Rasa server", rasa.pid)
        stack.ready_at = wait_ready(stack.servers)
        first_answer(stack)
    except BaseException:
        stack.stop()
        raise
    return stack
