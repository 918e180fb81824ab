"""The bleak reference gateway (gateway.py) under the load carehub-pipeline-bench uses.

The same set-up as Benchmarks/Sources/carehub-pipeline-bench: a private dbus-daemon, bluez-sim with
one cuff in load mode (`count` indications of fixture sim-bp-1 at `rate` per second, starting when
the client subscribes, each send time logged as `sequence monotonic_ns`), a database on the same
disk (.tmp/ in the repository). Then the gateway runs as its own process and this script prints
its latency (send → colour line printed, after the commit), CPU per reading (the gateway's own
getrusage, from subscribing to the last reading) and RSS at the end.

Usage: python bench.py --sim .build/release/bluez-sim [--count 2000] [--rate 500]
Run by `make bench-pipeline`, interleaved with carehub-pipeline-bench.
"""

import argparse
import json
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
CUFF = "AA:BB:CC:DD:EE:01"


def percentile(ordered: list[float], p: float) -> float:
    return ordered[min(len(ordered) - 1, round((len(ordered) - 1) * p))] if ordered else float("nan")


def wait_for_line(stream, text: str, what: str, seconds: float = 20) -> str:
    """Reads `stream` until a line contains `text` (the child prints it once; no polling loop)."""
    deadline = time.monotonic() + seconds
    seen = []
    while time.monotonic() < deadline:
        line = stream.readline()
        if not line:
            break
        seen.append(line)
        if text in line:
            return line
    raise SystemExit(f"{what} did not start: {''.join(seen)[-500:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sim", default=str(ROOT / ".build/release/bluez-sim"))
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=500)
    arguments = parser.parse_args()

    (ROOT / ".tmp").mkdir(exist_ok=True)
    work = pathlib.Path(tempfile.mkdtemp(prefix="bench-bleak-", dir=ROOT / ".tmp"))
    processes: list[subprocess.Popen] = []
    try:
        load_log = work / "load.log"
        scenario = work / "load.json"
        scenario.write_text(json.dumps({
            "description": "pipeline bench (bleak reference gateway)",
            "peripherals": [{"address": CUFF, "model": "cuff", "name": "BLESmart_BENCH", "pairing": {"method": "just-works"}}],
            "load": {"device": CUFF, "count": arguments.count, "rateHz": arguments.rate, "logFile": str(load_log),
                     "reading": {"fixture": "sim-bp-1"}, "startOnSubscribe": True}}))
        (work / "bus.conf").write_text(f"""<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:path={work}/bus</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>
""")
        bus = subprocess.Popen(["dbus-daemon", f"--config-file={work}/bus.conf", "--nofork", "--nopidfile", "--print-address=1"],
                               stdout=subprocess.PIPE, stderr=open(work / "bus.err", "w"), text=True)
        processes.append(bus)
        address = wait_for_line(bus.stdout, "unix:", "dbus-daemon").strip()
        sim = subprocess.Popen([arguments.sim, "--scenario", str(scenario), "--payloads", str(ROOT / "fixtures/payloads"),
                                "--address", address], stdout=subprocess.PIPE, text=True)
        processes.append(sim)
        wait_for_line(sim.stdout, "bluez-sim ready", "bluez-sim")

        done_log, report, output = work / "done.log", work / "report.json", work / "gateway.out"
        environment = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=address)
        with open(output, "w") as out:
            gateway = subprocess.run(
                [sys.executable, str(pathlib.Path(__file__).with_name("gateway.py")), "--db", str(work / "gateway.sqlite"),
                 "--address", CUFF, "--count", str(arguments.count), "--done-log", str(done_log), "--report", str(report)],
                env=environment, stdout=out, stderr=subprocess.PIPE, text=True, timeout=600)
        if gateway.returncode != 0:
            raise SystemExit(f"gateway failed ({gateway.returncode}): {gateway.stderr[-2000:]}")

        sends = [int(row.split()[1]) for row in load_log.read_text().splitlines() if len(row.split()) == 2]
        done = [int(row.split()[1]) for row in done_log.read_text().splitlines() if len(row.split()) == 2]
        if len(sends) != arguments.count or len(done) != arguments.count:
            raise SystemExit(f"sends {len(sends)}, readings {len(done)}, expected {arguments.count}")
        latencies = sorted((d - s) / 1000 for s, d in zip(sends, done))
        figures = json.loads(report.read_text())
        lines = output.read_text().splitlines()
        span = (done[-1] - sends[0]) / 1e9
        print(f"bleak reference gateway (bleak, sqlite3 WAL synchronous=FULL, one commit per reading): "
              f"{arguments.count} indications at {arguments.rate:g}/s, {len(lines)} colour lines, run {span:.2f} s")
        print(f"  latency send → colour line: p50 {percentile(latencies, 0.5):.0f} µs, p90 {percentile(latencies, 0.9):.0f} µs, "
              f"p99 {percentile(latencies, 0.99):.0f} µs, max {latencies[-1]:.0f} µs")
        print(f"  CPU (user+sys, gateway process) per reading: {figures['cpu_us'] / arguments.count:.1f} µs; "
              f"context switches per reading: {figures['context_switches'] / arguments.count:.1f}")
        print(f"  RSS at the end: {figures['rss_kb'] // 1024} MB ({figures['rss_kb']} kB)")
    finally:
        for process in reversed(processes):
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
