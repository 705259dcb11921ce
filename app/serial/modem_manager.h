/* ModemManager as a good neighbour. On most Linux laptops ModemManager
 * (org.freedesktop.ModemManager1 on the system D-Bus) owns a USB modem's
 * ports. Before doorstep opens such a port it finds the modem that
 * ModemManager manages with that port and asks it to inhibit the device
 * (InhibitDevice(uid, true)): ModemManager releases the device's ports
 * until doorstep uninhibits it, or until doorstep's bus connection goes
 * away. That connection is kept open for as long as the inhibition lasts:
 * if doorstep dies, the kernel closes it and ModemManager takes the modem
 * back by itself. No system bus, no ModemManager on it, or no modem of
 * its with the port: nothing to do. sd-bus is not thread-safe: each
 * ds_mm_modem has a connection of its own, used by one thread at a time. */
#ifndef DS_MODEM_MANAGER_H
#define DS_MODEM_MANAGER_H

#include <stdbool.h>
#include <stddef.h>
#include <doorstep/plugin.h>

#include "app/base/must_check.h"
#include "app/base/wait.h"

/** ModemManager's well-known name on the system bus. */
#define DS_MM_SERVICE "org.freedesktop.ModemManager1"
/** Its manager object (the ObjectManager of the modems). */
#define DS_MM_PATH "/org/freedesktop/ModemManager1"
/** The interface of a modem object (properties Device, Ports, PrimaryPort). */
#define DS_MM_MODEM_INTERFACE "org.freedesktop.ModemManager1.Modem"
/** Longest device uid kept (a sysfs path, as ModemManager reports it). */
#define DS_MM_UID_MAX 512

/** A modem that ModemManager manages, and doorstep's own bus connection
 *  to it (the lifeline of an inhibition). */
typedef struct ds_mm_modem ds_mm_modem;

/** True when ModemManager's port name mm_port (a kernel name such as
 *  "ttyUSB2") names the port at port_path: the same last path component,
 *  of port_path itself or of what it resolves to through symlinks (as
 *  /dev/serial/by-id/... do). */
bool ds_mm_port_matches(const char *port_path, const char *mm_port);

/** Looks for a modem of ModemManager's with the port port_path, waiting
 *  for the bus at most timeout_ms (w may cancel). DS_OK with *out NULL:
 *  there is nothing to do (no system bus, no ModemManager, or it does not
 *  manage that port; a log line says which); DS_OK with *out: found (give
 *  it to ds_mm_release); DS_ERR_CANCELLED; DS_ERR_NO_MEMORY. */
DS_MUST_CHECK ds_status ds_mm_find(const char *port_path, unsigned timeout_ms, const ds_wait *w, ds_mm_modem **out);
/** The device uid of a modem found (its Device property). */
const char *ds_mm_uid(const ds_mm_modem *m);
/** Asks ModemManager to inhibit the modem, waiting at most timeout_ms (w
 *  may cancel; its tick sees the time pass). DS_OK: inhibited until
 *  ds_mm_release. DS_ERR_AUTH: ModemManager (or the bus's policy) does
 *  not allow this user to; DS_ERR_IO: it refused for another reason;
 *  DS_ERR_TIMEOUT; DS_ERR_CANCELLED. why gets ModemManager's own words
 *  on a refusal (empty otherwise). */
DS_MUST_CHECK ds_status ds_mm_inhibit(ds_mm_modem *m, unsigned timeout_ms, const ds_wait *w, char *why, size_t why_size);
/** Ends the inhibition, if there is one (InhibitDevice(uid, false)), and
 *  closes the connection; NULL is allowed. */
void ds_mm_release(ds_mm_modem *m);

#endif
