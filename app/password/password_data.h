/* The password data files (data/passwords/), built into the binary: the
 * build turns each file into a byte array (cmake/embed_password_data.cmake),
 * so that the policy never depends on a file found at run time. */
#ifndef DS_PASSWORD_DATA_H
#define DS_PASSWORD_DATA_H

#include <stddef.h>

/** data/passwords/iot-defaults.txt: factory-default and botnet passwords. */
extern const unsigned char ds_pwdata_iot_defaults[];
/** Size in bytes of ds_pwdata_iot_defaults. */
extern const size_t ds_pwdata_iot_defaults_size;
/** data/passwords/common-passwords.txt: the most common passwords. */
extern const unsigned char ds_pwdata_common[];
/** Size in bytes of ds_pwdata_common. */
extern const size_t ds_pwdata_common_size;
/** data/passwords/eff_large_wordlist.txt: the EFF's long wordlist (CC BY 3.0). */
extern const unsigned char ds_pwdata_eff_words[];
/** Size in bytes of ds_pwdata_eff_words. */
extern const size_t ds_pwdata_eff_words_size;

#endif
