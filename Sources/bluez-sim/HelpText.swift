import BlueZSim

/// The long `--help` text: scenario format, faults, control interface (lines kept under 80 columns
/// because ArgumentParser re-wraps longer ones).
enum HelpText {
    static var discussion: String {
        let faults = FaultSpec.Kind.allCases.map { wrap("\($0.rawValue): \($0.help)", indent: "  ", hanging: "      ") }
            .joined(separator: "\n")
        let control = BlueZSimServer.controlMethods.map { "  \($0.signature)\n" + wrap($0.help, indent: "      ", hanging: "      ") }
            .joined(separator: "\n")
        return """
        Claims org.bluez on the bus and behaves like bluetoothd (5.8x) on the wire:
        ObjectManager at /, AgentManager1 + ProfileManager1 at /org/bluez, Adapter1
        at /org/bluez/hciN, Device1 at .../dev_AA_BB_CC_DD_EE_FF, GATT objects at
        .../serviceXXXX/charXXXX/descXXXX, bluetoothd's property types, signals,
        error names and messages. Prints "bluez-sim ready ..." on stdout once its
        objects are exported; stops on SIGINT/SIGTERM.

        SCENARIO FORMAT (JSON; unknown keys are errors; times in ms since start;
        reference: fixtures/scenarios/README.md)
          {"description": "...",
           "settings": {"temporaryTimeoutMs": 30000, "scanStartDelayMs": 5,
             "connectDelayMs": 20, "connectTimeoutMs": 10000,
             "serviceDiscoveryDelayMs": 50, "cachedServiceDiscoveryDelayMs": 10,
             "pairingDelayMs": 20, "agentTimeoutMs": 60000,
             "cache": "always|no", "disconnectedSignal": true, "mtu": 247,
             "restartDowntimeMs": 200, "advertReportIntervalMs": 500,
             "servicesResolvedEarly": false, "coalesceProperties": false,
             "experimental": false},
           "adapters": [{"name": "hci0", "address": "00:1A:7D:DA:71:13",
             "alias": "carehub-hub", "powered": true, "maxConnections": 5}],
           "peripherals": [{
             "address": "AA:BB:CC:DD:EE:01", "addressType": "public|random",
             "identityAddress": "C0:11:22:33:44:55" (random only: address is an RPA,
               temporary until Pair reveals this identity: Address changes before the reply),
             "identityAddressType": "public|random",
             "adapter": "hci0", "model": "cuff|scale", "name": "BLESmart_...",
             "appearance": 897, "rssi": -60, "txPower": 0,
             "manufacturerData": {"0x020E": "01001c"}, "serviceData": {"181D": "00"},
             "advertisedServices": ["1810"],
             "advertising": [{"startMs": 0, "durationMs": 30000}],
             "pairing": {"method": "none|just-works|passkey|display-passkey|confirm",
                         "passkey": 123456, "pairingMode": true},
             "paired": false, "connectedAtStart": false,
             "deviceInformation": {"manufacturer": "...", "model": "...",
               "serial": "...", "hardware": "...", "firmware": "...",
               "software": "..."},
             "batteryLevel": 90,
             "readings": [{"fixture": "sim-bp-1"},
                          {"hex": "06780050005d00", "characteristic": "2A35"}],
             "securityRequired": false, "timeWriteRequired": false,
             "indicationSpacingMs": 5,
             "disconnectAfterBurstMs": 200, "keepReadings": false,
             "commandService": false}],
           "faults": [{"fault": "<name>", "device": "...", "count": 1,
                       "atMs": 20000, ...}],
           "load": {"device": "...", "count": 1000, "rateHz": 200,
             "logFile": "load.log", "reading": {"fixture": "sim-bp-1"},
             "startOnSubscribe": true}}
          No "advertising" key = always on air. Stored readings are indicated (one
          PropertiesChanged of Value each, identical payloads included) once the
          measurement CCCD is enabled (StartNotify) and, with timeWriteRequired,
          after a write to Date Time 0x2A08 or Current Time 0x2A2B. Fixture ids
          come from fixtures/payloads/*.json ([{"id","characteristic","hex"}]).

        GATT HANDLES (fixed per model, so paths are stable)
          GAP service0001, GATT service0008; cuff: Blood Pressure service000c
          (char000d 0x2A35 + desc000f CCCD, char0010 0x2A36, char0013 0x2A49,
          char0015 0x2A08), DIS service0017, Battery service0026, CTS service002a;
          scale: Weight Scale service000c (char000d 0x2A9D + desc000f, char0010
          0x2A9E), DIS service0012, Battery service0021, CTS service0025.
          commandService adds vendor 0xFFF0 after CTS (cuff service002e/char002f,
          scale service0029/char002a: 0xFFF1 write-without-response + notify),
          the characteristic AcquireWrite works on (real SOCK_SEQPACKET fd; each
          datagram is one write; closing it releases WriteAcquired).

        FAULTS (scenario "faults" list, or InjectFault at run time)
        \(faults)

        CONTROL INTERFACE (bus name \(BlueZSimServer.controlName), object /,
        interface \(BlueZSimServer.controlInterface))
        \(control)

        BEHAVIOURS
          settings.coalesceProperties: one object's property changes in one tick
          arrive as one PropertiesChanged with the latest values (never Value).
          adapters[].maxConnections: one more LE link fails Connect() with
          "le-connection-concurrent-connection-limit".
          identityAddress (random addressType): an RPA device stays temporary
          until Pair, which changes Address/AddressType before its reply.
          A vanished client's pending Connect keeps the device InProgress until
          settings.connectTimeoutMs. Powered false drops links (reason Local),
          ends discovery, fails pending calls; NotReady until Powered true.
          settings.experimental: Adapter1.ConnectDevice({"Address": s,
          "AddressType": "public|random"}) → device path once connected
          (AlreadyExists for a known device); off → UnknownMethod.
          Replies leave in bluetoothd's order among the signals around them.
          Unknown paths: UnknownObject, unknown methods/interfaces:
          UnknownMethod, with libdbus's "Method ... doesn't exist" text.

        GattManager1 (on each adapter): RegisterApplication(o, a{sv}) reads the
        caller's ObjectManager at o (needs a GattService1 with UUID; each
        characteristic UUID, Service, Flags; else Failed), AlreadyExists for a
        duplicate, UnregisterApplication → DoesNotExist if unknown; apps are
        dropped when their owner leaves the bus. Nothing is served to peripherals.

        NOT SIMULATED: LEAdvertisingManager1, BR/EDR, pairing
        started by a peripheral Security Request. AcquireNotify and AcquireWrite
        are real (SOCK_SEQPACKET fds).
        """
    }

    /// Wraps `text` at 78 columns: first line after `indent`, the rest after `hanging`.
    static func wrap(_ text: String, indent: String, hanging: String) -> String {
        var lines: [String] = []
        var line = indent
        for word in text.split(separator: " ") {
            if line.count + word.count + 1 > 78, line.count > hanging.count {
                lines.append(line)
                line = hanging
            }
            line += (line == indent || line == hanging ? "" : " ") + word
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }
}
