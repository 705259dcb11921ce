/* The host's rule for plugin outputs: terminated text, proper bools, known enum values. */
#include "app/plugin/plugin_outputs.h"

#include <stdbool.h>
#include <string.h>
#include <doorstep/plugin.h>

/** Ends the char array field f of *s with a NUL. */
#define TERMINATE(s, f) ((s)->f[sizeof(s)->f - 1] = '\0')

/** Makes a bool the plugin may have filled with any byte 0 or 1. */
static void proper_bool(bool *b)
{
	unsigned char byte;

	memcpy(&byte, b, 1);
	*b = byte != 0;
}

size_t ds_plugin_output_size(ds_wire_op op)
{
	switch (op) {
	case DS_WOP_DEVICE_INFO:
		return sizeof(ds_device_info);
	case DS_WOP_CREDENTIAL_STATE:
		return sizeof(ds_credential_state);
	case DS_WOP_WIFI_SCAN:
	case DS_WOP_WIFI_STATUS:
		return sizeof(ds_wifi_network);
	case DS_WOP_ESIM_PROFILE:
		return sizeof(ds_esim_profile);
	case DS_WOP_CELLULAR_STATUS:
		return sizeof(ds_cellular_status);
	case DS_WOP_FAILOVER_TEST:
		return sizeof(ds_failover_result);
	case DS_WOP_DIAGNOSE:
		return sizeof(ds_check);
	case DS_WOP_OPERATOR_SCAN:
		return sizeof(ds_network);
	case DS_WOP_ACCOUNT:
		return sizeof(ds_account);
	case DS_WOP_ESIM_INFO:
		return sizeof(ds_esim_info);
	case DS_WOP_ESIM_NOTIFICATION:
		return sizeof(ds_esim_notification);
	default:
		return 0;
	}
}

int ds_plugin_output_is_text(ds_wire_op op)
{
	return op == DS_WOP_MATCH_QR || op == DS_WOP_MATCH_BLE || op == DS_WOP_MATCH_SERIAL || op == DS_WOP_DISCOVER ||
	       op == DS_WOP_HANDOVER_CODE || op == DS_WOP_MATCH_ADDRESS;
}

/** Password rules (in ds_device_info and ds_account). */
static void terminate_rules(ds_password_rules *r)
{
	TERMINATE(r, allowed);
	proper_bool(&r->digits_only);
	proper_bool(&r->has_second_factor);
}

/** ds_account and the password rules in it. */
static void terminate_account(ds_account *a)
{
	TERMINATE(a, user);
	proper_bool(&a->primary);
	proper_bool(&a->on_factory_default);
	proper_bool(&a->can_delete);
	terminate_rules(&a->password);
}

/** ds_device_info and the password rules in it. */
static void terminate_info(ds_device_info *i)
{
	TERMINATE(i, locator);
	TERMINATE(i, serial);
	TERMINATE(i, vendor);
	TERMINATE(i, model);
	TERMINATE(i, firmware);
	TERMINATE(i, name);
	TERMINATE(i, mac);
	terminate_rules(&i->password);
}

static void terminate_profile(ds_esim_profile *p)
{
	TERMINATE(p, iccid);
	TERMINATE(p, mcc);
	TERMINATE(p, mnc);
	TERMINATE(p, operator_name);
	TERMINATE(p, nickname);
	proper_bool(&p->enabled);
	proper_bool(&p->in_reach);
	TERMINATE(p, service_provider);
	TERMINATE(p, profile_name);
	if ((unsigned)p->profile_class > DS_PROFILE_CLASS_OPERATIONAL)
		p->profile_class = DS_PROFILE_CLASS_UNKNOWN;
}

/** ds_esim_info: its texts and its bool. */
static void terminate_esim_info(ds_esim_info *e)
{
	TERMINATE(e, eid);
	TERMINATE(e, default_smdp);
	TERMINATE(e, root_smds);
	TERMINATE(e, sgp22_version);
	TERMINATE(e, detail);
	proper_bool(&e->single_enabled);
}

/** ds_esim_notification: its texts, and an event the host knows. */
static void terminate_notification(ds_esim_notification *n)
{
	TERMINATE(n, iccid);
	TERMINATE(n, address);
	if ((unsigned)n->event > DS_NOTIFY_DELETE)
		n->event = DS_NOTIFY_OTHER;
}

static void terminate_check(ds_check *c)
{
	TERMINATE(c, id);
	TERMINATE(c, title);
	TERMINATE(c, value);
	TERMINATE(c, advice);
	TERMINATE(c, fix);
	TERMINATE(c, fix_title);
}

static void terminate_failover(ds_failover_result *f)
{
	TERMINATE(f, detail);
	proper_bool(&f->switched_to_backup);
	proper_bool(&f->backup_online);
	proper_bool(&f->returned_to_primary);
}

static void terminate_cellular(ds_cellular_status *c)
{
	TERMINATE(c, operator_code);
	TERMINATE(c, operator_name);
	TERMINATE(c, iccid);
}

void ds_plugin_output_terminate(ds_wire_op op, void *out, size_t size)
{
	if (!out || size == 0)
		return;
	if (ds_plugin_output_is_text(op)) {
		((char *)out)[size - 1] = '\0';
		return;
	}
	if (size < ds_plugin_output_size(op))
		return;
	switch (op) {
	case DS_WOP_DEVICE_INFO:
		terminate_info(out);
		break;
	case DS_WOP_CREDENTIAL_STATE: {
		ds_credential_state *s = out;

		TERMINATE(s, user);
		proper_bool(&s->on_factory_default);
		proper_bool(&s->has_password);
		break;
	}
	case DS_WOP_WIFI_SCAN:
	case DS_WOP_WIFI_STATUS: {
		ds_wifi_network *n = out;

		TERMINATE(n, ssid);
		TERMINATE(n, security);
		break;
	}
	case DS_WOP_ESIM_PROFILE:
		terminate_profile(out);
		break;
	case DS_WOP_CELLULAR_STATUS:
		terminate_cellular(out);
		break;
	case DS_WOP_FAILOVER_TEST:
		terminate_failover(out);
		break;
	case DS_WOP_DIAGNOSE:
		terminate_check(out);
		break;
	case DS_WOP_ACCOUNT:
		terminate_account(out);
		break;
	case DS_WOP_ESIM_INFO:
		terminate_esim_info(out);
		break;
	case DS_WOP_ESIM_NOTIFICATION:
		terminate_notification(out);
		break;
	case DS_WOP_OPERATOR_SCAN: {
		ds_network *n = out;

		TERMINATE(n, mcc);
		TERMINATE(n, mnc);
		TERMINATE(n, operator_name);
		break;
	}
	default:
		break;
	}
}
