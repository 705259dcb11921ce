/* Keyboard-wedge scanner detection. */
#include "ui/toolkit/scanner_burst.h"

#include <poll.h>
#include <unistd.h>

/** True when more keystrokes are already waiting on stdin. */
static bool ui_burst_input_waiting(void)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };

	return poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

bool ui_burst_key(ui_burst *b, int64_t now_ms)
{
	bool fast = b->active && now_ms - b->last_ms <= UI_BURST_GAP_MS;

	if (fast || ui_burst_input_waiting()) {
		b->active = true;
		b->last_ms = now_ms;
		return true;
	}
	b->active = false;
	return false;
}

void ui_burst_end(ui_burst *b)
{
	b->active = false;
}
