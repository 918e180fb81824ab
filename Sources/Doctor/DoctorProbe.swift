import DBus

/// Gathers `DoctorFacts` from the machine. Each probe is independent and never throws: a failure
/// is itself a fact.
public enum DoctorProbe {
    /// All facts: kernel, rfkill under `sysfsRoot`, and the bus at `busAddress` (default: the
    /// system bus, `DBUS_SYSTEM_BUS_ADDRESS` honoured).
    public static func gather(sysfsRoot: String = "/sys", busAddress: String? = nil) async -> DoctorFacts {
        let kernel = kernelBluetooth()
        let rfkill = rfkillState(sysfsRoot: sysfsRoot)
        var facts = DoctorFacts(kernel: kernel, rfkill: rfkill, bus: .unreachable(address: "", reason: "not asked"))
        await gatherBus(into: &facts, address: busAddress ?? systemBusAddress())
        return facts
    }
}
