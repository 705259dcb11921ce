/* The webcam input: which device nodes count as cameras, and what happens
 * when the node is not a camera. (No camera is attached where the tests
 * run, so a successful capture is not exercised here.) */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/base/secret.h"
#include "app/qr/qr_camera.h"
#include "tests/support/test_support.h"

static void setup(void)
{
	cr_assert_eq(ds_secret_init(), 0);
}

TestSuite(qr_camera, .init = setup);

/** Counts the stop() calls and stops at the first. */
static bool stop_at_once(void *ctx, unsigned elapsed_ms)
{
	(void)elapsed_ms;
	++*(int *)ctx;
	return true;
}

Test(qr_camera, nodes_that_do_not_capture_video_are_not_offered)
{
	const char *dir = ds_test_tmpdir();
	char path[512];
	ds_qr_cameras cams;
	FILE *f;

	snprintf(path, sizeof path, "%s/video0", dir);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fclose(f);
	snprintf(path, sizeof path, "%s/video1", dir);
	cr_assert_eq(symlink("/dev/null", path), 0);
	snprintf(path, sizeof path, "%s/video2", dir);
	cr_assert_eq(symlink("/dev/zero", path), 0);
	snprintf(path, sizeof path, "%s/videoX", dir);
	cr_assert_eq(symlink("/dev/null", path), 0);
	cr_expect_eq(ds_qr_cameras_find(dir, &cams), 0, "a plain file, /dev/null and /dev/zero are no cameras");
	cr_expect_eq(cams.n, 0);
	cr_expect_eq(ds_qr_cameras_find("/nonexistent-dir", &cams), 0);
}

Test(qr_camera, a_node_that_is_no_camera_gives_a_message_saying_what_to_do)
{
	ds_qr_codes *codes = (ds_qr_codes *)1;
	char msg[512] = "";
	int calls = 0;

	cr_assert_eq(ds_qr_camera_scan("/dev/null", 5000, stop_at_once, &calls, &codes, msg, sizeof msg), -1);
	cr_expect_null(codes);
	cr_expect_eq(calls, 0, "the camera never started, so nothing was waited for");
	cr_expect(strstr(msg, "/dev/null") != NULL, "names the device: %s", msg);
	cr_expect(strstr(msg, "photo") != NULL, "offers the photo instead: %s", msg);
}

Test(qr_camera, a_missing_device_gives_a_message)
{
	ds_qr_codes *codes = NULL;
	char msg[512] = "";

	cr_assert_eq(ds_qr_camera_scan("/dev/video-not-here", 5000, NULL, NULL, &codes, msg, sizeof msg), -1);
	cr_expect_null(codes);
	cr_expect(strstr(msg, "/dev/video-not-here") != NULL, "%s", msg);
}
