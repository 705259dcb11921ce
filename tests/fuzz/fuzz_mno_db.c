/* libFuzzer target: the operator database (serviceproviders.xml of
 * mobile-broadband-provider-info) as ds_mno_db_read reads it, from memory. */
#include <stdio.h>
#include <string.h>

#include "tests/fuzz/fuzz_common.h"
#include "app/mno/operator_db.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char message[512];
	ds_mno_db *db;
	FILE *f;

	if (size == 0)
		return 0;
	f = fmemopen((void *)data, size, "rb");
	FUZZ_CHECK(f != NULL);
	db = ds_mno_db_read(f, "serviceproviders.xml", message, sizeof message);
	fclose(f);
	if (!db) {
		FUZZ_CHECK(message[0] != '\0');
		return 0;
	}
	for (size_t i = 0; i < ds_mno_db_count(db); i++) {
		const ds_mno_operator *op = ds_mno_db_at(db, i);

		FUZZ_CHECK(ds_mno_mcc_valid(op->mcc));
		FUZZ_CHECK(ds_mno_db_find(db, op->mcc, op->mnc) != NULL);
		FUZZ_CHECK(ds_mno_db_country(db, op->mcc) != NULL);
	}
	ds_mno_db_free(db);
	return 0;
}
