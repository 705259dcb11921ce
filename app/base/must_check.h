/* DS_MUST_CHECK marks a function whose result says whether it worked: the
 * compiler warns where a caller drops it (an error in CI, -Werror). */
#ifndef DS_MUST_CHECK_H
#define DS_MUST_CHECK_H

#if defined(__GNUC__)
/** Put before a declaration: ignoring its result is a warning. */
#define DS_MUST_CHECK __attribute__((warn_unused_result))
#else
#define DS_MUST_CHECK
#endif

#endif
