import DBus

/// Names of the org.bluez D-Bus API used by the client.
public enum BlueZInterface {
    /// The bus name bluetoothd owns.
    public static let service = "org.bluez"
    /// Where bluetoothd exports AgentManager1.
    public static let rootPath: ObjectPath = "/org/bluez"
    public static let adapter = "org.bluez.Adapter1"
    public static let device = "org.bluez.Device1"
    public static let gattService = "org.bluez.GattService1"
    public static let gattCharacteristic = "org.bluez.GattCharacteristic1"
    public static let gattDescriptor = "org.bluez.GattDescriptor1"
    public static let agentManager = "org.bluez.AgentManager1"
    public static let agent = "org.bluez.Agent1"
    public static let battery = "org.bluez.Battery1"
}
