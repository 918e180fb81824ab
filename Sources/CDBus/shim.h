#ifndef CAREHUB_CDBUS_SHIM_H
#define CAREHUB_CDBUS_SHIM_H
#include <dbus/dbus.h>
/* eventfd wakes the D-Bus driver thread; Swift's Glibc module does not export it. */
#include <sys/eventfd.h>
#endif
