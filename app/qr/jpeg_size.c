/* Reading a JPEG's frame header (ITU-T T.81, B.1.1 and B.2.2). */
#include "app/qr/jpeg_size.h"

/** Big-endian 16 bits at p. */
static unsigned ds_jpeg_u16(const uint8_t *p)
{
	return ((unsigned)p[0] << 8) | p[1];
}

/** True for the start-of-frame markers SOF0-SOF15, less DHT (C4), JPG (C8) and DAC (CC). */
static int ds_jpeg_is_sof(uint8_t m)
{
	return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

int ds_jpeg_size(const uint8_t *data, size_t len, unsigned *width, unsigned *height)
{
	size_t i = 2;

	if (len < 4 || data[0] != 0xFF || data[1] != 0xD8)
		return -1;
	while (i < len) {
		uint8_t m;
		unsigned seg;

		if (data[i] != 0xFF)
			return -1; /* a segment must start with a marker */
		while (i < len && data[i] == 0xFF)
			i++; /* fill bytes */
		if (i >= len)
			return -1;
		m = data[i++];
		if (m == 0x01 || (m >= 0xD0 && m <= 0xD7))
			continue; /* markers without a segment */
		if (m == 0xD9 || m == 0xDA || m == 0x00)
			return -1; /* end of image or scan data before any frame header */
		if (len - i < 2)
			return -1;
		seg = ds_jpeg_u16(data + i);
		if (seg < 2 || seg > len - i)
			return -1;
		if (ds_jpeg_is_sof(m)) {
			if (seg < 7)
				return -1;
			*height = ds_jpeg_u16(data + i + 3);
			*width = ds_jpeg_u16(data + i + 5);
			return 0;
		}
		i += seg;
	}
	return -1;
}
