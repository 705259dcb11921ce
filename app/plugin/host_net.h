/* ds_host.net (ABI 1.2): discovery probes and plain TCP for plugins, on
 * app/net/net_probe.h and app/net/tcp_conn.h, with progress for a probe's
 * window and the message a person reads for every failure recorded on the
 * call (as ds_host.fail does). It runs inside the plugin's runner process:
 * its sockets are that process's, closed by the plugin or, at the latest,
 * when the runner ends. */
#ifndef DS_HOST_NET_H
#define DS_HOST_NET_H

#include <doorstep/plugin.h>

/** The service table (static; valid for the life of the process). */
const ds_host_net *ds_host_net_services(void);

#endif
