import HummingbirdBcrypt

/// Staff passwords: bcrypt (hummingbird-auth's), never stored in clear.
public enum StaffPassword {
    /// bcrypt cost; 2^12 rounds, about a quarter second on the hub-class machines this runs on.
    public static let cost: UInt8 = 12

    public static func hash(_ password: String, cost: UInt8 = StaffPassword.cost) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    public static func verify(_ password: String, hash: String) -> Bool {
        Bcrypt.verify(password, hash: hash)
    }
}
