/// Placeholder namespace; replaced by the DBus implementation.
enum DBusNamespace {}
