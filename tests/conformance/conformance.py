#!/usr/bin/env python3
"""Conformance: real, independent Mastodon clients against trompe's demo
instance (`trompe demo-server`), so the demo has to satisfy more than trompe.

- Mastodon.py 2.3.3 (a client library): app registration, the OAuth code
  flow (Mastodon.py has no PKCE; a second check does PKCE by hand on the
  same endpoints), timelines with `fetch_next`, posting with media and a
  poll, notifications v1 and grouped, streaming (server-sent events and the
  websocket), search.
- toot 0.52.1 (a command-line client, run as a program): login through the
  out-of-band code, reading a post Mastodon.py wrote, and posting one that
  Mastodon.py reads back the same; and the same both ways with the trompe
  command line (`trompe post`, `trompe status`).

Run by `scripts/interop.sh`, which starts the demo server; by hand:

    target/interop-venv/bin/python tests/conformance/conformance.py \\
        --demo http://127.0.0.1:PORT --demo-token TOKEN --toot target/interop-venv/bin/toot

Each check prints PASS or FAIL with the reason; the exit status is 1 when
any check failed. Checks in PENDING wait for a demo feature still being
built: their failure is reported, not fatal (and their passing says to
remove them from PENDING).
"""

from __future__ import annotations

import argparse
import hashlib
import base64
import html
import json
import os
import re
import secrets
import struct
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import zlib
from typing import Callable
from urllib.parse import parse_qs, urlencode, urljoin, urlparse

import requests
from mastodon import Mastodon, StreamListener
from mastodon.errors import MastodonError, MastodonUnauthorizedError

OOB = "urn:ietf:wg:oauth:2.0:oob"
SCOPES = ["read", "write", "follow", "push"]
TIMEOUT = 20

# Checks that need demo features other work is still adding; a failure here
# is printed but does not fail the run. Empty it as the features land.
PENDING: set[str] = set()


class Failure(Exception):
    """A check's expectation that did not hold."""


def expect(cond: object, what: str) -> None:
    if not cond:
        raise Failure(what)


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    """A small valid grey PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\xc8\xc8\xc8" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def as_int(i: object) -> int:
    return int(str(i))


# ---------------------------------------------------------------------------
# A "browser" for the demo's authorize page: reads the form, presses
# Authorize, and returns the code (shown for the out-of-band redirect, or in
# the redirect's query).


def approve(authorize_url: str) -> str:
    s = requests.Session()
    page = s.get(authorize_url, timeout=TIMEOUT)
    expect(page.status_code == 200, f"authorize page: {page.status_code} {page.text[:300]}")
    form = re.search(r"<form[^>]*action=\"([^\"]*)\"[^>]*>(.*?)</form>", page.text, re.S)
    expect(form, f"no form on the authorize page: {page.text[:500]}")
    action = urljoin(authorize_url, html.unescape(form.group(1)))
    fields = {
        html.unescape(n): html.unescape(v)
        for n, v in re.findall(r"<input[^>]*type=\"hidden\"[^>]*name=\"([^\"]*)\"[^>]*value=\"([^\"]*)\"", form.group(2))
    }
    button = re.search(r"<button[^>]*name=\"([^\"]*)\"[^>]*value=\"(approve|authorize|allow)\"", form.group(2))
    if button:
        fields[button.group(1)] = button.group(2)
    answer = s.post(action, data=fields, allow_redirects=False, timeout=TIMEOUT)
    if answer.status_code in (301, 302, 303, 307, 308):
        query = parse_qs(urlparse(answer.headers["Location"]).query)
        expect("code" in query, f"redirect without a code: {answer.headers['Location']}")
        return query["code"][0]
    expect(answer.status_code == 200, f"authorize: {answer.status_code} {answer.text[:300]}")
    code = re.search(r"id=\"code\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*id=\"code\"", answer.text)
    expect(code, f"no code on the page: {answer.text[:500]}")
    return html.unescape(code.group(1) or code.group(2))


# ---------------------------------------------------------------------------


class Ctx:
    def __init__(self, args: argparse.Namespace) -> None:
        self.demo: str = args.demo.rstrip("/")
        self.token: str = args.demo_token
        self.toot: str | None = args.toot
        self.trompe: str | None = args.trompe
        self.work: str = args.work or tempfile.mkdtemp(prefix="trompe-conformance-")
        self._m: Mastodon | None = None

    def m(self) -> Mastodon:
        """Mastodon.py as the demo user, with the demo's ready-made token."""
        if self._m is None:
            self._m = Mastodon(access_token=self.token, api_base_url=self.demo, request_timeout=TIMEOUT)
        return self._m


CHECKS: list[tuple[str, Callable[[Ctx], None]]] = []


def check(name: str) -> Callable[[Callable[[Ctx], None]], Callable[[Ctx], None]]:
    def register(f: Callable[[Ctx], None]) -> Callable[[Ctx], None]:
        CHECKS.append((name, f))
        return f

    return register


# --- Mastodon.py ------------------------------------------------------------


@check("mastodon.py: app registration and the OAuth code flow")
def oauth_code_flow(c: Ctx) -> None:
    client_id, client_secret = Mastodon.create_app(
        "trompe conformance", scopes=SCOPES, redirect_uris=OOB, api_base_url=c.demo, request_timeout=TIMEOUT
    )
    expect(client_id and client_secret, "no client credentials")
    m = Mastodon(client_id=client_id, client_secret=client_secret, api_base_url=c.demo, request_timeout=TIMEOUT)
    state = secrets.token_urlsafe(12)
    url = m.auth_request_url(redirect_uris=OOB, scopes=SCOPES, state=state, allow_http=True)
    code = approve(url)
    token = m.log_in(code=code, redirect_uri=OOB, scopes=SCOPES, allow_http=True)
    expect(token, "no token")
    me = m.me()
    expect(me.username, f"verify_credentials: {me}")
    app = m.app_verify_credentials()
    expect(app.name == "trompe conformance", f"app: {app}")
    # The code is single-use.
    try:
        m.log_in(code=code, redirect_uri=OOB, scopes=SCOPES, allow_http=True)
        raise Failure("a used code was accepted again")
    except MastodonError:
        pass
    m.revoke_access_token(allow_http=True)
    try:
        m.me()
        raise Failure("a revoked token still works")
    except MastodonUnauthorizedError:
        pass


@check("mastodon.py: instance information, rules, custom emoji, preferences")
def instance(c: Ctx) -> None:
    m = c.m()
    v1, v2 = m.instance_v1(), m.instance_v2()
    expect(v1.uri and v2.domain, f"instance: {v1.uri} {v2.domain}")
    expect(v2.configuration.urls.streaming, "no streaming URL")
    expect(m.verify_minimum_version("4.0.0", cached=True), f"version {v2.version}")
    rules = m.instance_rules()
    expect([r.text for r in rules] == [r.text for r in v2.rules], f"rules: {rules}")
    emoji = {e.shortcode for e in m.custom_emojis()}
    used = {e.shortcode for s in m.timeline_home(limit=40) for e in (s.emojis or [])}
    expect(used <= emoji, f"statuses use emoji the instance does not list: {used - emoji}")
    prefs = m.preferences()
    expect(prefs["posting:default:visibility"] in ("public", "unlisted", "private", "direct"), f"{prefs}")
    expect(isinstance(m.announcements(), list), "announcements")


@check("oauth: PKCE (S256) for a public client, on the endpoints Mastodon.py uses")
def oauth_pkce(c: Ctx) -> None:
    redirect = "http://127.0.0.1/callback"
    client_id, client_secret = Mastodon.create_app(
        "trompe conformance pkce", scopes=SCOPES, redirect_uris=[redirect, OOB], api_base_url=c.demo
    )
    m = Mastodon(client_id=client_id, client_secret=client_secret, api_base_url=c.demo, request_timeout=TIMEOUT)
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    state = secrets.token_urlsafe(12)
    url = m.auth_request_url(redirect_uris=redirect, scopes=SCOPES, state=state, allow_http=True)
    url += "&" + urlencode({"code_challenge": challenge, "code_challenge_method": "S256"})
    code = approve(url)

    def exchange(v: str) -> requests.Response:
        return requests.post(
            f"{c.demo}/oauth/token",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect,
                "client_id": client_id,
                "code_verifier": v,
                "scope": " ".join(SCOPES),
            },
            timeout=TIMEOUT,
        )

    wrong = exchange("x" * 50)
    expect(wrong.status_code in (400, 401), f"a wrong verifier: {wrong.status_code} {wrong.text}")
    expect(wrong.json().get("error") == "invalid_grant", f"a wrong verifier: {wrong.text}")
    # The wrong try used the code up (RFC 6749 §4.1.2): start again.
    code = approve(url)
    right = exchange(verifier)
    expect(right.status_code == 200, f"PKCE exchange: {right.status_code} {right.text}")
    token = right.json()["access_token"]
    me = Mastodon(access_token=token, api_base_url=c.demo).me()
    expect(me.username, "the PKCE token does not work")


def walk(m: Mastodon, first, what: str) -> list[int]:
    """Ids of every page, following `fetch_next` (the Link header)."""
    ids = [as_int(s.id) for s in first]
    page = first
    for _ in range(200):
        page = m.fetch_next(page)
        if not page:
            break
        ids += [as_int(s.id) for s in page]
    else:
        raise Failure(f"{what}: more than 200 pages")
    expect(len(ids) == len(set(ids)), f"{what}: duplicates {ids}")
    expect(ids == sorted(ids, reverse=True), f"{what}: not newest first {ids}")
    return ids


@check("mastodon.py: timelines page with fetch_next and fetch_previous")
def timelines(c: Ctx) -> None:
    m = c.m()
    home = m.timeline_home(limit=40)
    expect(home, "home is empty")
    tags = [t.name for s in home for t in (s.tags or [])]
    lists = m.lists()
    readers = {
        "home": lambda **kw: m.timeline_home(**kw),
        "local": lambda **kw: m.timeline_local(**kw),
        "public": lambda **kw: m.timeline_public(**kw),
    }
    if tags:
        readers[f"#{tags[0]}"] = lambda **kw: m.timeline_hashtag(tags[0], **kw)
    if lists:
        readers[f"list {lists[0].title}"] = lambda **kw: m.timeline_list(lists[0], **kw)
    expect(tags, "no hashtags in home to read a hashtag timeline with")
    for name, read in readers.items():
        whole = [as_int(s.id) for s in read(limit=40)]
        paged = walk(m, read(limit=3), name)
        expect(paged[: len(whole)] == whole, f"{name}: paging gave {paged}, one page {whole}")
        newest = read(limit=3)
        expect(not m.fetch_previous(newest), f"{name}: something newer than the newest")


@check("mastodon.py: posting with media (alt text), a poll, a reply and an edit")
def posting(c: Ctx) -> None:
    m = c.m()
    media = m.media_post(png_bytes(), mime_type="image/png", description="A grey square", synchronous=True)
    expect(media.description == "A grey square", f"media: {media}")
    expect(media.url, f"media without a url after processing: {media}")
    # Alt text can change until the media is attached (as on Mastodon).
    media = m.media_update(media, description="A grey square, edited")
    expect(media.description == "A grey square, edited", f"media update: {media}")
    s = m.status_post("conformance: a picture", media_ids=[media], spoiler_text="grey", visibility="unlisted")
    expect(s.spoiler_text == "grey" and s.visibility == "unlisted", f"status: {s}")
    again = m.status(s.id)
    expect(
        [a.description for a in again.media_attachments] == ["A grey square, edited"],
        f"reread: {again.media_attachments}",
    )
    poll = m.status_post("conformance: tabs or spaces?", poll=m.make_poll(["tabs", "spaces"], expires_in=3600))
    expect([o.title for o in poll.poll.options] == ["tabs", "spaces"], f"poll: {poll.poll}")
    expect(m.poll(poll.poll).id == poll.poll.id, "poll by id")
    reply = m.status_post("conformance: a reply", in_reply_to_id=poll)
    expect(str(reply.in_reply_to_id) == str(poll.id), f"reply: {reply.in_reply_to_id}")
    ctx = m.status_context(poll)
    expect(any(d.id == reply.id for d in ctx.descendants), "reply not in the thread")
    edited = m.status_update(s, "conformance: a picture, edited", spoiler_text="grey")
    expect(edited.edited_at is not None and "edited" in edited.content, f"edit: {edited}")
    expect(len(m.status_history(s)) >= 2, "edit history")
    m.status_delete(reply)


@check("mastodon.py: notifications v1 (paged) and grouped v2")
def notifications(c: Ctx) -> None:
    m = c.m()
    first = m.notifications(limit=5)
    expect(first, "no notifications")
    ids = [as_int(n.id) for n in first]
    page = first
    for _ in range(100):
        page = m.fetch_next(page)
        if not page:
            break
        ids += [as_int(n.id) for n in page]
    expect(len(ids) == len(set(ids)) and ids == sorted(ids, reverse=True), f"v1 paging: {ids}")
    mentions = m.notifications(types=["mention"])
    expect(all(n.type == "mention" for n in mentions), "types[] filter")
    grouped = m.grouped_notifications()
    groups = grouped.notification_groups
    expect(groups, "no groups")
    known = {a.id for a in grouped.accounts}
    for g in groups:
        expect(g.notifications_count >= 1 and g.group_key, f"group: {g}")
        expect(set(g.sample_account_ids) <= known, f"group {g.group_key} names unknown accounts")
    expect(any(g.notifications_count > 1 for g in groups), "nothing grouped")


class Collect(StreamListener):
    def __init__(self) -> None:
        super().__init__()
        self.updates: list = []
        self.notifications: list = []
        self.lock = threading.Lock()

    def on_update(self, status) -> None:  # noqa: D401 - Mastodon.py's name
        with self.lock:
            self.updates.append(status)

    def on_notification(self, notification) -> None:
        with self.lock:
            self.notifications.append(notification)

    def wait_update(self, text: str, secs: float = TIMEOUT):
        deadline = time.time() + secs
        while time.time() < deadline:
            with self.lock:
                for s in self.updates:
                    if text in s.content:
                        return s
            time.sleep(0.1)
        raise Failure(f"no update with {text!r} in {secs} s (got {len(self.updates)} updates)")


def close_soon(*handles) -> None:
    """Closes event streams without waiting: Mastodon.py's close() returns
    only when its reader wakes, at the next heartbeat."""
    for h in handles:
        threading.Thread(target=h.close, daemon=True).start()


@check("mastodon.py: streaming over server-sent events")
def streaming_sse(c: Ctx) -> None:
    m = c.m()
    expect(m.stream_healthy(), "/api/v1/streaming/health")
    listener = Collect()
    handle = m.stream_user(listener, run_async=True, timeout=30)
    local = Collect()
    local_handle = m.stream_local(local, run_async=True, timeout=30)
    try:
        deadline = time.time() + TIMEOUT
        while not (handle.is_receiving() and local_handle.is_receiving()) and time.time() < deadline:
            time.sleep(0.1)
        expect(handle.is_receiving() and local_handle.is_receiving(), "the event streams did not open")
        time.sleep(0.3)
        text = f"conformance sse {secrets.token_hex(4)}"
        posted = m.status_post(text)
        expect(listener.wait_update(text).id == posted.id, "user stream")
        expect(local.wait_update(text).id == posted.id, "public:local stream")
    finally:
        close_soon(handle, local_handle)


@check("mastodon.py: streaming over the websocket (multiplexed)")
def streaming_ws(c: Ctx) -> None:
    m = c.m()
    listener = Collect()
    ws = m.stream_open_websocket(listener, timeout=30)
    try:
        m.stream_user(listener, websocket_handle=ws)
        tag = Collect()
        m.stream_hashtag("conformance", tag, websocket_handle=ws)
        time.sleep(0.5)
        text = f"conformance ws {secrets.token_hex(4)} #conformance"
        posted = m.status_post(text)
        expect(listener.wait_update(text.split(" #")[0]).id == posted.id, "user stream")
        expect(tag.wait_update("conformance ws").id == posted.id, "hashtag stream")
    finally:
        ws.close()


@check("mastodon.py: search v2 (accounts, statuses, hashtags)")
def search(c: Ctx) -> None:
    m = c.m()
    home = m.timeline_home(limit=40)
    other = next(s.account for s in home if s.account.id != m.me().id)
    r = m.search_v2(other.username, result_type="accounts")
    expect(any(a.id == other.id for a in r.accounts), f"account {other.acct} not found")
    tagged = next((t.name for s in home for t in (s.tags or [])), None)
    expect(tagged, "no tag to search")
    r = m.search_v2(tagged, result_type="hashtags")
    expect(any(t.name.lower() == tagged.lower() for t in r.hashtags), f"#{tagged} not found")
    word = next(w for w in re.sub("<[^>]+>", " ", home[0].content).split() if len(w) > 4 and w.isalpha())
    r = m.search_v2(word, result_type="statuses")
    expect(r.statuses, f"no status found for {word!r}")


# --- toot -------------------------------------------------------------------


class Toot:
    """toot, run as a program, with its own config directory."""

    def __init__(self, c: Ctx) -> None:
        expect(c.toot, "--toot was not given")
        self.program = c.toot
        self.home = tempfile.mkdtemp(prefix="toot-", dir=c.work)

    def run(self, args: list[str], stdin: str | None = None) -> str:
        env = dict(os.environ, XDG_CONFIG_HOME=self.home, HOME=self.home, NO_COLOR="1", PYTHONIOENCODING="utf-8")
        out = subprocess.run(
            [self.program, "--no-color", "--max-width", "200", *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        expect(out.returncode == 0, f"toot {args}: {out.stdout}\n{out.stderr}")
        return out.stdout

    def json(self, args: list[str]):
        """toot's `--json` output (after any progress lines it prints first)."""
        out = self.run([*args, "--json"])
        start = min((i for i in (out.find("{"), out.find("[")) if i >= 0), default=-1)
        expect(start >= 0, f"toot {args} printed no JSON: {out}")
        return json.loads(out[start:])


TOOT_STATE: dict[str, Toot] = {}


@check("toot: login with the out-of-band code")
def toot_login(c: Ctx) -> None:
    t = Toot(c)
    env = dict(os.environ, XDG_CONFIG_HOME=t.home, HOME=t.home, NO_COLOR="1", PYTHONIOENCODING="utf-8")
    p = subprocess.Popen(
        [t.program, "--no-color", "login", "--instance", c.demo],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        url = None
        assert p.stdout is not None and p.stdin is not None
        for _ in range(50):
            line = p.stdout.readline()
            if not line:
                break
            if line.startswith("http"):
                url = line.strip()
                break
        expect(url, "toot printed no login URL")
        code = approve(url)
        out, err = p.communicate(f"n\n{code}\n", timeout=60)
    finally:
        if p.poll() is None:
            p.kill()
    expect(p.returncode == 0 and "Successfully logged in" in out, f"toot login: {out}\n{err}")
    who = t.run(["whoami"])
    expect("@" in who, f"whoami: {who}")
    TOOT_STATE["toot"] = t


def logged_in_toot(c: Ctx) -> Toot:
    expect("toot" in TOOT_STATE, "toot is not logged in (the login check failed)")
    return TOOT_STATE["toot"]


@check("toot: reads what Mastodon.py posted, and the other way round")
def toot_cross(c: Ctx) -> None:
    t = logged_in_toot(c)
    m = c.m()
    poll = m.status_post(
        "Written by Mastodon.py: café ✓ & <friends>",
        poll=m.make_poll(["left", "right"], expires_in=3600),
        visibility="unlisted",
    )
    printed = t.run(["status", str(poll.id)])
    expect("Written by Mastodon.py: café ✓ & <friends>" in printed, printed)
    expect("left" in printed and "right" in printed, printed)
    expect("Visibility: unlisted" in printed, printed)
    as_json = t.json(["status", str(poll.id)])
    expect(as_json["id"] == str(poll.id), "toot --json")

    png = os.path.join(t.home, "square.png")
    with open(png, "wb") as f:
        f.write(png_bytes())
    posted = t.json(
        [
            "post",
            "Written by toot: naïve ✓ & <co>",
            "--spoiler-text",
            "toot's warning",
            "--visibility",
            "unlisted",
            "--media",
            png,
            "--description",
            "Alt text by toot",
            "--reply-to",
            str(poll.id),
        ]
    )
    s = m.status(posted["id"])
    text = html.unescape(re.sub("<[^>]+>", "", s.content))
    expect(text == "Written by toot: naïve ✓ & <co>", f"content: {s.content}")
    expect(s.spoiler_text == "toot's warning" and s.visibility == "unlisted", f"{s.spoiler_text} {s.visibility}")
    expect([a.description for a in s.media_attachments] == ["Alt text by toot"], f"{s.media_attachments}")
    expect(str(s.in_reply_to_id) == str(poll.id), "reply")
    thread = t.run(["thread", str(poll.id)])
    expect("Written by toot" in thread, thread)
    timeline = t.json(["timelines", "home", "--limit", "5", "--no-pager", "--no-clear"])
    expect(any(x["id"] == posted["id"] for x in timeline), f"not in toot's home: {timeline}")
    notes = t.run(["notifications"])
    expect(notes.strip(), "toot notifications")
    search = t.run(["search", "toot"])
    expect(search.strip(), "toot search")


@check("trompe CLI and toot: each reads what the other wrote")
def trompe_and_toot(c: Ctx) -> None:
    t = logged_in_toot(c)
    expect(c.trompe, "--trompe was not given")
    png = os.path.join(t.home, "square.png")
    with open(png, "wb") as f:
        f.write(png_bytes())

    def trompe(*args: str) -> str:
        env = dict(
            os.environ,
            TROMPE_INSTANCE=c.demo,
            TROMPE_TOKEN=c.token,
            TROMPE_CONFIG_DIR=os.path.join(c.work, "trompe-config"),
            TROMPE_DATA_DIR=os.path.join(c.work, "trompe-data"),
            TROMPE_NO_KEYRING="1",
            NO_COLOR="1",
        )
        out = subprocess.run([c.trompe, *args], capture_output=True, text=True, env=env, timeout=60)
        expect(out.returncode == 0, f"trompe {args}: {out.stdout}\n{out.stderr}")
        return out.stdout

    written = "Written by trompe: café ✓ & <friends>"
    url = next(line for line in trompe(
        "post", written, "--cw", "trompe's warning", "--visibility", "unlisted",
        "--media", png, "--alt", "Alt text by trompe",
    ).splitlines() if line.startswith("http"))
    sid = url.rstrip("/").rsplit("/", 1)[-1]
    seen = t.json(["status", sid])
    expect(html.unescape(re.sub("<[^>]+>", "", seen["content"])) == written, f"toot read {seen['content']}")
    expect(seen["spoiler_text"] == "trompe's warning" and seen["visibility"] == "unlisted", f"{seen}")
    expect([m["description"] for m in seen["media_attachments"]] == ["Alt text by trompe"], f"{seen}")
    expect(written in t.run(["status", sid]), "toot's text output")

    posted = t.json(["post", "Written by toot: naïve ✓", "--spoiler-text", "toot's warning",
                     "--poll-option", "red", "--poll-option", "blue"])
    ours = json.loads(trompe("--json", "status", posted["id"]))
    for field in ("content", "spoiler_text", "visibility"):
        expect(ours[field] == posted[field], f"{field}: {ours[field]!r} vs {posted[field]!r}")
    expect([o["title"] for o in ours["poll"]["options"]] == ["red", "blue"], f"{ours['poll']}")
    shown = trompe("status", posted["id"])
    for want in ("CW: toot's warning", "Written by toot: naïve ✓", "1. red", "2. blue"):
        expect(want in shown, f"{want!r} not in {shown}")


# ---------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--demo", required=True, help="trompe demo-server URL")
    ap.add_argument("--demo-token", required=True, help="the demo user's token (printed by demo-server)")
    ap.add_argument("--toot", help="the toot program")
    ap.add_argument("--mock", help="mastodon-mock URL (unused here: tests/interop.rs covers it)")
    ap.add_argument("--trompe", help="the trompe program")
    ap.add_argument("--work", help="a scratch directory")
    ap.add_argument("-k", dest="only", help="run only checks whose name contains this")
    args = ap.parse_args()
    host = urlparse(args.demo).hostname
    if host not in ("127.0.0.1", "localhost"):
        print("the demo server must be on 127.0.0.1", file=sys.stderr)
        return 2
    ctx = Ctx(args)
    failed, pending = [], []
    for name, f in CHECKS:
        if args.only and args.only not in name:
            continue
        started = time.time()
        try:
            f(ctx)
        except Exception as e:  # noqa: BLE001 - report every failure the same way
            detail = "".join(traceback.format_exception_only(type(e), e)).strip()
            if not isinstance(e, Failure):
                tb = traceback.extract_tb(e.__traceback__)
                here = [fr for fr in tb if fr.filename == __file__]
                if here:
                    detail += f" (at line {here[-1].lineno})"
            if name in PENDING:
                pending.append(name)
                print(f"PENDING {name}: {detail}")
            else:
                failed.append(name)
                print(f"FAIL    {name}: {detail}")
            continue
        took = time.time() - started
        if name in PENDING:
            print(f"PASS    {name} ({took:.1f} s) — it is in PENDING: remove it from there")
        else:
            print(f"PASS    {name} ({took:.1f} s)")
    print(f"{len(failed)} failed, {len(pending)} pending")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
