/// Little-endian writer used by the encoders (simulator, tests, round trips).
public struct ByteWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []

    /// Creates an empty writer.
    public init(capacity: Int = 32) {
        bytes.reserveCapacity(capacity)
    }

    /// Appends one byte.
    public mutating func write(_ value: UInt8) { bytes.append(value) }

    /// Appends a little-endian uint16.
    public mutating func write(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    /// Appends a little-endian sint16.
    public mutating func write(_ value: Int16) { write(UInt16(bitPattern: value)) }

    /// Appends the low `count` bytes of `value`, little-endian.
    public mutating func write(_ value: UInt64, count: Int) {
        for index in 0..<count { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(index)))) }
    }

    /// Appends a little-endian uint32.
    public mutating func write(_ value: UInt32) { write(UInt64(value), count: 4) }

    /// Appends an SFLOAT.
    public mutating func write(_ value: MedFloat16) { write(value.bitPattern) }

    /// Appends a FLOAT.
    public mutating func write(_ value: MedFloat32) { write(value.bitPattern) }

    /// Appends raw bytes.
    public mutating func write(contentsOf other: some Sequence<UInt8>) { bytes.append(contentsOf: other) }
}
