/// How a device is named in the log at info level and above: the last two bytes of its address
/// ("EE02"), enough to tell a hub's few devices apart and to match `carehub devices`. Not the whole
/// address: with it, a line in a shipped log identifies the patient's own cuff or scale anywhere
/// it is seen (docs/ARCHITECTURE.md, security model; issue 15 item 5). Debug lines may carry it whole.
public enum DeviceLogID {
    public static func of(_ address: String) -> String {
        String(address.uppercased().filter { $0 != ":" }.suffix(4))
    }
}
