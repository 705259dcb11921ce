# Dependencies of the feature rooms, linked into doorstep_core.
# QR codes (app/qr): libqrencode draws, libzbar reads images, libpng exports.
# Passwords (app/core/password_*): libzxcvbn estimates strength.

# ---- QR codes (app/qr): libqrencode draws, libzbar reads pictures, libpng
# writes and reads PNG files. JPEG pictures go through zbar's own
# conversion (its libjpeg), so no JPEG library is linked here.
pkg_check_modules(QRENCODE REQUIRED IMPORTED_TARGET libqrencode)
pkg_check_modules(ZBAR REQUIRED IMPORTED_TARGET zbar)
pkg_check_modules(PNG REQUIRED IMPORTED_TARGET libpng)
target_link_libraries(doorstep_core PUBLIC PkgConfig::QRENCODE PkgConfig::ZBAR PkgConfig::PNG)

# ---- Passwords (app/core/password_*): libzxcvbn estimates strength (Debian
# ships no pkg-config file for it). The lists in data/passwords/ are built
# into the binary (cmake/embed_password_data.cmake) and installed to read.
find_path(ZXCVBN_INCLUDE_DIR zxcvbn.h)
find_library(ZXCVBN_LIBRARY zxcvbn)
if(NOT ZXCVBN_INCLUDE_DIR OR NOT ZXCVBN_LIBRARY)
  message(FATAL_ERROR "libzxcvbn not found: install it with \"apt-get install libzxcvbn-dev\"")
endif()
find_library(DS_MATH_LIBRARY m)
set(DS_PASSWORD_DATA_DIR "${CMAKE_SOURCE_DIR}/data/passwords")
set(DS_PASSWORD_DATA_FILES
  "${DS_PASSWORD_DATA_DIR}/iot-defaults.txt"
  "${DS_PASSWORD_DATA_DIR}/common-passwords.txt"
  "${DS_PASSWORD_DATA_DIR}/eff_large_wordlist.txt")
set(DS_PASSWORD_DATA_C "${CMAKE_BINARY_DIR}/generated/password_data.c")
add_custom_command(OUTPUT "${DS_PASSWORD_DATA_C}"
  COMMAND ${CMAKE_COMMAND} -DSRC_DIR=${DS_PASSWORD_DATA_DIR} -DOUT=${DS_PASSWORD_DATA_C}
          -P "${CMAKE_SOURCE_DIR}/cmake/embed_password_data.cmake"
  DEPENDS ${DS_PASSWORD_DATA_FILES} "${CMAKE_SOURCE_DIR}/cmake/embed_password_data.cmake"
  COMMENT "Embedding the password lists")
target_sources(doorstep_core PRIVATE "${DS_PASSWORD_DATA_C}")
target_include_directories(doorstep_core SYSTEM PRIVATE "${ZXCVBN_INCLUDE_DIR}")
target_link_libraries(doorstep_core PUBLIC "${ZXCVBN_LIBRARY}")
if(DS_MATH_LIBRARY)
  target_link_libraries(doorstep_core PUBLIC "${DS_MATH_LIBRARY}")
endif()
install(FILES ${DS_PASSWORD_DATA_FILES} "${DS_PASSWORD_DATA_DIR}/README.md"
  DESTINATION ${CMAKE_INSTALL_DATADIR}/doorstep/passwords)

# ---- Bluetooth LE (app/ble): BlueZ over D-Bus with sd-bus from libsystemd.
pkg_check_modules(SYSTEMD REQUIRED IMPORTED_TARGET libsystemd)
target_link_libraries(doorstep_core PUBLIC PkgConfig::SYSTEMD)
# ---- Diagnostics (app/net): libcurl runs the laptop's network checks.
target_link_libraries(doorstep_core PUBLIC PkgConfig::CURL)
# ---- Mobile operators (app/mno): expat reads the operator database of
# mobile-broadband-provider-info at run time.
pkg_check_modules(EXPAT REQUIRED IMPORTED_TARGET expat)
target_link_libraries(doorstep_core PUBLIC PkgConfig::EXPAT)
