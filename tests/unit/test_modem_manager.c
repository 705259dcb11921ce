/* ModemManager's side of app/serial: which of its port names is the port
 * doorstep opens (the same kernel name, also through a symlink such as
 * /dev/serial/by-id/...), and nothing to do, at once, when there is no
 * system bus. The D-Bus conversation itself is exercised against a mock
 * ModemManager by tests/e2e/test_atmodem_modemmanager.sh. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/base/wait.h"
#include "app/serial/modem_manager.h"

Test(modem_manager, names_the_same_kernel_port)
{
	cr_expect(ds_mm_port_matches("/dev/ttyUSB2", "ttyUSB2"));
	cr_expect(ds_mm_port_matches("ttyACM0", "ttyACM0"));
	cr_expect(ds_mm_port_matches("/dev/ttyUSB2", "/dev/ttyUSB2"));
	cr_expect_not(ds_mm_port_matches("/dev/ttyUSB2", "ttyUSB20"));
	cr_expect_not(ds_mm_port_matches("/dev/ttyUSB20", "ttyUSB2"));
	cr_expect_not(ds_mm_port_matches("/dev/ttyUSB2", "cdc-wdm0"));
	cr_expect_not(ds_mm_port_matches("/dev/ttyUSB2", ""));
	cr_expect_not(ds_mm_port_matches("", "ttyUSB2"));
	cr_expect_not(ds_mm_port_matches(NULL, "ttyUSB2"));
	cr_expect_not(ds_mm_port_matches("/dev/ttyUSB2", NULL));
}

Test(modem_manager, follows_a_symlink_to_the_port)
{
	char dir[] = "/tmp/doorstep-mm.XXXXXX";
	char link[128], target[128];
	FILE *f;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(target, sizeof target, "%s/ttyUSB3", dir);
	snprintf(link, sizeof link, "%s/usb-Quectel_EG25-G-if02-port0", dir);
	f = fopen(target, "w");
	cr_assert_not_null(f);
	fclose(f);
	cr_assert_eq(symlink(target, link), 0);
	cr_expect(ds_mm_port_matches(link, "ttyUSB3"), "the link's target is the port");
	cr_expect_not(ds_mm_port_matches(link, "ttyUSB2"));
	unlink(link);
	cr_expect_not(ds_mm_port_matches(link, "ttyUSB3"), "a dangling name matches nothing");
	unlink(target);
	rmdir(dir);
}

Test(modem_manager, no_system_bus_is_nothing_to_do_at_once)
{
	ds_mm_modem *mm = (ds_mm_modem *)1;
	uint64_t start;

	cr_assert_eq(setenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/doorstep-test-bus", 1), 0);
	start = ds_now_ms();
	cr_expect_eq(ds_mm_find("/dev/ttyUSB2", 5000, NULL, &mm), DS_OK);
	cr_expect_null(mm);
	cr_expect_lt(ds_now_ms() - start, 1000, "no bus must not wait for the timeout");
	cr_expect_eq(ds_mm_find("", 5000, NULL, &mm), DS_OK);
	cr_expect_null(mm);
	cr_expect_str_eq(ds_mm_uid(NULL), "");
	ds_mm_release(NULL);
}
