"""A minimal reference hub gateway on bleak: what an outside evaluator would write in an afternoon.

Scans for blood-pressure cuffs (service 0x1810) and scales (0x181D), connects, subscribes to the
Blood Pressure Measurement (0x2A35) and Weight Measurement (0x2A9D) indications, decodes each value
(flags, IEEE-11073 SFLOAT, units), commits it in its own synchronous=FULL WAL transaction with
Python's sqlite3, and prints one colour line per reading (green/yellow/red by a fixed rule).

It is the peer CareHub's pipeline is measured against (docs/PERFORMANCE.md, `make bench-pipeline`),
not part of the product. Usage (bleak finds BlueZ through DBUS_SYSTEM_BUS_ADDRESS):

    python gateway.py --db readings.sqlite [--address AA:BB:CC:DD:EE:01 ...] [--count N]
                      [--done-log FILE] [--report FILE]

--count N stops after N readings; --done-log writes "sequence monotonic_ns" per reading, taken
after its line is printed; --report writes the process's own CPU (getrusage) from subscribing to
the end, and its RSS at the end, as JSON.
"""

import argparse
import asyncio
import json
import math
import resource
import sqlite3
import sys
import time

from bleak import BleakClient, BleakScanner


def uuid128(short: str) -> str:
    return f"0000{short.lower()}-0000-1000-8000-00805f9b34fb"


BP_SERVICE, WEIGHT_SERVICE = uuid128("1810"), uuid128("181d")
BP_MEASUREMENT, WEIGHT_MEASUREMENT = uuid128("2a35"), uuid128("2a9d")
MMHG_PER_KPA = 7.50061683
KG_PER_LB = 0.45359237


class DecodeError(ValueError):
    pass


def sfloat(data: bytes, offset: int) -> float:
    """IEEE-11073 16-bit SFLOAT: 4-bit signed exponent, 12-bit signed mantissa; NaN for the specials."""
    if offset + 2 > len(data):
        raise DecodeError(f"truncated SFLOAT at byte {offset}")
    raw = data[offset] | data[offset + 1] << 8
    mantissa, exponent = raw & 0x0FFF, raw >> 12
    if mantissa in (0x07FF, 0x0800, 0x0801):  # NaN, NRes, reserved
        return math.nan
    if mantissa == 0x07FE:
        return math.inf
    if mantissa == 0x0802:
        return -math.inf
    if mantissa >= 0x0800:
        mantissa -= 0x1000
    if exponent >= 0x8:
        exponent -= 0x10
    return mantissa * 10.0 ** exponent


def date_time(data: bytes, offset: int) -> str:
    if offset + 7 > len(data):
        raise DecodeError(f"truncated Date Time at byte {offset}")
    year = data[offset] | data[offset + 1] << 8
    month, day, hour, minute, second = data[offset + 2:offset + 7]
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}"


def decode_blood_pressure(data: bytes) -> dict:
    """0x2A35: flags; systolic, diastolic, MAP (SFLOAT, mmHg or kPa); optional time, pulse, user, status."""
    if len(data) < 7:
        raise DecodeError("blood pressure measurement shorter than 7 bytes")
    flags = data[0]
    scale = MMHG_PER_KPA if flags & 0x01 else 1.0
    reading = {"kind": "blood_pressure", "systolic": sfloat(data, 1) * scale, "diastolic": sfloat(data, 3) * scale,
               "map": sfloat(data, 5) * scale, "device_time": None, "pulse": None, "weight": None}
    offset = 7
    if flags & 0x02:
        reading["device_time"] = date_time(data, offset)
        offset += 7
    if flags & 0x04:
        reading["pulse"] = sfloat(data, offset)
        offset += 2
    if flags & 0x08:
        offset += 1
    if flags & 0x10 and offset + 2 > len(data):
        raise DecodeError("truncated measurement status")
    return reading


def decode_weight(data: bytes) -> dict:
    """0x2A9D: flags; weight uint16 × 0.005 kg (SI) or × 0.01 lb (imperial), 0xFFFF unsuccessful; optional time."""
    if len(data) < 3:
        raise DecodeError("weight measurement shorter than 3 bytes")
    flags = data[0]
    raw = data[1] | data[2] << 8
    weight = math.nan if raw == 0xFFFF else (raw * 0.01 * KG_PER_LB if flags & 0x01 else raw * 0.005)
    reading = {"kind": "weight", "systolic": None, "diastolic": None, "map": None, "pulse": None,
               "weight": weight, "device_time": None}
    if flags & 0x02:
        reading["device_time"] = date_time(data, 3)
    return reading


def colour(reading: dict) -> str:
    """A fixed rule (no history, no per-patient thresholds): the guideline's blood-pressure limits."""
    if reading["kind"] == "weight":
        weight = reading["weight"]
        return "green" if 20 <= weight <= 300 else "yellow"
    sbp, dbp, pulse = reading["systolic"], reading["diastolic"], reading["pulse"]
    if not (math.isfinite(sbp) and math.isfinite(dbp)):
        return "yellow"
    if sbp >= 180 or dbp >= 110 or sbp < 80 or (pulse is not None and (pulse < 40 or pulse >= 130)):
        return "red"
    if sbp >= 135 or dbp >= 85 or sbp < 90 or (pulse is not None and (pulse < 50 or pulse > 100)):
        return "yellow"
    return "green"


ANSI = {"green": "\033[42;30m", "yellow": "\033[43;30m", "red": "\033[41;37m"}


def line(reading: dict, tone: str) -> str:
    if reading["kind"] == "weight":
        value = f"weight {reading['weight']:.1f} kg"
    else:
        pulse = "" if reading["pulse"] is None else f" pulse {reading['pulse']:.0f}"
        value = f"blood pressure {reading['systolic']:.0f}/{reading['diastolic']:.0f} mmHg{pulse}"
    return f"{ANSI[tone]} {tone.upper():6} \033[0m {value} ({reading['device_time'] or 'no device time'})"


class Store:
    """One WAL SQLite file, synchronous=FULL, one transaction (one fsync) per reading."""

    def __init__(self, path: str):
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("""CREATE TABLE IF NOT EXISTS reading (
            id INTEGER PRIMARY KEY, device TEXT NOT NULL, characteristic TEXT NOT NULL, received_at REAL NOT NULL,
            device_time TEXT, kind TEXT NOT NULL, systolic REAL, diastolic REAL, map REAL, pulse REAL,
            weight_kg REAL, colour TEXT NOT NULL, raw BLOB NOT NULL)""")

    def commit(self, device: str, characteristic: str, raw: bytes, reading: dict, tone: str) -> None:
        self.db.execute("BEGIN")
        self.db.execute(
            "INSERT INTO reading (device, characteristic, received_at, device_time, kind, systolic, diastolic, map,"
            " pulse, weight_kg, colour, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (device, characteristic, time.time(), reading["device_time"], reading["kind"], reading["systolic"],
             reading["diastolic"], reading["map"], reading["pulse"], reading["weight"], tone, raw))
        self.db.execute("COMMIT")


class Gateway:
    def __init__(self, store: Store, count: int | None):
        self.store = store
        self.count = count
        self.done: list[int] = []
        self.finished = asyncio.Event()

    def handler(self, address: str, characteristic: str):
        decode = decode_blood_pressure if characteristic == "2A35" else decode_weight

        def on_value(_sender, data: bytearray) -> None:
            raw = bytes(data)
            try:
                reading = decode(raw)
            except DecodeError as error:
                print(f"{address} {characteristic}: not stored: {error}", file=sys.stderr)
                return
            tone = colour(reading)
            self.store.commit(address, characteristic, raw, reading, tone)
            print(line(reading, tone), flush=True)
            self.done.append(time.monotonic_ns())
            if self.count is not None and len(self.done) >= self.count:
                self.finished.set()
        return on_value


async def run(arguments) -> dict:
    store = Store(arguments.db)
    gateway = Gateway(store, arguments.count)
    if arguments.address:
        devices = [await BleakScanner.find_device_by_address(a, timeout=10) for a in arguments.address]
        devices = [d for d in devices if d is not None]
    else:
        found = await BleakScanner.discover(timeout=arguments.scan_seconds, service_uuids=[BP_SERVICE, WEIGHT_SERVICE])
        devices = list(found)
    if not devices:
        raise SystemExit("no cuff or scale found")
    clients: list[BleakClient] = []
    try:
        for device in devices:
            client = BleakClient(device, timeout=20)
            await client.connect()
            clients.append(client)
        # As carehub-pipeline-bench does: the CPU is counted from the subscription on (the load starts then).
        start = resource.getrusage(resource.RUSAGE_SELF)
        for device, client in zip(devices, clients):
            for characteristic, uuid in (("2A35", BP_MEASUREMENT), ("2A9D", WEIGHT_MEASUREMENT)):
                if client.services.get_characteristic(uuid) is not None:
                    await client.start_notify(uuid, gateway.handler(device.address, characteristic))
        await gateway.finished.wait()
        end = resource.getrusage(resource.RUSAGE_SELF)
    finally:
        for client in clients:
            await client.disconnect()
    cpu = (end.ru_utime + end.ru_stime - start.ru_utime - start.ru_stime) * 1e6
    return {"readings": len(gateway.done), "cpu_us": cpu, "rss_kb": rss_kb(),
            "context_switches": end.ru_nvcsw + end.ru_nivcsw - start.ru_nvcsw - start.ru_nivcsw,
            "done_ns": gateway.done}


def rss_kb() -> int:
    with open("/proc/self/status") as status:
        for row in status:
            if row.startswith("VmRSS:"):
                return int(row.split()[1])
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="SQLite file (created)")
    parser.add_argument("--address", action="append", help="device address (repeatable); default: scan")
    parser.add_argument("--scan-seconds", type=float, default=5)
    parser.add_argument("--count", type=int, help="stop after this many readings")
    parser.add_argument("--done-log", help="write 'sequence monotonic_ns' per reading here at the end")
    parser.add_argument("--report", help="write CPU, RSS and context switches here (JSON) at the end")
    arguments = parser.parse_args()
    if arguments.count is None and (arguments.done_log or arguments.report):
        parser.error("--done-log and --report need --count")
    result = asyncio.run(run(arguments))
    if arguments.done_log:
        with open(arguments.done_log, "w") as log:
            log.writelines(f"{index} {ns}\n" for index, ns in enumerate(result["done_ns"]))
    if arguments.report:
        with open(arguments.report, "w") as report:
            json.dump({k: v for k, v in result.items() if k != "done_ns"}, report)


if __name__ == "__main__":
    main()
