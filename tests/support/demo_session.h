/* The demo system as the unit tests of the core's operations start it: a
 * session on the simulated plugins with the demo panel added by its label. */
#ifndef DS_TEST_DEMO_SESSION_H
#define DS_TEST_DEMO_SESSION_H

#include "app/core/session.h"

/** The demo panel's QR label (plugins/demo). */
#define DS_TEST_DEMO_PANEL_LABEL "DSDEMO:1:PNL:DP100-7F3A21:49"

/** Opens a session on the demo system (as its memory file has it) and adds
 *  its panel, described into *panel; fails the test, with the message,
 *  when either fails. The caller frees the session (ds_session_free). */
ds_session *ds_test_demo_session(ds_site_device *panel);

#endif
