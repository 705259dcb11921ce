/* The devices of the simulated alarm system: a constant table, as a real
 * vendor's plugin would keep its product list. */
#ifndef DEMO_DEVICES_H
#define DEMO_DEVICES_H

#include <doorstep/plugin.h>

/** Index of each device in demo_devices[] (and in the device memory). */
enum demo_device_id {
	DEMO_DEV_PANEL = 0,
	DEMO_DEV_DOOR = 1,
	DEMO_DEV_MOTION = 2,
	DEMO_DEV_CAMERA = 3,
	DEMO_N_DEVICES = 4,
};

/** Prefix of every demo QR label and of every locator. */
#define DEMO_LABEL_PREFIX "DSDEMO:"
#define DEMO_LOCATOR_PREFIX "demo:"

/** One simulated device, as it leaves the factory. */
typedef struct demo_device_def {
	const char *serial;           /**< printed on the label, key in the memory file */
	const char *label_code;       /**< device type in the QR label, e.g. "PNL" */
	ds_device_kind kind;
	const char *model;
	const char *name;             /**< msgid: suggested name */
	const char *firmware;
	const char *mac;              /**< "" for radio accessories */
	uint32_t transports;          /**< enum ds_transport */
	uint32_t features;            /**< enum ds_feature */
	const char *user;             /**< account name */
	const char *factory_password; /**< public: printed in the manual */
	uint32_t min_length;          /**< the firmware's own minimum (code points) */
	ds_password_rules rules;
} demo_device_def;

/** The four devices of the demo system, indexed by enum demo_device_id. */
extern const demo_device_def demo_devices[DEMO_N_DEVICES];

/** Finds a device by serial (case-insensitive); its id in *id. NULL if none. */
const demo_device_def *demo_device_by_serial(const char *serial, unsigned *id);

#endif
