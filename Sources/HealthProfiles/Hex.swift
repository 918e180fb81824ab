/// Hex text ↔ bytes, as technicians paste it: case-insensitive, optional spaces, colons, dashes, `0x` prefixes.
public enum Hex {
    /// What is wrong with a hex string.
    public enum ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        /// A character that is not a hex digit or separator, at `position` (0-based character index).
        case invalidCharacter(Character, position: Int)
        /// An odd number of hex digits (the last byte is incomplete).
        case oddDigitCount(Int)

        public var description: String {
            switch self {
            case let .invalidCharacter(character, position):
                "invalid hex: character '\(character)' at position \(position) is not a hex digit"
            case let .oddDigitCount(count):
                "invalid hex: \(count) hex digits is an odd number (each byte needs two)"
            }
        }
    }

    /// Parses "1E 8A 00", "1e:8a:00", "0x1E8A00", "0x1E 0x8A". An empty string is zero bytes.
    public static func bytes(_ text: String) throws(ParseError) -> [UInt8] {
        var bytes: [UInt8] = []
        var high: UInt8?
        var digits = 0
        let characters = Array(text)
        var index = 0
        var tokenStart = true
        while index < characters.count {
            let character = characters[index]
            if character == " " || character == ":" || character == "-" || character == "\t" || character == "\n" || character == "," {
                tokenStart = true
                index += 1
                continue
            }
            if tokenStart, character == "0", index + 1 < characters.count, characters[index + 1] == "x" || characters[index + 1] == "X" {
                index += 2
                tokenStart = false
                continue
            }
            tokenStart = false
            guard let nibble = character.hexDigitValue, character.isASCII else {
                throw .invalidCharacter(character, position: index)
            }
            digits += 1
            if let first = high {
                bytes.append(first << 4 | UInt8(nibble))
                high = nil
            } else {
                high = UInt8(nibble)
            }
            index += 1
        }
        guard high == nil else { throw .oddDigitCount(digits) }
        return bytes
    }

    /// Upper-case hex without separators ("1E8A00").
    public static func string(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789ABCDEF")
        var out = ""
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return out
    }
}
