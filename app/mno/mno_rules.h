/* The rules of a primary/backup operator choice on an eSIM, the
 * recommendation, and matching the profiles to an operator scan. Pure
 * functions of the profiles; the texts are translated. */
#ifndef DS_MNO_RULES_H
#define DS_MNO_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include <doorstep/plugin.h>

/** Verdict on a primary/backup choice. */
typedef enum ds_choice_verdict {
	DS_CHOICE_OK = 0,
	DS_CHOICE_WARN = 1,     /**< allowed, but why explains a risk */
	DS_CHOICE_REFUSED = 2,  /**< not allowed; why says what to change */
} ds_choice_verdict;

/** Checks a choice (backup may be NULL: not chosen yet): two different
 *  profiles, never the same network code; a warning for a profile with no
 *  network in reach and for a 2G/3G-only profile. why gets the reason. */
ds_choice_verdict ds_mno_check_choice(const ds_esim_profile *primary, const ds_esim_profile *backup, char *why,
				      size_t why_size);
/** True unless the profile is known to use only 2G/3G: a profile whose
 *  technologies are not known (rats 0, as a real eSIM's disabled profiles
 *  often are) is not called legacy. */
bool ds_mno_modern(const ds_esim_profile *p);
/** True when both profiles are on the same network (MCC and MNC). */
bool ds_mno_same_network(const ds_esim_profile *a, const ds_esim_profile *b);
/** Picks the recommended primary (the strongest modern profile in reach)
 *  and backup (the strongest in reach on another network, modern first);
 *  -1 when none. */
void ds_mno_recommend(const ds_esim_profile *p, size_t n, int *primary, int *backup);
/** The network of a scan that serves profile p (same MCC and MNC, on a
 *  technology the profile can use; the strongest one when several answer),
 *  or NULL. */
const ds_network *ds_mno_scan_match(const ds_esim_profile *p, const ds_network *nets, size_t n_nets);
/** Updates the profiles from an operator scan: in reach when a network of
 *  theirs answered (and is not forbidden), with its signal where the scan
 *  measured one. A profile from a country the scan saw no network of roams
 *  on partners the scan cannot name: it keeps what the module said. */
void ds_mno_apply_scan(ds_esim_profile *p, size_t n, const ds_network *nets, size_t n_nets);

#endif
