/// Introspection XML following the D-Bus introspection DTD (parsed by `gdbus introspect` and
/// `busctl introspect`).
extension ExportRegistry {
    func introspectionXML(at path: ObjectPath) -> String {
        var xml = """
        <!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN"
        "http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd">
        <node>

        """
        xml += Introspection.standardXML
        if isManagerRoot(path) { xml += Introspection.objectManagerXML }
        if let object = object(at: path) {
            xml += Introspection.propertiesXML
            for interface in object.state.withLock({ $0.interfaces }) { xml += Introspection.xml(for: interface) }
        }
        for child in childNodes(of: path) { xml += "  <node name=\"\(Introspection.escape(child))\"/>\n" }
        return xml + "</node>\n"
    }
}

enum Introspection {
    static let standardXML = """
      <interface name="org.freedesktop.DBus.Introspectable">
        <method name="Introspect"><arg name="xml" type="s" direction="out"/></method>
      </interface>
      <interface name="org.freedesktop.DBus.Peer">
        <method name="Ping"/>
        <method name="GetMachineId"><arg name="machine_uuid" type="s" direction="out"/></method>
      </interface>

    """

    static let propertiesXML = """
      <interface name="org.freedesktop.DBus.Properties">
        <method name="Get"><arg name="interface" type="s" direction="in"/><arg name="name" type="s" direction="in"/><arg name="value" type="v" direction="out"/></method>
        <method name="GetAll"><arg name="interface" type="s" direction="in"/><arg name="properties" type="a{sv}" direction="out"/></method>
        <method name="Set"><arg name="interface" type="s" direction="in"/><arg name="name" type="s" direction="in"/><arg name="value" type="v" direction="in"/></method>
        <signal name="PropertiesChanged"><arg name="interface" type="s"/><arg name="changed_properties" type="a{sv}"/><arg name="invalidated_properties" type="as"/></signal>
      </interface>

    """

    static let objectManagerXML = """
      <interface name="org.freedesktop.DBus.ObjectManager">
        <method name="GetManagedObjects"><arg name="objects" type="a{oa{sa{sv}}}" direction="out"/></method>
        <signal name="InterfacesAdded"><arg name="object" type="o"/><arg name="interfaces" type="a{sa{sv}}"/></signal>
        <signal name="InterfacesRemoved"><arg name="object" type="o"/><arg name="interfaces" type="as"/></signal>
      </interface>

    """

    static func xml(for interface: DBusInterface) -> String {
        var xml = "  <interface name=\"\(escape(interface.name))\">\n"
        for method in interface.methods {
            xml += "    <method name=\"\(escape(method.name))\">"
            for arg in method.inArguments { xml += argument(arg, direction: "in") }
            for arg in method.outArguments { xml += argument(arg, direction: "out") }
            xml += "</method>\n"
        }
        for signal in interface.signals {
            xml += "    <signal name=\"\(escape(signal.name))\">"
            for arg in signal.arguments { xml += argument(arg, direction: nil) }
            xml += "</signal>\n"
        }
        for property in interface.properties {
            xml += "    <property name=\"\(escape(property.name))\" type=\"\(escape(property.signature.rawValue))\" access=\"\(property.access.rawValue)\""
            if property.emitsChanged == .true {
                xml += "/>\n"
            } else {
                xml += "><annotation name=\"org.freedesktop.DBus.Property.EmitsChangedSignal\" value=\"\(property.emitsChanged.rawValue)\"/></property>\n"
            }
        }
        return xml + "  </interface>\n"
    }

    private static func argument(_ arg: DBusArgument, direction: String?) -> String {
        var text = "<arg"
        if !arg.name.isEmpty { text += " name=\"\(escape(arg.name))\"" }
        text += " type=\"\(escape(arg.signature.rawValue))\""
        if let direction { text += " direction=\"\(direction)\"" }
        return text + "/>"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }
}
