#!/usr/bin/env python3
"""Runs a terminal program in a pseudo-terminal that answers terminal
queries as xterm does, and measures it (Linux: /proc).

  pty-bench.py first-frame --marker TEXT [--quit KEYS] -- CMD...
      The time from the process's start to the first output that holds
      TEXT (the first frame showing a status), and its RSS then.
      Prints "ms rss_kib".
  pty-bench.py scroll --target N --key KEYS -- CMD...
      Presses KEYS until the status bar's "i/N" count reaches N or more
      (the pty's screen is read with pyte), then prints "count rss_kib".
  pty-bench.py idle --marker TEXT --seconds S -- CMD...
      Waits for TEXT and the word "live" (trompe's stream), lets the program settle for 5 s, then prints the
      CPU it used over the next S seconds, in percent of one core.

Every wait is bounded (--timeout, default 120 s); the program is ended
with --quit's keys (then SIGTERM, then SIGKILL) when done.
"""

import argparse
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time

COLS, ROWS = 120, 40

# What xterm (patch 390) answers, for the queries TUIs make at start.
CSI_ANSWERS = {
    b"c": b"\x1b[?64;1;2;6;9;15;16;17;18;21;22;28c",  # DA1
    b"0c": b"\x1b[?64;1;2;6;9;15;16;17;18;21;22;28c",
    b">c": b"\x1b[>41;390;0c",  # DA2
    b">0c": b"\x1b[>41;390;0c",
    b">q": b"\x1bP>|XTerm(390)\x1b\\",  # XTVERSION
    b">0q": b"\x1bP>|XTerm(390)\x1b\\",
}


def csi_answer(params: bytes, final: bytes, rows: int, cols: int):
    key = params + final
    if key in CSI_ANSWERS:
        return CSI_ANSWERS[key]
    if key == b"5n":
        return b"\x1b[0n"  # DSR: the terminal is OK
    if key == b"6n":
        return b"\x1b[1;1R"
    if key == b"14t":
        return b"\x1b[4;%d;%dt" % (rows * 20, cols * 10)
    if key == b"16t":
        return b"\x1b[6;20;10t"
    if key == b"18t":
        return b"\x1b[8;%d;%dt" % (rows, cols)
    if final == b"p" and params.endswith(b"$") and params.startswith(b"?"):
        # DECRQM: a private mode xterm does not know.
        return b"\x1b[%s;0$y" % params[1:-1]
    return None


CSI = re.compile(rb"\x1b\[([0-9;?>=$]*)([a-zA-Z])")
OSC = re.compile(rb"\x1b\](1[01]);\?(\x07|\x1b\\)")


class Pty:
    def __init__(self, cmd, cols=COLS, rows=ROWS):
        self.cols, self.rows = cols, rows
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(cols), LINES=str(rows))
        for k in ("TMUX", "TERM_PROGRAM", "KITTY_WINDOW_ID", "VTE_VERSION", "WT_SESSION"):
            env.pop(k, None)
        self.start = time.monotonic()
        self.proc = subprocess.Popen(
            cmd,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),
            close_fds=True,
        )
        os.close(slave)
        self.master = master
        self.out = bytearray()
        self.scanned = 0
        self.screen = None

    def with_screen(self):
        import pyte  # only the scroll mode needs it

        self.screen = pyte.Screen(self.cols, self.rows)
        self.stream = pyte.ByteStream(self.screen)
        self.stream.feed(bytes(self.out))

    def pump(self, timeout):
        """Reads what is there (waiting up to `timeout`), answers queries.
        Returns False once the program has closed the terminal."""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return True
        try:
            data = os.read(self.master, 65536)
        except OSError:
            return False
        if not data:
            return False
        self.out += data
        if self.screen is not None:
            self.stream.feed(data)
        self.answer()
        return True

    def answer(self):
        # Each query is answered once: scanning resumes after the last one
        # found, and an incomplete sequence at the end waits for more.
        buf = bytes(self.out[self.scanned :])
        last = 0
        for m in CSI.finditer(buf):
            reply = csi_answer(m.group(1), m.group(2), self.rows, self.cols)
            if reply:
                os.write(self.master, reply)
            last = m.end()
        for m in OSC.finditer(buf):
            colour = b"ffff/ffff/ffff" if m.group(1) == b"10" else b"0000/0000/0000"
            os.write(self.master, b"\x1b]%s;rgb:%s\x1b\\" % (m.group(1), colour))
            last = max(last, m.end())
        tail = buf.rfind(b"\x1b")
        if tail >= last and len(buf) - tail < 64:
            last = tail
        else:
            last = len(buf)
        self.scanned += last

    def wait_for(self, marker: bytes, deadline):
        while time.monotonic() < deadline:
            if marker in self.out:
                return True
            if not self.pump(0.05):
                return marker in self.out
        return False

    def send(self, keys: bytes):
        os.write(self.master, keys)

    def rss_kib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def cpu_ticks(self):
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime

    def end(self, quit_keys: bytes):
        if quit_keys and self.proc.poll() is None:
            self.send(quit_keys)
            deadline = time.monotonic() + 10
            while self.proc.poll() is None and time.monotonic() < deadline:
                self.pump(0.05)
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if self.proc.poll() is None:
                self.proc.send_signal(sig)
                try:
                    self.proc.wait(5)
                except subprocess.TimeoutExpired:
                    pass
        os.close(self.master)
        return self.proc.returncode


def row(p: Pty, y: int) -> str:
    # Not pyte's `display`, which fails on a cell holding an empty string.
    line = p.screen.buffer[y]
    return "".join(line[x].data for x in range(p.cols))


def visible(p: Pty):
    if p.screen:
        return "\n".join(row(p, y) for y in range(p.rows))
    return bytes(p.out[-2000:]).decode("utf-8", "replace")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["first-frame", "scroll", "idle"])
    ap.add_argument("--marker", default="")
    ap.add_argument("--quit", default="")
    ap.add_argument("--target", type=int, default=10000)
    ap.add_argument("--key", default="G")
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--timeout", type=float, default=120)
    argv = sys.argv[1:]
    if "--" not in argv:
        ap.error("the command goes after --")
    cut = argv.index("--")
    a = ap.parse_args(argv[:cut])
    cmd = argv[cut + 1 :]
    if not cmd:
        ap.error("no command")
    quit_keys = a.quit.encode().decode("unicode_escape").encode("latin-1")
    p = Pty(cmd)
    deadline = p.start + a.timeout
    try:
        if a.mode == "first-frame":
            if not p.wait_for(a.marker.encode(), deadline):
                sys.exit(f"pty-bench: {a.marker!r} never appeared:\n{visible(p)}")
            ms = (time.monotonic() - p.start) * 1000
            rss = p.rss_kib()
            print(f"{ms:.1f} {rss}")
        elif a.mode == "scroll":
            p.with_screen()
            count = re.compile(r" (\d+)/(\d+) ")
            best = 0
            presses = 0
            pressed_at = None
            while time.monotonic() < deadline and presses < 100_000:
                p.pump(0.02)
                bar = row(p, p.rows - 1)
                m = count.search(bar)
                if m:
                    best = max(best, int(m.group(2)))
                    if best >= a.target:
                        break
                    # Not at the end yet, and the bar moved since the last
                    # press: press again (at the end, a page is loading).
                    if m.group(1) != m.group(2) and m.groups() != pressed_at:
                        p.send(a.key.encode())
                        pressed_at = m.groups()
                        presses += 1
            if best < a.target:
                sys.exit(f"pty-bench: reached {best} of {a.target}:\n{visible(p)}")
            # Let the last page's work finish.
            settle = time.monotonic() + 1
            while time.monotonic() < settle:
                p.pump(0.05)
            print(f"{best} {p.rss_kib()}")
        else:
            # The posts, then the status bar's "● live": the stream is up.
            for word in (a.marker, "live"):
                if not p.wait_for(word.encode(), deadline):
                    sys.exit(f"pty-bench: {word!r} never appeared:\n{visible(p)}")
            settle = time.monotonic() + 5
            while time.monotonic() < settle:
                p.pump(0.1)
            t0, c0 = time.monotonic(), p.cpu_ticks()
            while time.monotonic() < t0 + a.seconds:
                p.pump(0.1)
            t1, c1 = time.monotonic(), p.cpu_ticks()
            hz = os.sysconf("SC_CLK_TCK")
            print(f"{(c1 - c0) / hz / (t1 - t0) * 100:.3f}")
    finally:
        p.end(quit_keys)


if __name__ == "__main__":
    main()
