/// The paired devices connected for a technician's test only (`carehub test` of a device that is
/// not assigned): the manager connects them although no patient is assigned, and lets them go again
/// when the test ends. Addresses are upper case.
struct TestSessions {
    private var addresses: Set<String> = []

    /// True while `address` is under test.
    func contains(_ address: String) -> Bool {
        addresses.contains(address)
    }

    /// `address` is under test from now on (again: no change).
    mutating func begin(_ address: String) {
        addresses.insert(address)
    }

    /// The test of `address` ends; false if it was not under test.
    mutating func end(_ address: String) -> Bool {
        addresses.remove(address) != nil
    }
}
