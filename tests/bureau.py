#!/usr/bin/env python3
"""bureau.py - a fake credit bureau for the tests of `gx-certify credit`.

    python3 tests/bureau.py --port-file FILE [--mode MODE] [--token TOKEN]
                            [--log FILE]

Binds 127.0.0.1 on a port the kernel picks, writes the port to FILE (by
rename, so a reader never sees half of it) and serves HTTP/1.1 with
keep-alive until SIGTERM or SIGINT, when it removes FILE and exits 0.
Python 3 standard library only.

    GET /v1/scores/<E.164 phone, '+' as %2B>  (Authorization: Bearer TOKEN)
        200 {"score": N, "as_of": "2016-04-01T00:00:00Z"} in mode good.
        401 with a JSON error when the token is wrong or missing; 400 when
        the phone is not E.164 or its '+' is not percent-encoded.
    GET /control/mode/<MODE>   switch the mode (no token needed)
    GET /control/reset         forget the flaky counters, empty the log

Modes: good (score = 350 + (sum of the phone's digits * 37) % 601),
error500 (always 500), flaky (500 for the first 2 requests of each phone,
then good), slow (sleep 30 s, then good), malformed (200, body
'{"score": 7'), range (200, score 1200), nojson (200, an HTML page),
notfound (404).

Each scores request (not the control ones) is logged before it is answered,
as one JSON line in --log:
    {"path": ..., "auth": ..., "accept": ..., "conn": N, "status": S}
conn numbers the TCP connections from 1, so the lines of a batch that reused
one connection share one conn; status is the status the reply will have.
"""

import argparse
import itertools
import json
import os
import re
import signal
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODES = ("good", "error500", "flaky", "slow", "malformed", "range", "nojson",
         "notfound")
AS_OF = "2016-04-01T00:00:00Z"
FLAKY_FAILURES = 2
SLOW_SECONDS = 30
E164 = re.compile(r"\+[1-9][0-9]{1,14}")


class Bureau:
    """The state every connection shares, behind one lock."""

    def __init__(self, mode, token, log_path):
        self.mode = mode
        self.token = token
        self.log_path = log_path
        self.lock = threading.Lock()
        self.conns = itertools.count(1)
        self.flaky = {}         # phone -> requests seen in mode flaky
        self.log = open(log_path, "a", encoding="utf-8") if log_path else None

    def next_conn(self):
        with self.lock:
            return next(self.conns)

    def flaky_count(self, phone):
        with self.lock:
            self.flaky[phone] = self.flaky.get(phone, 0) + 1
            return self.flaky[phone]

    def record(self, entry):
        # Written and flushed before the reply goes out, so a client that
        # has its answer finds the line already in the file.
        if self.log is None:
            return
        with self.lock:
            self.log.write(json.dumps(entry) + "\n")
            self.log.flush()

    def reset(self):
        with self.lock:
            self.flaky.clear()
            if self.log is not None:
                self.log.close()
                self.log = open(self.log_path, "w", encoding="utf-8")


def good_score(phone):
    return 350 + (sum(int(c) for c in phone if c.isdigit()) * 37) % 601


class Server(ThreadingHTTPServer):
    daemon_threads = True   # a sleeping 'slow' reply never holds up exit

    def handle_error(self, request, client_address):
        # A client that timed out and hung up is what the tests want, not
        # an error worth a traceback.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"   # keep-alive unless the client closes
    server_version = "gx-fake-bureau/1"
    # One write per reply (headers and body buffered, flushed together) and
    # no Nagle: otherwise each reply on a kept-alive connection waits some
    # 40 ms for the client's delayed ACK, and the benchmark measures that.
    wbufsize = -1
    disable_nagle_algorithm = True

    def setup(self):
        super().setup()
        self.conn = self.server.bureau.next_conn()

    def log_message(self, format, *args):
        pass    # the JSON log says what a test needs; stderr stays quiet

    def reply(self, status, body, ctype="application/json", headers=()):
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def do_GET(self):
        # A body on a GET is unusual but legal: read it, or it would be
        # taken for the next request on this connection.
        length = int(self.headers.get("Content-Length") or 0)
        if length > 0:
            self.rfile.read(length)
        raw = self.path.split("?", 1)[0]
        if raw.startswith("/control/"):
            return self.control(raw[len("/control/"):])
        if raw.startswith("/v1/scores/"):
            return self.score(raw[len("/v1/scores/"):])
        return self.reply(404, {"error": "no such path", "path": raw})

    def control(self, what):
        bureau = self.server.bureau
        if what == "reset":
            bureau.reset()
            return self.reply(200, {"reset": True, "mode": bureau.mode})
        if what.startswith("mode/"):
            mode = what[len("mode/"):]
            if mode not in MODES:
                return self.reply(400, {"error": "unknown mode",
                                        "mode": mode, "modes": MODES})
            bureau.mode = mode
            return self.reply(200, {"mode": mode})
        return self.reply(404, {"error": "no such control", "path": what})

    def score(self, segment):
        bureau = self.server.bureau
        mode = bureau.mode
        auth = self.headers.get("Authorization")
        phone = urllib.parse.unquote(segment)
        status, body, ctype, headers = 200, None, "application/json", ()

        if auth != "Bearer " + bureau.token:
            status = 401
            body = {"error": "unauthorized",
                    "message": "missing or wrong bearer token"}
            headers = (("WWW-Authenticate",
                        'Bearer realm="bureau", error="invalid_token"'),)
        elif "+" in segment or "/" in segment or not E164.fullmatch(phone):
            status = 400
            body = {"error": "bad phone",
                    "message": "want an E.164 number with '+' as %2B",
                    "phone": phone}
        elif mode == "error500" or (mode == "flaky" and
                                    bureau.flaky_count(phone)
                                    <= FLAKY_FAILURES):
            status, body = 500, {"error": "internal error"}
        elif mode == "notfound":
            status, body = 404, {"error": "no record", "phone": phone}
        elif mode == "malformed":
            body = '{"score": 7'
        elif mode == "range":
            body = {"score": 1200, "as_of": AS_OF}
        elif mode == "nojson":
            body = ("<!DOCTYPE html>\n<html><head><title>Maintenance"
                    "</title></head>\n<body><h1>Back soon</h1></body>"
                    "</html>\n")
            ctype = "text/html; charset=utf-8"
        else:   # good, flaky after its failures, slow
            body = {"score": good_score(phone), "as_of": AS_OF}

        bureau.record({"path": self.path, "auth": auth,
                       "accept": self.headers.get("Accept"),
                       "conn": self.conn, "status": status})
        if mode == "slow" and status == 200:
            time.sleep(SLOW_SECONDS)
        self.reply(status, body, ctype, headers)


def main():
    ap = argparse.ArgumentParser(description="A fake credit bureau.")
    ap.add_argument("--port-file", required=True,
                    help="where to write the port, once listening")
    ap.add_argument("--mode", choices=MODES, default="good")
    ap.add_argument("--token", default="test-token")
    ap.add_argument("--log", help="JSON lines, one per scores request")
    args = ap.parse_args()

    server = Server(("127.0.0.1", 0), Handler)
    server.bureau = Bureau(args.mode, args.token, args.log)

    def stop(signum, frame):
        raise SystemExit(0)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    tmp = "%s.%d.tmp" % (args.port_file, os.getpid())
    with open(tmp, "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.replace(tmp, args.port_file)
    try:
        server.serve_forever()
    finally:
        server.server_close()
        try:
            os.unlink(args.port_file)
        except OSError:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
