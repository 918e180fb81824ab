/// PnP ID 0x2A50: vendor ID source (1 Bluetooth SIG, 2 USB-IF; others reserved), vendor, product, version.
public struct PnPID: Sendable, Hashable {
    /// 1 = Bluetooth SIG assigned, 2 = USB Implementer's Forum assigned.
    public var vendorIDSource: UInt8
    /// Vendor ID.
    public var vendorID: UInt16
    /// Product ID.
    public var productID: UInt16
    /// Product version (0xJJMN: major, minor, sub-minor).
    public var productVersion: UInt16

    /// Creates a PnP ID.
    public init(vendorIDSource: UInt8, vendorID: UInt16, productID: UInt16, productVersion: UInt16) {
        self.vendorIDSource = vendorIDSource
        self.vendorID = vendorID
        self.productID = productID
        self.productVersion = productVersion
    }

    /// "bluetooth_sig" or "usb_if".
    public var vendorIDSourceName: String { vendorIDSource == 1 ? "bluetooth_sig" : "usb_if" }

    /// Decodes exactly 7 bytes; a reserved vendor ID source is an error.
    public static func decode(from reader: inout ByteReader) throws(DecodeError) -> PnPID {
        let source = try reader.readUInt8("vendor_id_source")
        guard source == 1 || source == 2 else { throw .reservedValue(field: "vendor_id_source", value: UInt32(source), offset: 0) }
        let value = PnPID(
            vendorIDSource: source, vendorID: try reader.readUInt16("vendor_id"), productID: try reader.readUInt16("product_id"),
            productVersion: try reader.readUInt16("product_version"))
        try reader.finish()
        return value
    }

    /// Encodes the 7 bytes.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter()
        writer.write(vendorIDSource)
        writer.write(vendorID)
        writer.write(productID)
        writer.write(productVersion)
        return writer.bytes
    }
}
