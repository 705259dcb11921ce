/* The mobile operator database: MCC/MNC network codes to operator and
 * country, read at run time from Debian's mobile-broadband-provider-info
 * (serviceproviders.xml). Several providers often share one network code
 * (the operator and its resellers); the one named for a code is the
 * provider marked primary, else the one with the most network codes (the
 * network owner), else the first; the others are kept as brands. */
#ifndef DS_MNO_OPERATOR_DB_H
#define DS_MNO_OPERATOR_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/** Where the Debian package installs the database. */
#define DS_MNO_DB_PATH "/usr/share/mobile-broadband-provider-info/serviceproviders.xml"
/** Environment variable that names another database file (tests, other systems). */
#define DS_MNO_DB_ENV "DOORSTEP_OPERATOR_DB"

/** One network code and who runs it. */
typedef struct ds_mno_operator {
	char mcc[4];               /**< mobile country code, 3 digits */
	char mnc[4];               /**< mobile network code, 2 or 3 digits */
	char name[96];             /**< the operator */
	char country[4];           /**< ISO 3166 code in lower case, e.g. "de" */
	char country_name[64];     /**< in English, e.g. "Germany" */
	char brands[256];          /**< other providers on this code, ", "-separated, or "" */
} ds_mno_operator;

/** A loaded database (opaque). */
typedef struct ds_mno_db ds_mno_db;

/** The database file to read: $DOORSTEP_OPERATOR_DB, else DS_MNO_DB_PATH. */
const char *ds_mno_db_path(void);
/** Reads the database at path. NULL with a translated message saying what
 *  happened and what to do (the package is missing, the file is damaged). */
ds_mno_db *ds_mno_db_load(const char *path, char *message, size_t message_size);
/** As ds_mno_db_load, from an open stream that path names in messages. */
ds_mno_db *ds_mno_db_read(FILE *f, const char *path, char *message, size_t message_size);
/** Frees a database; NULL is fine. */
void ds_mno_db_free(ds_mno_db *db);
/** Number of network codes, sorted by MCC then MNC. */
size_t ds_mno_db_count(const ds_mno_db *db);
/** Network code number i (0 .. count-1). */
const ds_mno_operator *ds_mno_db_at(const ds_mno_db *db, size_t i);
/** The operator of MCC and MNC, or NULL when the database does not know it. */
const ds_mno_operator *ds_mno_db_find(const ds_mno_db *db, const char *mcc, const char *mnc);
/** The country name of an MCC ("" when unknown). */
const char *ds_mno_db_country(const ds_mno_db *db, const char *mcc);
/** True when text is a mobile country code: exactly 3 digits. */
bool ds_mno_mcc_valid(const char *text);

/** The process-wide database, read once from ds_mno_db_path() on first use
 *  (call it from a worker thread first: it reads a file). NULL when it
 *  cannot be read; the log then says why. */
const ds_mno_db *ds_mno_db_shared(void);

#endif
