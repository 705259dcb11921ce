/* The backup mark in a profile's nickname: found, removed, added within
 * the card's 64 bytes. */
#include "esim_backup_mark.h"

#include <string.h>

/** Length of the mark without its leading space ("[backup]"). */
#define ESIM_MARK_BARE_LEN (sizeof ESIM_BACKUP_MARK - 2)

/** Length of nickname's name part: without a trailing mark and the spaces before it. */
static size_t esim_name_len(const char *nickname)
{
	size_t len = strlen(nickname);
	const char *bare = ESIM_BACKUP_MARK + 1;

	if (len >= ESIM_MARK_BARE_LEN && strcmp(nickname + len - ESIM_MARK_BARE_LEN, bare) == 0)
		len -= ESIM_MARK_BARE_LEN;
	while (len > 0 && nickname[len - 1] == ' ')
		len--;
	return len;
}

/** The largest length <= len that does not split a UTF-8 character of s. */
static size_t esim_utf8_cut(const char *s, size_t len)
{
	while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
		len--;
	return len;
}

bool esim_backup_marked(const char *nickname)
{
	size_t len = strlen(nickname);

	return len >= ESIM_MARK_BARE_LEN && strcmp(nickname + len - ESIM_MARK_BARE_LEN, ESIM_BACKUP_MARK + 1) == 0 &&
	       (len == ESIM_MARK_BARE_LEN || nickname[len - ESIM_MARK_BARE_LEN - 1] == ' ');
}

void esim_backup_unmark(const char *nickname, char *out, size_t size)
{
	size_t len = esim_backup_marked(nickname) ? esim_name_len(nickname) : strlen(nickname);

	if (size == 0)
		return;
	if (len >= size)
		len = esim_utf8_cut(nickname, size - 1);
	memcpy(out, nickname, len);
	out[len] = '\0';
}

int esim_backup_mark(const char *nickname, char *out, size_t size)
{
	size_t len = esim_backup_marked(nickname) ? esim_name_len(nickname) : strlen(nickname);
	size_t room = ESIM_NICKNAME_MAX_BYTES - (sizeof ESIM_BACKUP_MARK - 1);

	if (len > room)
		len = esim_utf8_cut(nickname, room);
	if (len == 0) {
		if (size < ESIM_MARK_BARE_LEN + 1)
			return -1;
		memcpy(out, ESIM_BACKUP_MARK + 1, ESIM_MARK_BARE_LEN + 1);
		return 0;
	}
	if (len + sizeof ESIM_BACKUP_MARK > size)
		return -1;
	memcpy(out, nickname, len);
	memcpy(out + len, ESIM_BACKUP_MARK, sizeof ESIM_BACKUP_MARK);
	return 0;
}
