#ifndef CAREHUB_CBLUETOOTH_SHIM_H
#define CAREHUB_CBLUETOOTH_SHIM_H
/*
 * The few libbluetooth/kernel HCI calls `carehub doctor` needs. Swift cannot expand the ioctl
 * request macros (HCIGETDEVLIST is _IOR(...)) nor size the flexible array of hci_dev_list_req,
 * so these static-inline helpers do the C part. Every helper returns -errno on failure, never
 * writes past the buffers it is given, and always NUL-terminates the strings it fills in.
 */
#include <bluetooth/bluetooth.h>
#include <bluetooth/hci.h>
#include <bluetooth/hci_lib.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

/* The most controllers the kernel lists (HCI_MAX_DEV). */
#define CAREHUB_HCI_MAX_DEVICES HCI_MAX_DEV

/* One controller as HCIGETDEVINFO describes it, with fixed-size, NUL-terminated strings. */
typedef struct {
    uint16_t dev_id;
    /* "hci0" (the kernel's name is at most 8 bytes, not always terminated). */
    char name[9];
    /* "AA:BB:CC:DD:EE:FF" (ba2str). */
    char address[18];
    /* "USB", "UART", "VIRTUAL", ... (hci_bustostr), "UNKNOWN" if libbluetooth has no name. */
    char bus[16];
    /* HCI_UP: the controller is powered up. */
    int up;
    /* HCI_RUNNING: the controller is initialised and accepts commands. */
    int running;
    uint32_t flags;
} carehub_hci_device;

/* Opens a raw HCI socket (AF_BLUETOOTH, BTPROTO_HCI). Returns the descriptor, or -errno:
 * -EAFNOSUPPORT when the kernel has no Bluetooth (module not loaded or not built). */
static inline int carehub_hci_open(void) {
    int fd = socket(AF_BLUETOOTH, SOCK_RAW | SOCK_CLOEXEC, BTPROTO_HCI);
    return fd < 0 ? -errno : fd;
}

/* Closes a descriptor from carehub_hci_open. */
static inline void carehub_hci_close(int fd) {
    if (fd >= 0) close(fd);
}

/* HCIGETDEVLIST: writes at most `capacity` (clamped to HCI_MAX_DEV) controller ids to `ids`.
 * Returns how many it wrote, or -errno. */
static inline int carehub_hci_device_ids(int fd, uint16_t *ids, int capacity) {
    if (ids == NULL || capacity <= 0) return -EINVAL;
    if (capacity > HCI_MAX_DEV) capacity = HCI_MAX_DEV;
    size_t size = sizeof(struct hci_dev_list_req) + (size_t)capacity * sizeof(struct hci_dev_req);
    struct hci_dev_list_req *list = calloc(1, size);
    if (list == NULL) return -ENOMEM;
    list->dev_num = (uint16_t)capacity;
    if (ioctl(fd, HCIGETDEVLIST, (void *)list) < 0) {
        int error = errno;
        free(list);
        return -error;
    }
    /* The kernel writes back how many it filled; never trust it beyond what was allocated. */
    int count = list->dev_num;
    if (count > capacity) count = capacity;
    for (int i = 0; i < count; i++) ids[i] = list->dev_req[i].dev_id;
    free(list);
    return count;
}

/* HCIGETDEVINFO for controller `dev_id`. Returns 0, or -errno (-ENODEV: it vanished meanwhile). */
static inline int carehub_hci_device_info(int fd, uint16_t dev_id, carehub_hci_device *out) {
    if (out == NULL) return -EINVAL;
    struct hci_dev_info info;
    memset(&info, 0, sizeof info);
    memset(out, 0, sizeof *out);
    info.dev_id = dev_id;
    if (ioctl(fd, HCIGETDEVINFO, (void *)&info) < 0) return -errno;
    out->dev_id = info.dev_id;
    /* name[8] may fill all 8 bytes without a terminator; out->name has room for one more. */
    memcpy(out->name, info.name, sizeof info.name);
    out->name[sizeof out->name - 1] = '\0';
    ba2str(&info.bdaddr, out->address);
    out->address[sizeof out->address - 1] = '\0';
    const char *bus = hci_bustostr(info.type & 0x0f);
    strncpy(out->bus, bus != NULL ? bus : "UNKNOWN", sizeof out->bus - 1);
    out->bus[sizeof out->bus - 1] = '\0';
    out->flags = info.flags;
    out->up = (info.flags >> HCI_UP) & 1u;
    out->running = (info.flags >> HCI_RUNNING) & 1u;
    return 0;
}

#endif
