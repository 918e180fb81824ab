/// A D-Bus value as the simulator needs it, independent of any D-Bus binding.
///
/// The façade maps each case to exactly one D-Bus type; `signature` names it. Dictionary cases keep
/// their keys sorted when marshalled so signals are deterministic.
public indirect enum SimValue: Hashable, Sendable {
    case string(String)
    case objectPath(String)
    case bool(Bool)
    case byte(UInt8)
    case int16(Int16)
    case uint16(UInt16)
    case int32(Int32)
    case uint32(UInt32)
    case bytes([UInt8])
    case strings([String])
    case objectPaths([String])
    /// `a{qv}`, e.g. `ManufacturerData` (values are `ay` variants).
    case dictUInt16([UInt16: SimValue])
    /// `a{sv}`, e.g. `ServiceData` or method options.
    case dictString([String: SimValue])
    /// `a{yv}`, e.g. `AdvertisingData`.
    case dictByte([UInt8: SimValue])
    /// A value of a type the simulator does not model (kept for type checking), with its signature.
    case unsupported(signature: String)

    /// The D-Bus signature of this value.
    public var signature: String {
        switch self {
        case .string: "s"
        case .objectPath: "o"
        case .bool: "b"
        case .byte: "y"
        case .int16: "n"
        case .uint16: "q"
        case .int32: "i"
        case .uint32: "u"
        case .bytes: "ay"
        case .strings: "as"
        case .objectPaths: "ao"
        case .dictUInt16: "a{qv}"
        case .dictString: "a{sv}"
        case .dictByte: "a{yv}"
        case .unsupported(let signature): signature
        }
    }

    public var stringValue: String? { if case .string(let v) = self { v } else { nil } }
    public var boolValue: Bool? { if case .bool(let v) = self { v } else { nil } }
    public var bytesValue: [UInt8]? { if case .bytes(let v) = self { v } else { nil } }
    public var stringsValue: [String]? { if case .strings(let v) = self { v } else { nil } }
    public var uint16Value: UInt16? { if case .uint16(let v) = self { v } else { nil } }
    public var int16Value: Int16? { if case .int16(let v) = self { v } else { nil } }
    public var uint32Value: UInt32? { if case .uint32(let v) = self { v } else { nil } }
    public var objectPathValue: String? { if case .objectPath(let v) = self { v } else { nil } }
}
