"""The review loop end to end, as a clinic runs it (`make demo-review-loop`, issue 14).

In a copy of the project (`git archive HEAD`, so this checkout stays as it is):
1. `make run` on fresh SQLite databases; visitors ask questions over REST, each a new conversation;
   a question whose reply is not its topic's FAQ answer is "missed";
2. a staff member logs in to the console, finds each missed message in /staff/review and labels it
   with its topic, as a person would in the form;
3. `make review-export`, then `make retrain`;
4. `make run` again on the new model: the same questions, as new conversations, are asked again;
5. the reports page and its CSV for today; with --screenshots, the inbox, the report and the queue
   in Chromium.

Prints what it did at each step and exits 1 when a missed question is still missed at the end.
Training takes several minutes on a small machine.
"""
from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import uuid
from pathlib import Path

import requests
import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Questions in words the training data does not use, each with the FAQ topic that answers it.
QUESTIONS = [
    ("whats the damage for one session of this stuff", "cost"),
    ("r u guys gonna make me go to the bathroom in a cup first", "drug_tests"),
    ("can my aunt hang around in the waiting area till im done", "support_person"),
    ("what happens if i gotta bail on my appointment last minute", "cancellation_policy"),
    ("is the doc actually in the building the whole time or just nurses", "care_team"),
    ("how many mg do u guys put in", "dose"),
    ("what if after like 4 of these i still feel the same", "no_response"),
]
# Two more visitors, so the queue and the reports have a crisis and a request for a person in them.
CRISIS = "i have all my pills counted out on the table and i'm going to take them tonight"
WANTS_A_PERSON = "can i talk to a real person please"
STAFF = ("reviewer", "Demo Reviewer", "loop-" + uuid.uuid4().hex)
CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
INBOX_TEXT = re.compile(r'<blockquote class="review-message"><p>(.*?)</p></blockquote>', re.S)
HIDDEN = re.compile(r'name="(conversation_id|event_id)" value="([^"]*)"')


def say(line: str) -> None:
    print(line, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def copy_project(work: Path) -> Path:
    """HEAD as a clean tree, with this checkout's environment, model and training cache linked or copied."""
    copy = work / "project"
    copy.mkdir()
    archive = work / "head.tar"
    subprocess.run(["git", "archive", "--format=tar", "-o", str(archive), "HEAD"], cwd=PROJECT_ROOT, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(copy)
    for name in (".venv", "node_modules"):
        (copy / name).symlink_to(PROJECT_ROOT / name)
    # The archive's files carry the commit's time, newer than this checkout's install stamps: make
    # (and the `make model` that `make retrain` runs) would reinstall into the linked .venv and
    # node_modules. Older than any stamp, the lock files leave them alone.
    for name in ("requirements.lock", "package.json", "package-lock.json"):
        os.utime(copy / name, (0, 0))
    shutil.copytree(PROJECT_ROOT / "models", copy / "models")
    if (PROJECT_ROOT / ".rasa").is_dir():
        shutil.copytree(PROJECT_ROOT / ".rasa", copy / ".rasa")
    return copy


class Clinic:
    """`make run` in the copy, on its own ports and databases."""

    def __init__(self, copy: Path) -> None:
        self.copy = copy
        self.env = {
            **os.environ, "PYTHONPATH": str(copy), "ENV": "development",
            "RASA_PORT": str(free_port()), "ACTIONS_PORT": str(free_port()), "WEB_PORT": str(free_port()),
            "DATABASE_URL": f"sqlite:///{copy}/var/app.db", "TRACKER_STORE_URL": f"sqlite:///{copy}/var/tracker.db",
        }
        self.env.pop("ALLOWED_ORIGINS", None)
        self.process: subprocess.Popen | None = None

    def make(self, *targets: str, env: dict[str, str] | None = None) -> None:
        say(f"\n$ make {' '.join(targets)}")
        subprocess.run(["make", "--no-print-directory", *targets], cwd=self.copy,
                       env={**self.env, **(env or {})}, check=True)

    def start(self) -> None:
        say("\n$ make run")
        (self.copy / "var").mkdir(exist_ok=True)
        log = open(self.copy / "var" / "make-run.log", "ab")  # noqa: SIM115 (closed with the process)
        self.process = subprocess.Popen(["make", "--no-print-directory", "run"], cwd=self.copy,
                                        env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"make run stopped: see {log.name}")
            try:
                if requests.get(self.rasa_url + "/", timeout=2).ok and requests.get(self.web_url + "/", timeout=2).ok:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(2)
        raise SystemExit("make run did not answer within 10 minutes")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)

    @property
    def rasa_url(self) -> str:
        return f"http://localhost:{self.env['RASA_PORT']}"

    @property
    def web_url(self) -> str:
        return f"http://localhost:{self.env['WEB_PORT']}"


def response_names(domain: Path) -> list[tuple[re.Pattern, int, str]]:
    """Each response text in domain.yml as a pattern (its {slots} and clinic facts match anything),
    with the length of its fixed words and the response's name: to tell which answer a reply is."""
    names = []
    for name, variants in yaml.safe_load(domain.read_text())["responses"].items():
        for variant in variants:
            if "text" in variant:
                parts = re.split(r"\{[a-z_]+\}", variant["text"].strip())
                names.append((re.compile("(?s)" + ".+?".join(map(re.escape, parts)) + "$"), len("".join(parts)), name))
    return names


def response_name(text: str, names: list[tuple[re.Pattern, int, str]]) -> str:
    """The response a reply ends with (the first reply of a conversation starts with the disclosure,
    rasa_plugins/nlg.py); the most specific one when several fit."""
    fits = [(fixed, name) for pattern, fixed, name in names if pattern.search(text.strip())]
    answers = [fit for fit in fits if fit[1] != "utter_disclosure"] or fits
    return max(answers)[1] if answers else "(other)"


def ask_all(clinic: Clinic, names: list[tuple[re.Pattern, int, str]]) -> dict[str, list[str]]:
    """Each question in a new conversation; the names of the responses it got."""
    answers = {}
    for question, topic in QUESTIONS:
        replies = requests.post(clinic.rasa_url + "/webhooks/rest/webhook", timeout=120,
                                json={"sender": f"demo-{uuid.uuid4().hex[:12]}", "message": question}).json()
        got = [response_name(reply.get("text") or "", names) for reply in replies]
        answers[question] = got
        verdict = "answered" if f"utter_faq/{topic}" in got else "MISSED"
        say(f"  {verdict:8} {question!r} (topic {topic}) -> {', '.join(got) or 'no reply'}")
    return answers


def visitor_says(clinic: Clinic, text: str, names: list[tuple[re.Pattern, int, str]]) -> str:
    sender = f"demo-{uuid.uuid4().hex[:12]}"
    replies = requests.post(clinic.rasa_url + "/webhooks/rest/webhook", timeout=120,
                            json={"sender": sender, "message": text}).json()
    say(f"  {text!r} -> {', '.join(response_name(r.get('text') or '', names) for r in replies) or 'no reply'}")
    return sender


def missed(answers: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(q, topic) for q, topic in QUESTIONS if f"utter_faq/{topic}" not in answers[q]]


def add_staff_member(clinic: Clinic) -> None:
    username, display_name, password = STAFF
    # An administrator: the reports' CSV is for administrators only.
    clinic.make("staff-user", f"USERNAME={username}", f"NAME={display_name}", "ADMIN=1",
                env={"STAFF_PASSWORD": password})


def staff_session(clinic: Clinic) -> requests.Session:
    """A browser session of the demo staff member, logged in."""
    username, _, password = STAFF
    browser = requests.Session()
    token = CSRF.search(browser.get(clinic.web_url + "/staff/login").text).group(1)
    response = browser.post(clinic.web_url + "/staff/login", allow_redirects=False,
                            data={"username": username, "password": password, "csrf_token": token})
    if response.status_code != 302:
        raise SystemExit(f"The demo staff member could not log in ({response.status_code}).")
    return browser


def label_missed(clinic: Clinic, browser: requests.Session, to_label: list[tuple[str, str]]) -> list[tuple[str, str]]:
    say("\nThe review inbox (/staff/review; the first visit embeds the FAQ topics, about a minute):")
    page = browser.get(clinic.web_url + "/staff/review", timeout=600).text
    token = CSRF.search(page).group(1)
    # One <li> per message: its text in a blockquote, its ids in the label form's hidden fields.
    inbox = {}
    for entry in page.split('<li class="panel')[1:]:
        text = INBOX_TEXT.search(entry)
        if text:
            inbox[html.unescape(text.group(1))] = dict(HIDDEN.findall(entry))
    say(f"  {len(inbox)} message(s) to review")
    labelled = []
    for question, topic in to_label:
        if question not in inbox:
            say(f"  not in the inbox (answered with confidence, though wrongly): {question!r}")
            continue
        response = browser.post(clinic.web_url + "/staff/review/label", allow_redirects=False, data={
            **inbox[question], "kind": "topic", "topic": topic, "csrf_token": token})
        assert response.status_code == 302, f"labelling failed: {response.status_code}"
        say(f"  labelled {question!r} as the FAQ topic {topic}")
        labelled.append((question, topic))
    return labelled


def confirm_crisis(clinic: Clinic, browser: requests.Session, sender: str) -> None:
    """The crisis message is in the inbox too (every risk detection is): staff confirm it."""
    page = browser.get(clinic.web_url + "/staff/review", timeout=600).text
    token = CSRF.search(page).group(1)
    for entry in page.split('<li class="panel')[1:]:
        fields = dict(HIDDEN.findall(entry))
        if fields.get("conversation_id") == sender:
            browser.post(clinic.web_url + "/staff/review/label", allow_redirects=False,
                         data={**fields, "kind": "confirmed_crisis", "csrf_token": token})
            say("  labelled the crisis message as a confirmed crisis")
            return
    say("  the crisis message is not in the inbox")


def report(clinic: Clinic, browser: requests.Session) -> None:
    csv = browser.get(clinic.web_url + "/staff/reports.csv", timeout=600)
    say("\nThe reports' CSV for today (/staff/reports.csv):")
    lines = csv.text.strip().splitlines()
    for line in (lines[0], lines[-1]):  # the header and today
        say("  " + line)


def screenshots(clinic: Clinic, browser: requests.Session, folder: Path, pages: list[tuple[str, str]]) -> None:
    from playwright.sync_api import sync_playwright

    folder.mkdir(parents=True, exist_ok=True)
    cookies = [{"name": c.name, "value": c.value, "url": clinic.web_url} for c in browser.cookies]
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
        page.context.add_cookies(cookies)
        for name, path in pages:
            page.goto(clinic.web_url + path, timeout=600_000)
            page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
            say(f"  screenshot {folder / (name + '.png')}")
        chromium.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, help="folder for the project copy (default: a new temporary one)")
    parser.add_argument("--screenshots", type=Path, help="save screenshots of the console pages here")
    args = parser.parse_args()
    if not (PROJECT_ROOT / "models" / "clinic.tar.gz").exists():
        raise SystemExit("No model in models/: run `make model` first.")
    work = args.work or Path(tempfile.mkdtemp(prefix="review-loop-"))
    copy = copy_project(work)
    say(f"Project copy: {copy}")
    names = response_names(copy / "domain.yml")
    clinic = Clinic(copy)
    try:
        clinic.start()
        say("\nVisitors ask (each a new conversation):")
        to_label = missed(ask_all(clinic, names))
        crisis_sender = visitor_says(clinic, CRISIS, names)
        visitor_says(clinic, WANTS_A_PERSON, names)
        if not to_label:
            say("Nothing was missed: nothing to review.")
            return 0
        add_staff_member(clinic)
        browser = staff_session(clinic)
        labelled = label_missed(clinic, browser, to_label)
        confirm_crisis(clinic, browser, crisis_sender)
        if args.screenshots:
            screenshots(clinic, browser, args.screenshots, [("console-queue", "/staff/")])
        clinic.stop()

        clinic.make("review-export")
        say("\ndata/nlu/reviewed.yml now holds:\n" + (copy / "data/nlu/reviewed.yml").read_text())
        clinic.make("retrain")

        clinic.start()
        say("\nThe same questions, asked again by new visitors:")
        still_missed = missed(ask_all(clinic, names))
        browser = staff_session(clinic)
        report(clinic, browser)
        if args.screenshots:
            screenshots(clinic, browser, args.screenshots, [
                ("console-review-inbox", "/staff/review?show=all"), ("console-reports", "/staff/reports")])
    finally:
        clinic.stop()
    fixed = [q for q in labelled if q not in still_missed]
    say(f"\n{len(to_label)} of {len(QUESTIONS)} questions missed before the review, {len(labelled)} of them in "
        f"the inbox and labelled, {len(fixed)} of those answered by their topic after `make retrain`; "
        f"{len(still_missed)} missed now.")
    return 0 if labelled and len(fixed) == len(labelled) else 1


if __name__ == "__main__":
    sys.exit(main())
