/* Which Bluetooth LE advertisements are ESP provisioning devices: a
 * "PROV_" name, or ESP-IDF's default or example provisioning service in
 * any letter case; other devices, a bare "PROV_" and look-alike names are
 * not. */
#include <criterion/criterion.h>

#include "espprov_advert.h"

Test(espprov_advert, by_name)
{
	cr_expect(espprov_advert_is_prov("PROV_0A1B2C", NULL));
	cr_expect(espprov_advert_is_prov("PROV_SIREN1", "5d0e0001-7e57-4d6f-8d6f-646f6f727374"));
	cr_expect(!espprov_advert_is_prov("PROV_", ""));
	cr_expect(!espprov_advert_is_prov("prov_0a1b2c", ""));
	cr_expect(!espprov_advert_is_prov("MY_PROV_1", ""));
	cr_expect(!espprov_advert_is_prov("DS Siren", "5d0e0001-7e57-4d6f-8d6f-646f6f727374"));
	cr_expect(!espprov_advert_is_prov(NULL, NULL));
	cr_expect(!espprov_advert_is_prov("", ""));
}

Test(espprov_advert, by_service)
{
	cr_expect(espprov_advert_is_prov("", "0000ffff-0000-1000-8000-00805f9b34fb"));
	cr_expect(espprov_advert_is_prov(NULL, "0000FFFF-0000-1000-8000-00805F9B34FB"));
	cr_expect(espprov_advert_is_prov("Sensor", "021a9004-0382-4aea-bff4-6b3f1c5adfb4"));
	cr_expect(!espprov_advert_is_prov("Sensor", "0000fffe-0000-1000-8000-00805f9b34fb"));
	cr_expect(!espprov_advert_is_prov("Sensor", "021a9004-0382-4aea-bff4-6b3f1c5adfb"));
}
