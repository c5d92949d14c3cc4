"""Runs the mcp-census benchmark: each workload with mcp-census, a baseline
on the official MCP Python SDK and a floor program in C, several times,
the runners taking turns, and prints medians, spreads (min-max) and
ratios as a Markdown table.

    python Benchmarks/bench.py --census .build/release/mcp-census \
        --python .venv/bin/python [--runs 5] [--sdk-runs 3] [--only W1,W4]

Wall time is taken around each run; user+sys CPU and peak RSS come from
/usr/bin/time, i.e. from the kernel's accounting of the finished process
tree (ru_maxrss is the largest single process in it: the servers are the
small C server, so the runner's own peak is what shows). Everything is
generated into a temporary folder that is removed afterwards.
"""

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ANSWER_BYTES = 20_000_000


@dataclass
class Sample:
    wall: float
    cpu: float
    rss_mb: float
    report_mb: float = 0.0


@dataclass
class Row:
    workload: str
    runner: str
    samples: list[Sample] = field(default_factory=list)

    def median(self, attribute: str) -> float:
        return statistics.median(getattr(s, attribute) for s in self.samples)

    def spread(self, attribute: str) -> tuple[float, float]:
        values = [getattr(s, attribute) for s in self.samples]
        return min(values), max(values)


class Bench:
    def __init__(self, options: argparse.Namespace, work: str) -> None:
        self.options = options
        self.work = work
        self.rows: list[Row] = []
        self.notes: list[str] = []
        self.server = os.path.join(work, "bench_server")
        self.floor = os.path.join(work, "floor")
        compile_c("bench_server.c", self.server)
        compile_c("floor.c", self.floor, "-pthread")

    # -- running and measuring ------------------------------------------

    def measure(self, command: list[str]) -> Sample:
        timing = os.path.join(self.work, "time.txt")
        wrapped = ["/usr/bin/time", "-f", "%U %S %M", "-o", timing, *command]
        start = time.perf_counter()
        done = subprocess.run(wrapped, capture_output=True, text=True)
        wall = time.perf_counter() - start
        if done.returncode != 0:
            sys.exit(
                f"bench: {' '.join(command[:3])}... exited "
                f"{done.returncode}\n{done.stderr[-2000:]}")
        with open(timing) as file:
            user, system, rss_kb = file.read().split()[-3:]
        return Sample(wall, float(user) + float(system), int(rss_kb) / 1024)

    def sample(self, runner: str, command: list[str]) -> Sample:
        sample = self.measure(command)
        if runner == "mcp-census":
            out = os.path.join(self.work, "out")
            sample.report_mb = folder_bytes(out) / 1024 / 1024
            shutil.rmtree(out, ignore_errors=True)
        return sample

    def run(self, workload: str,
            runners: list[tuple[str, list[str], int]]) -> dict[str, Row]:
        """Runs each (runner, command, runs) `runs` times, taking turns:
        one run of each runner per round, so that the machine's drift
        falls on all of them alike and their ratios compare like with
        like. The rows come back by runner name, in the order given."""
        rows = [Row(workload, runner) for runner, _, _ in runners]
        for turn in range(max(runs for _, _, runs in runners)):
            for row, (runner, command, runs) in zip(rows, runners):
                if turn < runs:
                    row.samples.append(self.sample(runner, command))
        for row in rows:
            self.rows.append(row)
            print(f"  {workload:<10} {row.runner:<11}"
                  f" wall {row.median('wall'):7.3f} s"
                  f"  cpu {row.median('cpu'):7.3f} s"
                  f"  rss {row.median('rss_mb'):6.1f} MB", file=sys.stderr)
        return {row.runner: row for row in rows}

    def census(self, name: str, entries: list[str], concurrency: int) -> list[str]:
        name = "".join(c if c.isalnum() else "-" for c in name)
        manifest = os.path.join(self.work, f"{name}.yaml")
        with open(manifest, "w") as file:
            file.write(manifest_text(name, entries, concurrency))
        out = os.path.join(self.work, "out")
        return [self.options.census, "run", manifest, "--out", out,
                "--quiet", "--format", "json"]

    def sdk(self, *arguments: str) -> list[str]:
        return [self.options.python, os.path.join(HERE, "sdk_baseline.py"),
                *arguments]

    def stdio_trio(self, workload: str, count: int, concurrency: int,
                   server_args: list[str], sdk_runs: int | None = None
                   ) -> dict[str, Row]:
        entry = stdio_entry(self.server, server_args)
        census = self.census(workload.lower(), [entry] * count, concurrency)
        floor = [self.floor, str(count), str(concurrency), self.server,
                 *server_args]
        runs = self.options.runs
        if sdk_runs is None:
            sdk_runs = self.options.sdk_runs
        runners = [("mcp-census", census, runs), ("c-floor", floor, runs)]
        if sdk_runs > 0:
            sdk = self.sdk("stdio", str(count), str(concurrency),
                           self.server, *server_args)
            runners.insert(1, ("python-sdk", sdk, sdk_runs))
        return self.run(workload, runners)

    # -- workloads --------------------------------------------------------

    def w1(self) -> None:
        rows = self.stdio_trio("W1", 1000, 16, [])
        census, floor = rows["mcp-census"], rows["c-floor"]
        self.check("W1 wall vs floor", census.median("wall")
                   / floor.median("wall"), "<=", 1.5, "x")
        if "python-sdk" in rows:  # not with --sdk-runs 0
            sdk = rows["python-sdk"].median("wall")
            self.check("W1 SDK wall / census wall", sdk
                       / census.median("wall"), ">=", 8, "x")
            # The floor bounds what any runner can reach against the SDK.
            bound = sdk / floor.median("wall")
            self.notes.append(
                f"W1 SDK wall / floor wall: {bound:.2f}x (8x the SDK needs"
                f" mcp-census at most {bound / 8:.2f}x the floor's wall"
                " time" + (", faster than the floor)" if bound < 8 else ")"))
        self.check("W1 census peak RSS", census.median("rss_mb"),
                   "<=", 30, " MB")

    def w2(self) -> None:
        rows = self.stdio_trio("W2", 100, 10, ["--delay-ms", "200"])
        ideal = 100 / 10 * 0.2
        for runner, row in rows.items():
            efficiency = ideal / row.median("wall")
            if runner == "mcp-census":
                self.check("W2 pool efficiency (census)", efficiency,
                           ">=", 0.95, "")
            else:
                self.notes.append(
                    f"W2 pool efficiency ({row.runner}): {efficiency:.3f}")

    def w3(self) -> None:
        points = []
        for count in (100, 1000, 5000):
            name = f"W3 N={count}"
            rows = self.stdio_trio(name, count, 32, [], sdk_runs=0)
            points.append((count, rows["mcp-census"]))
        (n0, r0), (n1, r1), (n2, r2) = points
        per_server = [r.median("wall") / n * 1000 for n, r in points]
        self.notes.append(
            "W3 census wall per server (ms): "
            + ", ".join(f"N={n}: {p:.3f}" for (n, _), p in
                        zip(points, per_server)))
        slope = ((r2.median("wall") - r1.median("wall")) / (n2 - n1)) / (
            (r1.median("wall") - r0.median("wall")) / (n1 - n0))
        self.check("W3 wall slope 1000-5000 / 100-1000", slope,
                   "<=", 1.25, "")
        self.notes.append(
            "W3 census peak RSS (MB): "
            + ", ".join(f"N={n}: {r.median('rss_mb'):.1f}"
                        for n, r in points))
        self.notes.append(
            "W3 census report size (MB): "
            + ", ".join(f"N={n}: {r.median('report_mb'):.1f}"
                        for n, r in points))
        # Memory that grows with N, against the report that grows with it.
        growth = r2.median("rss_mb") - r0.median("rss_mb")
        report = r2.median("report_mb") - r0.median("report_mb")
        self.check("W3 peak RSS growth N=100-5000 / report growth",
                   growth / report, "<=", 1.0, "x")

    def w4(self) -> None:
        rows = self.stdio_trio(
            "W4", 1, 1, ["--tools-bytes", str(ANSWER_BYTES)])
        answer_mb = ANSWER_BYTES / 1024 / 1024
        ratio = rows["mcp-census"].median("rss_mb") / answer_mb
        self.check("W4 census peak RSS / answer size", ratio, "<=", 3, "x")
        if "python-sdk" in rows:
            self.notes.append(
                "W4 SDK peak RSS / answer size: "
                f"{rows['python-sdk'].median('rss_mb') / answer_mb:.2f}x")

    def w5(self) -> None:
        servers, urls = [], []
        try:
            for _ in range(4):
                port = free_port()
                servers.append(subprocess.Popen(
                    [self.options.python,
                     os.path.join(ROOT, "manifests/servers/catalog_server.py"),
                     "streamable-http", "--port", str(port)],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
                urls.append(f"http://127.0.0.1:{port}/mcp")
            for url in urls:
                wait_for_http(url)
            entries = [http_entry(urls[i % len(urls)]) for i in range(200)]
            census = self.census("w5", entries, 16)
            runners = [("mcp-census", census, self.options.runs)]
            if self.options.sdk_runs > 0:
                runners.append(("python-sdk",
                                self.sdk("http", "200", "16", *urls),
                                self.options.sdk_runs))
            rows = self.run("W5", runners)
            if "python-sdk" in rows:
                self.check("W5 SDK wall / census wall",
                           rows["python-sdk"].median("wall")
                           / rows["mcp-census"].median("wall"), ">=", 4, "x")
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=10)

    # -- results ----------------------------------------------------------

    def check(self, label: str, value: float, relation: str,
              target: float, unit: str) -> None:
        met = value <= target if relation == "<=" else value >= target
        verdict = "met" if met else "NOT met"
        self.notes.append(
            f"{label}: {value:.2f}{unit} (target {relation} {target}{unit}):"
            f" {verdict}")

    def table(self) -> str:
        lines = [
            "| workload | runner | runs | wall s median (min-max) "
            "| CPU s median (min-max) | peak RSS MB median (min-max) "
            "| wall vs mcp-census |",
            "|---|---|---|---|---|---|---|",
        ]
        census_wall = {r.workload: r.median("wall") for r in self.rows
                       if r.runner == "mcp-census"}
        for row in self.rows:
            cells = [row.workload, row.runner, str(len(row.samples))]
            for attribute, digits in (("wall", 3), ("cpu", 3), ("rss_mb", 1)):
                low, high = row.spread(attribute)
                cells.append(f"{row.median(attribute):.{digits}f} "
                             f"({low:.{digits}f}-{high:.{digits}f})")
            base = census_wall.get(row.workload)
            cells.append(f"{row.median('wall') / base:.2f}x" if base else "")
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)


def manifest_text(job: str, entries: list[str], concurrency: int) -> str:
    head = (
        "version: 1\n"
        f"job: bench-{job}\n"
        "limits:\n"
        f"  concurrency: {concurrency}\n"
        "  timeout: 120s\n"
        "  startup_timeout: 120s\n"
        "  retries: 0\n"
        "  max_message: 64MiB\n"
        "output: { formats: [json] }\n"
        "servers:\n")
    body = "".join(
        f"  - name: s{index:05d}\n{entry}" for index, entry in
        enumerate(entries))
    return head + body


def stdio_entry(program: str, arguments: list[str]) -> str:
    quoted = ", ".join(f'"{argument}"' for argument in arguments)
    return f"    command: {program}\n    args: [{quoted}]\n"


def http_entry(url: str) -> str:
    return f"    url: {url}\n"


def folder_bytes(path: str) -> int:
    """Bytes of the files in `path` (the reports of one run)."""
    if not os.path.isdir(path):
        return 0
    return sum(os.path.getsize(os.path.join(path, name))
               for name in os.listdir(path))


def compile_c(source: str, output: str, *flags: str) -> None:
    subprocess.run(["cc", "-O2", *flags, "-o", output,
                    os.path.join(HERE, source)], check=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_http(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return  # the server answered, if only to refuse a GET
        except OSError:
            time.sleep(0.1)
    sys.exit(f"bench: {url} did not come up")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--census", default=os.path.join(
        ROOT, ".build/release/mcp-census"))
    parser.add_argument("--python", default=os.path.join(
        ROOT, ".venv/bin/python"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sdk-runs", type=int, default=3)
    parser.add_argument("--only", default="W1,W2,W3,W4,W5")
    options = parser.parse_args()
    options.census = os.path.abspath(options.census)

    with tempfile.TemporaryDirectory(prefix="census-bench-") as work:
        bench = Bench(options, work)
        for workload in options.only.split(","):
            print(f"{workload}:", file=sys.stderr)
            getattr(bench, workload.strip().lower())()
        print(bench.table())
        print()
        for note in bench.notes:
            print(f"- {note}")


if __name__ == "__main__":
    main()
