/* The example plugin: one simulated wireless siren ("ACME S1") with a
 * factory-default PIN that must be replaced, two vendor settings and two
 * diagnostic checks. It is the smallest complete plugin, written to be
 * copied: plugins/README.md walks through it. */
#ifndef EXAMPLE_H
#define EXAMPLE_H

#include <doorstep/plugin.h>

/** The plugin's own gettext text domain (po/doorstep-example.pot). */
#define EXAMPLE_TEXT_DOMAIN "doorstep-example"
/** Translates a message now, in the plugin's domain (xgettext --keyword=D_). */
#define D_(s) example_translate(s)
/** Marks a message for translation in a static table (xgettext --keyword=N_). */
#define N_(s) (s)

/** The factory-default PIN printed in the siren's manual. */
#define EXAMPLE_FACTORY_PIN "0000"
/** What a new PIN must be: this many digits. */
#define EXAMPLE_PIN_MIN 6
#define EXAMPLE_PIN_MAX 8
/** Size of a stored PIN hash (ds_host.password_hash writes at most 128 bytes). */
#define EXAMPLE_HASH_MAX 128

/** What the siren remembers (its "flash"), kept in <data_dir>/siren.state. */
typedef struct example_memory {
	char pin_hash[EXAMPLE_HASH_MAX + 1]; /**< "" while the factory PIN is in force */
	int32_t volume;                      /**< index into the volume choices */
	int32_t duration_s;                  /**< how long the siren sounds in an alarm */
} example_memory;

/** An opened siren (there is one; a real plugin keeps its connection here). */
struct ds_device {
	int open_count;
};

/** The plugin's state between calls (the host serialises calls). */
typedef struct example_state {
	const ds_host *host;      /**< from init(), valid until fini() */
	char path[4096];          /**< <data_dir>/siren.state */
	example_memory mem;
} example_state;

extern example_state example;

/** Looks msgid up in the plugin's text domain. */
const char *example_translate(const char *msgid) __attribute__((format_arg(1)));
/** Writes the memory file; on failure reports DS_ERR_IO with a message. */
ds_status example_save(ds_call *call);
/** Waits ms in 100 ms steps with progress from..to; DS_ERR_CANCELLED (with a
 *  message) as soon as the user cancels. */
ds_status example_work(ds_call *call, unsigned ms, unsigned from, unsigned to, const char *message);

/* ---- example_pin.c ---- */

/** credential_state operation. */
ds_status example_credential_state(ds_call *call, ds_device *dev, ds_credential_state *out);
/** login operation. */
ds_status example_login(ds_call *call, ds_device *dev, const char *pin);
/** set_password operation. */
ds_status example_set_password(ds_call *call, ds_device *dev, const char *current, const char *new_pin);

/* ---- example_settings.c ---- */

/** The factory settings. */
void example_settings_reset(example_memory *mem);
/** option_desc operation. */
const ds_option_desc *example_option_desc(ds_device *dev, size_t index);
/** option_get operation. */
ds_status example_option_get(ds_call *call, ds_device *dev, size_t index, ds_option_value *out);
/** option_set operation. */
ds_status example_option_set(ds_call *call, ds_device *dev, size_t index, const ds_option_value *value);
/** diagnose operation. */
ds_status example_diagnose(ds_call *call, ds_device *dev, size_t index, ds_check *out);

#endif
