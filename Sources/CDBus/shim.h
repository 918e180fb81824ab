#ifndef CAREHUB_CDBUS_SHIM_H
#define CAREHUB_CDBUS_SHIM_H
#include <dbus/dbus.h>
#endif
