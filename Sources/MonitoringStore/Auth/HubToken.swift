import Crypto
import Foundation

/// Hub tokens: 32 random bytes, shown once as 64 hex digits, stored only as their SHA-256 (a fast hash
/// is right here: a token has 256 bits of entropy, nothing to guess, unlike a password).
public enum HubToken {
    /// A new token from the system's CSPRNG.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// The stored form: SHA-256 of the token text, hex.
    public static func sha256Hex(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// Random ids for sessions and CSRF tokens (128 bits, hex).
public enum RandomToken {
    public static func make(bytes: Int = 16) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
