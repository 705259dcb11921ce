/* Output of `doorstep esim`; see esim_print.h. */
#include "app/cli/esim_print.h"

#include <stdio.h>
#include <string.h>

#include "app/base/i18n.h"
#include "app/base/json_util.h"
#include "app/base/safe_text.h"

/** The role as a JSON value. */
static const char *ds_esim_role_str(ds_profile_role role)
{
	return role == DS_ROLE_PRIMARY ? "primary" : role == DS_ROLE_BACKUP ? "backup" : "none";
}

/** The role as a person reads it ("" for none). */
static const char *ds_esim_role_text(ds_profile_role role)
{
	return role == DS_ROLE_PRIMARY ? _("primary") : role == DS_ROLE_BACKUP ? _("backup") : "";
}

/** The class as a person reads it. */
static const char *ds_esim_class_text(ds_profile_class cls)
{
	switch (cls) {
	case DS_PROFILE_CLASS_TEST:
		return _("test");
	case DS_PROFILE_CLASS_PROVISIONING:
		return _("provisioning");
	case DS_PROFILE_CLASS_OPERATIONAL:
		return _("operational");
	case DS_PROFILE_CLASS_UNKNOWN:
		break;
	}
	return _("class unknown");
}

/** The event as a person reads it. */
static const char *ds_esim_event_text(ds_notification_event event)
{
	switch (event) {
	case DS_NOTIFY_INSTALL:
		return _("installed");
	case DS_NOTIFY_ENABLE:
		return _("enabled");
	case DS_NOTIFY_DISABLE:
		return _("disabled");
	case DS_NOTIFY_DELETE:
		return _("deleted");
	case DS_NOTIFY_OTHER:
		break;
	}
	return _("other");
}

cJSON *ds_esim_json_profile(const ds_esim_profile *p)
{
	cJSON *o = cJSON_CreateObject();

	if (!o)
		return NULL;
	cJSON_AddStringToObject(o, "iccid", p->iccid);
	cJSON_AddStringToObject(o, "mcc", p->mcc);
	cJSON_AddStringToObject(o, "mnc", p->mnc);
	cJSON_AddStringToObject(o, "operator", p->operator_name);
	cJSON_AddStringToObject(o, "nickname", p->nickname);
	cJSON_AddStringToObject(o, "service_provider", p->service_provider);
	cJSON_AddStringToObject(o, "profile_name", p->profile_name);
	cJSON_AddStringToObject(o, "class", ds_profile_class_str(p->profile_class));
	cJSON_AddBoolToObject(o, "enabled", p->enabled);
	cJSON_AddStringToObject(o, "role", ds_esim_role_str(p->role));
	cJSON_AddBoolToObject(o, "in_reach", p->in_reach);
	return o;
}

cJSON *ds_esim_json_profiles(const ds_esim_profile *list, size_t n)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; arr && i < n; i++)
		cJSON_AddItemToArray(arr, ds_esim_json_profile(&list[i]));
	return arr;
}

cJSON *ds_esim_json_info(const ds_esim_info *info)
{
	cJSON *o = cJSON_CreateObject();

	if (!o)
		return NULL;
	cJSON_AddStringToObject(o, "eid", info->eid);
	cJSON_AddStringToObject(o, "default_smdp", info->default_smdp);
	cJSON_AddStringToObject(o, "root_smds", info->root_smds);
	cJSON_AddStringToObject(o, "sgp22_version", info->sgp22_version);
	cJSON_AddNumberToObject(o, "free_memory_bytes", info->free_memory_bytes);
	cJSON_AddBoolToObject(o, "single_enabled", info->single_enabled);
	cJSON_AddStringToObject(o, "detail", info->detail);
	return o;
}

cJSON *ds_esim_json_notifications(const ds_esim_notification *list, size_t n)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; arr && i < n; i++) {
		cJSON *o = cJSON_CreateObject();

		if (!o)
			break;
		cJSON_AddNumberToObject(o, "sequence", list[i].sequence);
		cJSON_AddStringToObject(o, "event", ds_notification_event_str(list[i].event));
		cJSON_AddStringToObject(o, "iccid", list[i].iccid);
		cJSON_AddStringToObject(o, "address", list[i].address);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

int ds_esim_json_print(const char *command, ds_status st, const char *message, const ds_site_device *device, cJSON *data)
{
	cJSON *o = cJSON_CreateObject();
	int rc;

	if (!o) {
		cJSON_Delete(data);
		return -1;
	}
	cJSON_AddStringToObject(o, "command", command);
	cJSON_AddStringToObject(o, "status", st == DS_OK ? "ok" : "failed");
	if (st != DS_OK)
		cJSON_AddStringToObject(o, "error", ds_status_str(st));
	cJSON_AddStringToObject(o, "message", message ? message : "");
	if (device && device->locator[0]) {
		cJSON *d = cJSON_AddObjectToObject(o, "device");

		cJSON_AddStringToObject(d, "plugin", device->plugin_id);
		cJSON_AddStringToObject(d, "locator", device->locator);
		cJSON_AddStringToObject(d, "name", device->name);
		cJSON_AddStringToObject(d, "model", device->model);
		cJSON_AddStringToObject(d, "serial", device->serial);
	}
	if (data)
		cJSON_AddItemToObject(o, "data", data);
	rc = ds_json_print(o, true);
	cJSON_Delete(o);
	return rc;
}

const char *ds_esim_label(char *buf, size_t size, const ds_esim_profile *p)
{
	return ds_safe_line(buf, size, p->nickname[0] ? p->nickname : p->operator_name);
}

void ds_esim_print_profiles(const ds_esim_profile *list, size_t n)
{
	if (n == 0) {
		printf("%s\n", _("The eSIM has no profiles. Download one with \"doorstep esim download\"."));
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const ds_esim_profile *p = &list[i];
		char label[DS_NAME_MAX * 2], op[DS_NAME_MAX * 2], sp[DS_NAME_MAX * 2], iccid[64], code[32];
		char mccmnc[16];

		snprintf(mccmnc, sizeof mccmnc, "%s%s", p->mcc, p->mnc);
		printf("%s %-22s %-28s %s (%s), %s%s%s%s\n", p->enabled ? "*" : " ",
		       ds_safe_line(iccid, sizeof iccid, p->iccid), ds_esim_label(label, sizeof label, p),
		       ds_safe_line(op, sizeof op, p->operator_name), ds_safe_line(code, sizeof code, mccmnc),
		       ds_esim_class_text(p->profile_class), p->enabled ? _(", enabled") : "",
		       p->role != DS_ROLE_NONE ? ", " : "", ds_esim_role_text(p->role));
		if (p->service_provider[0] && strcmp(p->service_provider, p->operator_name) != 0)
			printf("  %-22s %s %s\n", "", _("service provider:"),
			       ds_safe_line(sp, sizeof sp, p->service_provider));
	}
	printf("%s\n", _("(* enabled)"));
}

void ds_esim_print_info(const ds_esim_info *info)
{
	char text[DS_TEXT_MAX * 2];

	printf("%-22s %s\n", _("EID:"), ds_safe_line(text, sizeof text, info->eid[0] ? info->eid : _("unknown")));
	if (info->sgp22_version[0])
		printf("%-22s %s\n", _("SGP.22 version:"), ds_safe_line(text, sizeof text, info->sgp22_version));
	if (info->default_smdp[0])
		printf("%-22s %s\n", _("Default SM-DP+:"), ds_safe_line(text, sizeof text, info->default_smdp));
	if (info->root_smds[0])
		printf("%-22s %s\n", _("Root SM-DS:"), ds_safe_line(text, sizeof text, info->root_smds));
	if (info->free_memory_bytes)
		printf("%-22s %u KiB\n", _("Free memory:"), (unsigned)(info->free_memory_bytes / 1024));
	if (info->single_enabled)
		printf("%s\n", _("One profile is enabled at a time."));
	if (info->detail[0])
		printf("%s\n", ds_safe_line(text, sizeof text, info->detail));
}

void ds_esim_print_notifications(const ds_esim_notification *list, size_t n)
{
	if (n == 0) {
		printf("%s\n", _("No notifications are waiting."));
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char address[DS_NAME_MAX * 2], iccid[64];

		printf("%6u  %-10s %-22s %s\n", (unsigned)list[i].sequence, ds_esim_event_text(list[i].event),
		       ds_safe_line(iccid, sizeof iccid, list[i].iccid),
		       ds_safe_line(address, sizeof address, list[i].address));
	}
	printf(P_("%zu notification is waiting; send it with \"doorstep esim notifications send\".\n",
		  "%zu notifications are waiting; send them with \"doorstep esim notifications send\".\n", n),
	       n);
}
