/* Recognises a USB keyboard-wedge scanner: it types a whole code as a fast
 * burst of keystrokes ending in Enter, far faster than a person types. A
 * key is part of a burst when more input is already waiting on stdin, or
 * when it follows the previous burst key within UI_BURST_GAP_MS. */
#ifndef UI_SCANNER_BURST_H
#define UI_SCANNER_BURST_H

#include <stdbool.h>
#include <stdint.h>

/** Longest gap between two keys of one scanner burst. */
#define UI_BURST_GAP_MS 35

/** State of the detector. */
typedef struct ui_burst {
	bool active;          /**< keys are arriving as a burst */
	int64_t last_ms;      /**< time of the last burst key */
} ui_burst;

/** Classifies a printable key arriving at now_ms: true when it belongs to a burst. */
bool ui_burst_key(ui_burst *b, int64_t now_ms);
/** Ends the burst (after its Enter, or when focus changes). */
void ui_burst_end(ui_burst *b);

#endif
