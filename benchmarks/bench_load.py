#!/usr/bin/env python3
"""Load benchmark (not a test): the web app under concurrent questions, over HTTP.

    python benchmarks/bench_load.py                     # 8 users x 200 asks, then 2,000 for memory
    python benchmarks/bench_load.py --label "after"     # the heading of this run in RESULTS.md

Starts `kehoach serve` on 127.0.0.1 (a free port; an index of the bundled plans built for the
run, unless --index-dir) in a child process, warms it (the first ask loads the model), then:
- latency: `--asks` questions from `--users` users at once, each user a session as a browser tab
  is (POST /gradio_api/queue/join, the answer read from the session's SSE stream), asking again
  as soon as it has its answer; p50/p95 of the round trip, asks/s over the wall time;
- memory: the server's RSS (from /proc) after the warm-up and after `--memory-asks` more asks.
The in-process cost of the same question (qa.answer.ask on a loaded index) is measured in this
process as the baseline.  Prints a table and appends it to benchmarks/RESULTS.md under its own
heading; stops the server.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

BASE_ENV = dict(os.environ)  # the server gets the caller's environment, not what importing kehoach here sets
ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
QUESTIONS = [
    "ai chủ trì số hóa hộ tịch", "ai chu tri so hoa ho tich", "Phòng Kinh tế xã Nghĩa Sơn chủ trì bao nhiêu nhiệm vụ?",
    "khi nào phải xong giáo dục STEM ở Nghĩa Thọ", "ai phối hợp số hóa hồ sơ thủ tục hành chính ở Nghĩa Hưng",
    "phát động phong trào thi đua đổi mới sáng tạo", "dạy bà con dùng điện thoại thông minh", "phủ sóng 5G",
    "chữ ký số cho cán bộ", "thanh toan khong dung tien mat", "sổ sức khỏe điện tử ở Ninh Giang",
    "an toàn an ninh mạng bảo vệ dữ liệu", "thu hút nhân tài chất lượng cao", "kế hoạch cđs hàng năm",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Server:
    """`kehoach serve` in a child process on 127.0.0.1."""

    def __init__(self, index_dir: str | None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        cmd = [sys.executable, "-m", "kehoach.cli", "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        if index_dir:
            cmd += ["--index-dir", index_dir]
        env = {**BASE_ENV, "HF_HUB_OFFLINE": "1"}
        env.pop("KEHOACH_AUTH", None)
        self.proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def wait_ready(self, client, timeout: float = 300) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("the server stopped: " + self.proc.stderr.read().decode(errors="replace")[-2000:])
            try:
                if client.get(self.url + "/gradio_api/info").status_code == 200:
                    return
            except Exception:  # noqa: BLE001 - not listening yet
                pass
            time.sleep(0.5)
        raise RuntimeError("the server did not start")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class Session:
    """One user's browser tab, as the page talks to the server: a session hash kept across asks,
    POST /gradio_api/queue/join for the "ask" event, its result read from the session's SSE
    stream /gradio_api/queue/data."""

    def __init__(self, client, url: str, fn_index: int, trigger_id: int):
        import uuid

        self.client, self.url, self.fn_index, self.trigger_id = client, url, fn_index, trigger_id
        self.session_hash = uuid.uuid4().hex[:11]

    def ask(self, question: str) -> float:
        t = time.perf_counter()
        r = self.client.post(f"{self.url}/gradio_api/queue/join", json={
            "data": [question, [], "", "any", "all", 10], "event_data": None, "fn_index": self.fn_index,
            "trigger_id": self.trigger_id, "session_hash": self.session_hash})
        r.raise_for_status()
        event_id = r.json()["event_id"]
        with self.client.stream("GET", f"{self.url}/gradio_api/queue/data",
                                params={"session_hash": self.session_hash}) as stream:
            for line in stream.iter_lines():
                if not line.startswith("data:"):
                    continue
                msg = json.loads(line[5:])
                if msg.get("msg") == "process_completed" and msg.get("event_id") == event_id:
                    if not msg.get("success"):
                        raise RuntimeError(f"ask failed: {msg}")
                    break
        return time.perf_counter() - t


def ask_endpoint(client, url: str) -> tuple[int, int]:
    """(fn_index, trigger id) of the "ask" event, from the page's config."""
    config = client.get(f"{url}/config").json()
    for i, dep in enumerate(config["dependencies"]):
        if dep.get("api_name") == "ask":
            return dep.get("id", i), dep["targets"][0][0]
    raise RuntimeError("no ask event in the app's config")


def run_load(url: str, users: int, asks: int, offset: int = 0) -> tuple[list[float], float]:
    """`asks` questions from `users` sessions at once, each user asking as soon as it has its answer."""
    import httpx

    with httpx.Client(timeout=120) as probe:
        endpoint = ask_endpoint(probe, url)
    local = threading.local()

    def one(i: int) -> float:
        if not hasattr(local, "session"):
            local.session = Session(httpx.Client(timeout=120), url, *endpoint)
        return local.session.ask(QUESTIONS[(i + offset) % len(QUESTIONS)])

    t = time.perf_counter()
    with ThreadPoolExecutor(users) as pool:
        times = list(pool.map(one, range(asks)))
    return times, time.perf_counter() - t


def in_process_ms(index_dir: str | None) -> float:
    """The same questions answered inside one process: the floor under the HTTP numbers."""
    from kehoach.index.search import Index
    from kehoach.qa.answer import ask

    idx = Index.open(index_dir)
    for q in QUESTIONS:
        ask(q, index=idx, generate=False)
    times = []
    for _ in range(5):
        for q in QUESTIONS:
            t = time.perf_counter()
            ask(q, index=idx, generate=False)
            times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def pct(times: list[float], q: float) -> float:
    s = sorted(times)
    return s[min(len(s) - 1, int(q * (len(s) - 1) + 0.5))] * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--users", type=int, default=8)
    ap.add_argument("--asks", type=int, default=200)
    ap.add_argument("--memory-asks", type=int, default=2000)
    ap.add_argument("--index-dir", default=None)
    ap.add_argument("--label", default="", help="heading of this run in RESULTS.md")
    ap.add_argument("--no-record", action="store_true", help="do not append to RESULTS.md")
    args = ap.parse_args()


    scratch = None
    if args.index_dir is None:  # an index of the bundled plans of its own, removed at the end
        import shutil
        import tempfile

        from kehoach.index.search import Index

        scratch = tempfile.mkdtemp(prefix="kehoach-bench-load-")
        args.index_dir = str(Path(scratch) / "index")
        Index.build(None, args.index_dir, progress=False)
    try:
        run_all(args)
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)


def run_all(args) -> None:
    import httpx

    baseline_ms = in_process_ms(args.index_dir)
    server = Server(args.index_dir)
    try:
        with httpx.Client(timeout=300) as client:
            server.wait_ready(client)
            warm = Session(client, server.url, *ask_endpoint(client, server.url))
            for q in QUESTIONS:  # warm: the model, the query cache of the examples, every code path
                warm.ask(q)
        run_load(server.url, args.users, 4 * args.users)  # warm the threads and connections
        rss_warm = rss_mb(server.proc.pid)
        times, wall = run_load(server.url, args.users, args.asks)
        single, _ = run_load(server.url, 1, 40)
        mem_times, mem_wall = run_load(server.url, args.users, args.memory_asks, offset=7)
        rss_after = rss_mb(server.proc.pid)
    finally:
        server.stop()

    rows = [
        ("users x asks", f"{args.users} x {args.asks}"),
        ("p50 / p95 per ask", f"{pct(times, .5):.0f} / {pct(times, .95):.0f} ms"),
        ("throughput", f"{args.asks / wall:.1f} asks/s"),
        ("one user alone, p50", f"{pct(single, .5):.0f} ms"),
        ("same questions in-process (qa.answer.ask), median", f"{baseline_ms:.1f} ms"),
        (f"RSS after warm-up / after {args.memory_asks} more asks", f"{rss_warm:.0f} / {rss_after:.0f} MB"),
        (f"p50 / p95 over those {args.memory_asks}", f"{pct(mem_times, .5):.0f} / {pct(mem_times, .95):.0f} ms "
                                                    f"({args.memory_asks / mem_wall:.1f} asks/s)"),
        ("machine load average (1 min) at the end", Path("/proc/loadavg").read_text().split()[0]),
    ]
    width = max(len(k) for k, _ in rows)
    table = "\n".join(["| measure | value |", "|---|---|"] + [f"| {k} | {v} |" for k, v in rows])
    for k, v in rows:
        print(f"{k.ljust(width)}  {v}")
    if not args.no_record:
        heading = f"## bench_load {args.label} ({datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} cores)".replace("  ", " ")
        with RESULTS.open("a", encoding="utf-8") as f:
            if RESULTS.stat().st_size == 0:
                f.write("# Benchmark results\n\nEach run appends its table under its own heading.\n")
            f.write(f"\n{heading}\n\n{table}\n")


if __name__ == "__main__":
    RESULTS.touch()
    main()
