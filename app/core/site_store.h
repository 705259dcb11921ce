/* Site files: <state>/sites/<name>.json, written atomically. A file that
 * cannot be read is moved aside as <name>.json.corrupt, never overwritten. */
#ifndef DS_SITE_STORE_H
#define DS_SITE_STORE_H

#include <cjson/cJSON.h>
#include "app/core/site.h"
#include "app/base/must_check.h"

/** Result of loading a site. */
typedef enum ds_site_load_result {
	DS_SITE_LOADED = 0,
	DS_SITE_MISSING = 1,   /**< no such site */
	DS_SITE_CORRUPT = 2,   /**< unreadable; kept aside as .corrupt */
	DS_SITE_ERROR = 3,     /**< I/O error */
} ds_site_load_result;

/** Checks that a site name is usable as a file name (1..64 chars, no '/', no leading '.'). */
bool ds_site_name_valid(const char *name);
/** Writes the path of the site file for name. 0 or -1. */
DS_MUST_CHECK int ds_site_path(const char *name, char *buf, size_t size);
/** Loads a site. On DS_SITE_CORRUPT, message says where the file was moved. */
DS_MUST_CHECK ds_site_load_result ds_site_load(const char *name, ds_site **out, char *message, size_t message_size);
/** Saves a site atomically (sets updated_at). 0 or -1 (message set). */
DS_MUST_CHECK int ds_site_save(ds_site *site, char *message, size_t message_size);
/** Lists the names of saved sites, newest first. Caller frees each and the array. */
char **ds_site_list(size_t *count);
/** Frees a list from ds_site_list(). */
void ds_site_list_free(char **names, size_t count);
/** Serialises a site to JSON (the site file's format). */
cJSON *ds_site_to_json(const ds_site *site);
/** Parses a site file's JSON; NULL when it is not a site (message says why). */
ds_site *ds_site_from_json(const cJSON *json, char *message, size_t message_size);

#endif
