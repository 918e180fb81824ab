/// The fixed GATT database of a simulated device model. Handles are allocated in order from 0x0001
/// (service declaration, then per characteristic: declaration, value, descriptors), so object paths
/// are identical on every connection: a cuff's 0x1810 is `service000c`, 0x2A35 `char000d`, its CCCD `desc000f`.
public struct GattLayout: Sendable, Equatable {
    public struct Service: Sendable, Equatable {
        public let uuid: BluetoothUUID
        public let handle: UInt16
        public let endHandle: UInt16
        public let characteristics: [Characteristic]
        /// GAP/GATT are claimed by bluetoothd: exported read-only (5.80+), writes → NotAuthorized.
        public let claimed: Bool
    }

    public struct Characteristic: Sendable, Equatable {
        public let uuid: BluetoothUUID
        public let handle: UInt16
        public let valueHandle: UInt16
        public let flags: [String]
        public let descriptors: [Descriptor]
        public let serviceHandle: UInt16

        public var canNotify: Bool { flags.contains("notify") || flags.contains("indicate") }
        public var cccd: Descriptor? { descriptors.first { $0.uuid == BluetoothUUID(short: 0x2902) } }
    }

    public struct Descriptor: Sendable, Equatable {
        public let uuid: BluetoothUUID
        public let handle: UInt16
        public let characteristicHandle: UInt16
    }

    public let services: [Service]

    /// Builds a layout from (service, [(characteristic, flags)]) in order, adding a CCCD to notify/indicate chars.
    init(_ spec: [(service: UInt16, characteristics: [(UInt16, [String])])]) {
        var handle: UInt16 = 1
        var services: [Service] = []
        for (serviceUUID, characteristics) in spec {
            let start = handle
            handle += 1
            var chars: [Characteristic] = []
            for (uuid, flags) in characteristics {
                let declaration = handle
                let value = handle + 1
                handle += 2
                var descriptors: [Descriptor] = []
                if flags.contains("notify") || flags.contains("indicate") {
                    descriptors.append(Descriptor(uuid: BluetoothUUID(short: 0x2902), handle: handle, characteristicHandle: declaration))
                    handle += 1
                }
                chars.append(Characteristic(uuid: BluetoothUUID(short: uuid), handle: declaration, valueHandle: value,
                                            flags: flags, descriptors: descriptors, serviceHandle: start))
            }
            services.append(Service(uuid: BluetoothUUID(short: serviceUUID), handle: start, endHandle: handle - 1,
                                    characteristics: chars, claimed: serviceUUID == 0x1800 || serviceUUID == 0x1801))
        }
        self.services = services
    }

    public var characteristics: [Characteristic] { services.flatMap(\.characteristics) }

    public func characteristic(uuid: BluetoothUUID) -> Characteristic? { characteristics.first { $0.uuid == uuid } }
    public func characteristic(handle: UInt16) -> Characteristic? { characteristics.first { $0.handle == handle } }
    public func service(handle: UInt16) -> Service? { services.first { $0.handle == handle } }
    public func descriptor(handle: UInt16) -> Descriptor? {
        characteristics.flatMap(\.descriptors).first { $0.handle == handle }
    }

    private static let gap: (service: UInt16, characteristics: [(UInt16, [String])]) =
        (0x1800, [(0x2A00, ["read"]), (0x2A01, ["read"]), (0x2A04, ["read"])])
    private static let gatt: (service: UInt16, characteristics: [(UInt16, [String])]) = (0x1801, [(0x2A05, ["indicate"])])
    private static let common: [(service: UInt16, characteristics: [(UInt16, [String])])] = [
        (0x180A, [(0x2A29, ["read"]), (0x2A24, ["read"]), (0x2A25, ["read"]), (0x2A27, ["read"]),
                  (0x2A26, ["read"]), (0x2A28, ["read"]), (0x2A23, ["read"])]),
        (0x180F, [(0x2A19, ["read", "notify"])]),
        (0x1805, [(0x2A2B, ["read", "write", "notify"])]),
    ]

    /// BP cuff: GAP, GATT, 0x1810 (0x2A35 indicate, 0x2A36 notify, 0x2A49 read, 0x2A08 read/write), DIS, Battery, CTS.
    public static let cuff = GattLayout(cuffSpec)
    private static let cuffSpec = [gap, gatt,
        (0x1810, [(0x2A35, ["indicate"]), (0x2A36, ["notify"]), (0x2A49, ["read"]), (0x2A08, ["read", "write"])])] + common

    /// Weight scale: GAP, GATT, 0x181D (0x2A9D indicate, 0x2A9E read), DIS, Battery, CTS.
    public static let scale = GattLayout(scaleSpec)
    private static let scaleSpec = [gap, gatt, (0x181D, [(0x2A9D, ["indicate"]), (0x2A9E, ["read"])])] + common

    public static func model(_ model: PeripheralSpec.Model) -> GattLayout { model == .cuff ? cuff : scale }

    /// Vendor command service after every standard one (existing handles unchanged): 0xFFF0 with
    /// 0xFFF1 (write-without-response, notify), the shape of many vendor control points; it is what
    /// AcquireWrite needs.
    static let commandService: (service: UInt16, characteristics: [(UInt16, [String])]) =
        (0xFFF0, [(0xFFF1, ["write-without-response", "notify"])])

    /// The layout after a firmware update: a vendor service appears right after GATT, so every later
    /// handle (and object path) moves.
    public static func updatedFirmware(_ model: PeripheralSpec.Model) -> GattLayout {
        var spec = model == .cuff ? cuffSpec : scaleSpec
        spec.insert((0xFFF8, [(0xFFF9, ["read"])]), at: 2)
        return GattLayout(spec)
    }

    /// The model's layout, plus the vendor command service if asked for.
    public static func model(_ model: PeripheralSpec.Model, commandService: Bool) -> GattLayout {
        guard commandService else { return self.model(model) }
        let base = model == .cuff ? cuffSpec : scaleSpec
        return GattLayout(base + [Self.commandService])
    }

    /// `<device>/service%04x`.
    public static func servicePath(device: String, _ service: UInt16) -> String { "\(device)/service\(hex4(service))" }
    /// `<device>/service%04x/char%04x`.
    public static func characteristicPath(device: String, service: UInt16, _ characteristic: UInt16) -> String {
        "\(servicePath(device: device, service))/char\(hex4(characteristic))"
    }
    /// `<device>/service%04x/char%04x/desc%04x`.
    public static func descriptorPath(device: String, service: UInt16, characteristic: UInt16, _ descriptor: UInt16) -> String {
        "\(characteristicPath(device: device, service: service, characteristic))/desc\(hex4(descriptor))"
    }
}
