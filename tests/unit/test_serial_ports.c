/* The serial ports discovery offers to serial plugins: $DOORSTEP_SERIAL_PORTS
 * first (':'-separated, empty parts and repeats dropped), then the USB
 * serial devices, each once, within the room given. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "app/serial/serial_ports.h"

static char ports[DS_SERIAL_PORTS_MAX][DS_LOCATOR_MAX];

Test(serial_ports, environment_first_each_once)
{
	size_t n;

	cr_assert_eq(setenv(DS_SERIAL_PORTS_ENV, "/dev/pts/7::/tmp/ttyS9:/dev/pts/7:", 1), 0);
	n = ds_serial_ports_list(ports, DS_SERIAL_PORTS_MAX);
	cr_assert_geq(n, 2);
	cr_expect_str_eq(ports[0], "/dev/pts/7");
	cr_expect_str_eq(ports[1], "/tmp/ttyS9");
	for (size_t i = 0; i < n; i++) {
		cr_expect(ports[i][0] == '/', "entry %zu is \"%s\"", i, ports[i]);
		for (size_t k = i + 1; k < n; k++)
			cr_expect_str_neq(ports[i], ports[k], "%s listed twice", ports[i]);
		if (i >= 2)
			cr_expect(strncmp(ports[i], "/dev/ttyUSB", 11) == 0 || strncmp(ports[i], "/dev/ttyACM", 11) == 0,
				  "unexpected port %s", ports[i]);
	}
}

Test(serial_ports, room_is_respected)
{
	cr_assert_eq(setenv(DS_SERIAL_PORTS_ENV, "/a:/b:/c", 1), 0);
	cr_expect_eq(ds_serial_ports_list(ports, 2), 2);
	cr_expect_str_eq(ports[1], "/b");
}

Test(serial_ports, unset_means_usb_devices_only)
{
	size_t n;

	cr_assert_eq(unsetenv(DS_SERIAL_PORTS_ENV), 0);
	n = ds_serial_ports_list(ports, DS_SERIAL_PORTS_MAX);
	for (size_t i = 0; i < n; i++)
		cr_expect(strncmp(ports[i], "/dev/tty", 8) == 0, "unexpected port %s", ports[i]);
}
