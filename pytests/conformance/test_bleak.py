"""Conformance of bluez-sim with bleak, a BlueZ client nobody here wrote.

Run by scripts/bleak-conformance, which starts a private bus (DBUS_SYSTEM_BUS_ADDRESS) and
bluez-sim with the scenario named in BLUEZ_SIM_SCENARIO. Expected values come from the scenario
and payload files themselves, not from the simulator.
"""

import asyncio
import json
import os
import pathlib

from bleak import BleakClient, BleakScanner
from dbus_fast import BusType, Message, MessageType
from dbus_fast.aio import MessageBus
from dbus_fast.service import ServiceInterface, method

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCENARIO_FILE = pathlib.Path(os.environ.get("BLUEZ_SIM_SCENARIO", ROOT / "fixtures/scenarios/cuff-and-scale.json"))
SCENARIO = json.loads(SCENARIO_FILE.read_text())
PAYLOADS = {
    entry["id"]: entry
    for path in sorted((ROOT / "fixtures/payloads").glob("*.json"))
    for entry in json.loads(path.read_text())
}


def uuid128(short: str) -> str:
    return f"0000{short.lower()}-0000-1000-8000-00805f9b34fb"


BPM, WEIGHT = uuid128("2a35"), uuid128("2a9d")
CUFF = next(p for p in SCENARIO["peripherals"] if p["model"] == "cuff")
SCALE = next(p for p in SCENARIO["peripherals"] if p["model"] == "scale")


def expected_readings(peripheral: dict) -> list[bytes]:
    return [
        bytes.fromhex(PAYLOADS[r["fixture"]]["hex"]) if "fixture" in r else bytes.fromhex(r["hex"].replace(" ", ""))
        for r in peripheral["readings"]
    ]


class Agent(ServiceInterface):
    """A pairing agent answering the passkey the cuff 'displays'."""

    def __init__(self, passkey: int):
        super().__init__("org.bluez.Agent1")
        self.passkey = passkey
        self.calls: list[str] = []

    @method()
    def Release(self):  # noqa: N802 (D-Bus names)
        self.calls.append("Release")

    @method()
    def RequestPasskey(self, device: "o") -> "u":  # noqa: F821,N802
        self.calls.append(f"RequestPasskey {device}")
        return self.passkey

    @method()
    def DisplayPasskey(self, device: "o", passkey: "u", entered: "q"):  # noqa: F821,N802
        self.calls.append("DisplayPasskey")

    @method()
    def RequestConfirmation(self, device: "o", passkey: "u"):  # noqa: F821,N802
        self.calls.append("RequestConfirmation")

    @method()
    def RequestAuthorization(self, device: "o"):  # noqa: F821,N802
        self.calls.append("RequestAuthorization")

    @method()
    def AuthorizeService(self, device: "o", uuid: "s"):  # noqa: F821,N802
        self.calls.append("AuthorizeService")

    @method()
    def Cancel(self):  # noqa: N802
        self.calls.append("Cancel")


async def bluez_call(bus: MessageBus, path: str, interface: str, member: str, signature: str = "", body=None,
                     destination: str = "org.bluez"):
    reply = await bus.call(Message(destination=destination, path=path, interface=interface, member=member,
                                   signature=signature, body=body or []))
    assert reply.message_type == MessageType.METHOD_RETURN, f"{member}: {reply.error_name} {reply.body}"
    return reply.body


async def register_agent(passkey: int) -> tuple[MessageBus, Agent]:
    bus = await MessageBus(bus_type=BusType.SYSTEM).connect()
    agent = Agent(passkey)
    bus.export("/carehub/test/agent", agent)
    await bluez_call(bus, "/org/bluez", "org.bluez.AgentManager1", "RegisterAgent", "os",
                     ["/carehub/test/agent", "KeyboardDisplay"])
    await bluez_call(bus, "/org/bluez", "org.bluez.AgentManager1", "RequestDefaultAgent", "o", ["/carehub/test/agent"])
    return bus, agent


async def collect_readings(peripheral: dict, characteristic: str, pair: bool) -> tuple[dict, list[bytes], list[str]]:
    device = await BleakScanner.find_device_by_address(peripheral["address"], timeout=10)
    assert device is not None, f"{peripheral['address']} not found"
    bus, agent = await register_agent(peripheral.get("pairing", {}).get("passkey", 0))
    received: list[bytes] = []
    want = len(peripheral["readings"])
    done = asyncio.Event()

    def on_value(_, data: bytearray):
        received.append(bytes(data))
        if len(received) >= want:
            done.set()

    try:
        async with BleakClient(device, timeout=20) as client:
            info = {}
            for name, short in [("manufacturer", "2a29"), ("model", "2a24"), ("serial", "2a25"),
                                ("hardware", "2a27"), ("firmware", "2a26"), ("software", "2a28")]:
                info[name] = (await client.read_gatt_char(uuid128(short))).decode()
            if pair:
                await client.pair()
            await client.start_notify(characteristic, on_value)
            await asyncio.wait_for(done.wait(), timeout=10)
            await asyncio.sleep(0.2)  # anything after the last expected reading would be a duplicate
    finally:
        bus.disconnect()
    return info, received, agent.calls


def test_scanner_finds_cuff_and_scale_by_service_uuid():
    async def scan():
        return await BleakScanner.discover(timeout=3, return_adv=True, service_uuids=[uuid128("1810"), uuid128("181d")])

    found = asyncio.run(scan())
    by_address = {device.address: adv for device, adv in found.values()}
    assert CUFF["address"] in by_address and SCALE["address"] in by_address
    cuff_adv = by_address[CUFF["address"]]
    assert cuff_adv.local_name == CUFF["name"]
    assert uuid128("1810") in cuff_adv.service_uuids
    assert abs(cuff_adv.rssi - CUFF["rssi"]) <= 1  # the simulator jitters RSSI by 1 dBm per advert
    assert cuff_adv.manufacturer_data == {0x020E: bytes.fromhex("01001c")}
    scale_adv = by_address[SCALE["address"]]
    assert uuid128("181d") in scale_adv.service_uuids
    assert scale_adv.service_data == {uuid128("181d"): bytes.fromhex("00")}


def test_cuff_pairs_with_passkey_and_indicates_every_stored_reading():
    info, received, agent_calls = asyncio.run(collect_readings(CUFF, BPM, pair=True))
    assert info == CUFF["deviceInformation"]
    assert any(call.startswith("RequestPasskey /org/bluez/hci0/dev_") for call in agent_calls)
    assert received == expected_readings(CUFF)


def test_scale_indicates_every_stored_reading():
    info, received, _ = asyncio.run(collect_readings(SCALE, WEIGHT, pair=False))
    assert info == SCALE["deviceInformation"]
    assert received == expected_readings(SCALE)


def test_battery_notifications_through_acquire_notify():
    """Battery Level has the notify flag, so bleak uses AcquireNotify and reads datagrams from the fd."""

    async def run():
        bus = await MessageBus(bus_type=BusType.SYSTEM).connect()
        received: list[bytes] = []
        got = asyncio.Event()

        def on_value(_, data: bytearray):
            received.append(bytes(data))
            got.set()

        try:
            device = await BleakScanner.find_device_by_address(SCALE["address"], timeout=10)
            assert device is not None
            async with BleakClient(device, timeout=20) as client:
                await client.start_notify(uuid128("2a19"), on_value)
                await bluez_call(bus, "/", "org.carehub.BlueZSim1", "Notify", "ssay",
                                 [SCALE["address"], "2A19", bytes([41])], destination="org.carehub.BlueZSim")
                await asyncio.wait_for(got.wait(), timeout=10)
                await client.stop_notify(uuid128("2a19"))
        finally:
            bus.disconnect()
        return received

    assert asyncio.run(run()) == [bytes([41])]


def test_connect_retries_after_le_connection_abort_by_local():
    """bleak waits for the Connected flap and retries (PR #1255): the simulator's fault must look real."""

    async def run():
        bus = await MessageBus(bus_type=BusType.SYSTEM).connect()
        try:
            await bluez_call(bus, "/", "org.carehub.BlueZSim1", "InjectFault", "ss",
                             ["connect-abort-by-local", json.dumps({"device": SCALE["address"]})],
                             destination="org.carehub.BlueZSim")
            device = await BleakScanner.find_device_by_address(SCALE["address"], timeout=10)
            assert device is not None
            async with BleakClient(device, timeout=20) as client:
                assert client.is_connected
                battery = await client.read_gatt_char(uuid128("2a19"))
                assert len(battery) == 1 and battery[0] <= 100  # a battery test may have notified a new level
        finally:
            bus.disconnect()

    asyncio.run(run())
