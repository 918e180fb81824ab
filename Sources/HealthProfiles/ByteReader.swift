/// A bounds-checked little-endian reader over borrowed bytes.
///
/// Every read checks the remaining length first and throws `DecodeError.truncated` naming the field and
/// the offset; it never traps on external data. The reader does not own the bytes: use it inside
/// `withUnsafeBytes` (see `decode(_:_:)`).
public struct ByteReader {
    /// The bytes being read.
    public let bytes: UnsafeRawBufferPointer
    /// Offset of the next byte to read.
    public private(set) var offset: Int = 0

    /// Creates a reader at offset 0.
    public init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Number of bytes not read yet.
    @inlinable public var remaining: Int { bytes.count &- offset }

    @inline(__always)
    mutating func require(_ count: Int, _ field: StaticString) throws(DecodeError) -> Int {
        let start = offset
        guard bytes.count &- start >= count else {
            throw Self.truncated(field, needed: count, remaining: bytes.count &- start, offset: start)
        }
        offset = start &+ count
        return start
    }

    /// The error path, kept out of line so the inlined reads stay small.
    @inline(never)
    static func truncated(_ field: StaticString, needed: Int, remaining: Int, offset: Int) -> DecodeError {
        .truncated(field: "\(field)", needed: needed, remaining: remaining, offset: offset)
    }

    /// Reads one byte.
    @inline(__always)
    public mutating func readUInt8(_ field: StaticString) throws(DecodeError) -> UInt8 {
        let at = try require(1, field)
        return bytes[at]
    }

    /// Reads a little-endian uint16.
    @inline(__always)
    public mutating func readUInt16(_ field: StaticString) throws(DecodeError) -> UInt16 {
        let at = try require(2, field)
        return UInt16(bytes[at]) | UInt16(bytes[at &+ 1]) << 8
    }

    /// Reads a little-endian sint16.
    @inline(__always)
    public mutating func readInt16(_ field: StaticString) throws(DecodeError) -> Int16 {
        Int16(bitPattern: try readUInt16(field))
    }

    /// Reads a little-endian uint24.
    @inline(__always)
    public mutating func readUInt24(_ field: StaticString) throws(DecodeError) -> UInt32 {
        let at = try require(3, field)
        return UInt32(bytes[at]) | UInt32(bytes[at &+ 1]) << 8 | UInt32(bytes[at &+ 2]) << 16
    }

    /// Reads a little-endian uint32.
    @inline(__always)
    public mutating func readUInt32(_ field: StaticString) throws(DecodeError) -> UInt32 {
        let at = try require(4, field)
        return UInt32(bytes[at]) | UInt32(bytes[at &+ 1]) << 8 | UInt32(bytes[at &+ 2]) << 16
            | UInt32(bytes[at &+ 3]) << 24
    }

    /// Reads a little-endian unsigned integer of `count` (1...8) bytes.
    public mutating func readUInt(_ field: StaticString, count: Int) throws(DecodeError) -> UInt64 {
        let at = try require(count, field)
        var value: UInt64 = 0
        for index in 0..<min(count, 8) {
            value |= UInt64(bytes[at &+ index]) << (8 * UInt64(index))
        }
        return value
    }

    /// Reads an IEEE-11073 16-bit SFLOAT.
    @inline(__always)
    public mutating func readSFloat(_ field: StaticString) throws(DecodeError) -> MedFloat16 {
        MedFloat16(bitPattern: try readUInt16(field))
    }

    /// Reads an IEEE-11073 32-bit FLOAT.
    @inline(__always)
    public mutating func readFloat(_ field: StaticString) throws(DecodeError) -> MedFloat32 {
        MedFloat32(bitPattern: try readUInt32(field))
    }

    /// Returns the rest of the payload and moves to its end.
    public mutating func readRest() -> UnsafeRawBufferPointer {
        let rest = UnsafeRawBufferPointer(rebasing: bytes[offset...])
        offset = bytes.count
        return rest
    }

    /// Throws `trailingBytes` unless every byte has been read.
    @inline(__always)
    public func finish() throws(DecodeError) {
        guard remaining == 0 else { throw .trailingBytes(count: remaining, offset: offset) }
    }
}
