/* The command line of `doorstep esim`: which action, on which device, with
 * which profile. Secrets (activation and confirmation codes) are never
 * arguments: they come from a prompt, standard input or a picture. */
#ifndef DS_ESIM_ARGS_H
#define DS_ESIM_ARGS_H

#include <stdbool.h>
#include <stddef.h>

/** What `doorstep esim` does. */
typedef enum ds_esim_action {
	DS_ESIM_ACT_INFO,
	DS_ESIM_ACT_LIST,
	DS_ESIM_ACT_ENABLE,
	DS_ESIM_ACT_DISABLE,
	DS_ESIM_ACT_NICKNAME,
	DS_ESIM_ACT_DELETE,
	DS_ESIM_ACT_DOWNLOAD,
	DS_ESIM_ACT_NOTIFICATIONS,
	DS_ESIM_ACT_NOTIFICATIONS_SEND,
} ds_esim_action;

/** A parsed `doorstep esim` command line (strings point into argv). */
typedef struct ds_esim_args {
	ds_esim_action action;
	bool help;            /**< --help: nothing else is read */
	bool json;            /**< --json */
	bool yes;             /**< --yes: delete without asking */
	bool demo;            /**< --demo: the demo system's devices */
	bool allow_unsigned;  /**< --allow-unsigned */
	const char *device;   /**< --device: a serial port or a locator */
	const char *iccid;    /**< the profile (enable, disable, nickname, delete) */
	const char *nickname; /**< nickname's new nickname ("" clears it) */
	const char *qr_photo; /**< download --qr: a picture of the operator's QR code */
} ds_esim_args;

/** Parses argv (argv[0] is "esim") into out. 0, or -1 with a translated
 *  sentence in why saying what is wrong. */
int ds_esim_args_parse(int argc, char **argv, ds_esim_args *out, char *why, size_t why_size);
/** The action's words as typed ("notifications send"): JSON's "command". */
const char *ds_esim_action_name(ds_esim_action action);
/** True when s looks like an ICCID: 18 to 22 digits (ITU-T E.118). */
bool ds_esim_iccid_valid(const char *s);

#endif
