/* The backup role written into a profile's nickname. SGP.22 enables one
 * profile at a time and has no fallback of its own, so the chosen backup is
 * recorded on the card itself, where any laptop reads it back: its nickname
 * ends with ESIM_BACKUP_MARK. Pure: strings in, strings out. */
#ifndef ESIM_BACKUP_MARK_H
#define ESIM_BACKUP_MARK_H

#include <stdbool.h>
#include <stddef.h>

/** What a backup profile's nickname ends with. */
#define ESIM_BACKUP_MARK " [backup]"
/** Most bytes of a nickname on the card (SGP.22: at most 64). */
#define ESIM_NICKNAME_MAX_BYTES 64u

/** True when nickname carries the backup mark (a nickname of the mark
 *  alone, without its leading space, counts too). */
bool esim_backup_marked(const char *nickname);
/** The nickname without the mark (and without the spaces before it) into
 *  out (size bytes, cut at a character boundary). */
void esim_backup_unmark(const char *nickname, char *out, size_t size);
/** The nickname with the mark into out: the name part is cut at a UTF-8
 *  character boundary so that the whole stays within
 *  ESIM_NICKNAME_MAX_BYTES; a name already marked keeps one mark. 0, or -1
 *  when out is smaller than the result. */
int esim_backup_mark(const char *nickname, char *out, size_t size);

#endif
