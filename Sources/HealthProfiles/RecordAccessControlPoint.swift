/// Record Access Control Point 0x2A52 message: op code, operator, operand. Responses are fully decoded.
public struct RecordAccessControlPoint: Sendable, Hashable {
    /// Op code names, codes 1...6.
    public static let opCodeNames = [
        1: "report_stored_records", 2: "delete_stored_records", 3: "abort_operation",
        4: "report_number_of_stored_records", 5: "number_of_stored_records_response", 6: "response_code",
    ]
    /// Operator names, codes 0...6.
    public static let operatorNames = [
        0: "null", 1: "all_records", 2: "less_than_or_equal_to", 3: "greater_than_or_equal_to", 4: "within_range",
        5: "first_record", 6: "last_record",
    ]
    /// Response code names, codes 1...9.
    public static let responseCodeNames = [
        1: "success", 2: "op_code_not_supported", 3: "invalid_operator", 4: "operator_not_supported", 5: "invalid_operand",
        6: "no_records_found", 7: "abort_unsuccessful", 8: "procedure_not_completed", 9: "operand_not_supported",
    ]

    /// Op code (1...6).
    public var opCode: UInt8
    /// Operator (0...6).
    public var operatorValue: UInt8
    /// Operand bytes (for op code 5: uint16 count; for 6: request op code and response code).
    public var operand: [UInt8]

    /// Creates a message.
    public init(opCode: UInt8, operatorValue: UInt8, operand: [UInt8]) {
        self.opCode = opCode
        self.operatorValue = operatorValue
        self.operand = operand
    }

    /// Number of stored records (op code 5).
    public var numberOfRecords: UInt16? {
        opCode == 5 && operand.count == 2 ? UInt16(operand[0]) | UInt16(operand[1]) << 8 : nil
    }
    /// (request op code, response code) of a response (op code 6).
    public var response: (requestOpCode: UInt8, responseCode: UInt8)? {
        opCode == 6 && operand.count == 2 ? (operand[0], operand[1]) : nil
    }

    /// Decodes a message; responses must have exactly their 2-byte operand.
    public static func decode(from reader: inout ByteReader) throws(DecodeError) -> RecordAccessControlPoint {
        let opCode = try reader.readUInt8("op_code")
        guard (1...6).contains(opCode) else { throw .reservedValue(field: "op_code", value: UInt32(opCode), offset: 0) }
        let operatorValue = try reader.readUInt8("operator")
        guard operatorValue <= 6 else { throw .reservedValue(field: "operator", value: UInt32(operatorValue), offset: 1) }
        switch opCode {
        case 5:
            let count = try reader.readUInt16("number_of_records")
            try reader.finish()
            return RecordAccessControlPoint(opCode: 5, operatorValue: operatorValue, operand: [UInt8(count & 0xFF), UInt8(count >> 8)])
        case 6:
            let request = try reader.readUInt8("request_op_code")
            let codeOffset = reader.offset
            let code = try reader.readUInt8("response_code")
            guard (1...9).contains(code) else { throw .reservedValue(field: "response_code", value: UInt32(code), offset: codeOffset) }
            try reader.finish()
            return RecordAccessControlPoint(opCode: 6, operatorValue: operatorValue, operand: [request, code])
        default:
            return RecordAccessControlPoint(opCode: opCode, operatorValue: operatorValue, operand: Array(reader.readRest()))
        }
    }

    /// Encodes the message.
    public func encoded() -> [UInt8] { [opCode, operatorValue] + operand }
}
