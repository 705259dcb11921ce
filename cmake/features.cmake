# The floors between the foundation and the core: the services
# app/{qr,ble,net,mno,serial}, the password policy and the plugin host,
# each with the libraries it needs.

# ---- QR codes (app/qr): libqrencode draws, libzbar reads pictures, libpng
# writes and reads PNG files. JPEG pictures go through zbar's own
# conversion (its libjpeg), so no JPEG library is linked here.
pkg_check_modules(QRENCODE REQUIRED IMPORTED_TARGET libqrencode)
pkg_check_modules(ZBAR REQUIRED IMPORTED_TARGET zbar)
pkg_check_modules(PNG REQUIRED IMPORTED_TARGET libpng)
ds_layer(doorstep_qr GLOBS app/qr/*.c DEPS doorstep_base PkgConfig::QRENCODE PkgConfig::ZBAR PkgConfig::PNG)

# ---- Passwords (app/password): libzxcvbn estimates strength (Debian
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
ds_layer(doorstep_password GLOBS app/password/*.c DEPS doorstep_base "${ZXCVBN_LIBRARY}")
target_sources(doorstep_password PRIVATE "${DS_PASSWORD_DATA_C}")
target_include_directories(doorstep_password SYSTEM PRIVATE "${ZXCVBN_INCLUDE_DIR}")
if(DS_MATH_LIBRARY)
  target_link_libraries(doorstep_password PUBLIC "${DS_MATH_LIBRARY}")
endif()
install(FILES ${DS_PASSWORD_DATA_FILES} "${DS_PASSWORD_DATA_DIR}/README.md"
  DESTINATION ${CMAKE_INSTALL_DATADIR}/doorstep/passwords)

# ---- D-Bus: sd-bus from libsystemd (BlueZ for app/ble, ModemManager for app/serial).
pkg_check_modules(SYSTEMD REQUIRED IMPORTED_TARGET libsystemd)
# ---- D-Bus calls (app/dbus): one method call that waits in slices with the
# user's cancel and a timeout, for app/ble and app/serial.
ds_layer(doorstep_dbus GLOBS app/dbus/*.c DEPS doorstep_base PkgConfig::SYSTEMD)
# ---- Bluetooth LE (app/ble): BlueZ over D-Bus.
ds_layer(doorstep_ble GLOBS app/ble/*.c DEPS doorstep_dbus doorstep_base PkgConfig::SYSTEMD)
# ---- Diagnostics (app/net): libcurl runs the laptop's network checks.
ds_layer(doorstep_net GLOBS app/net/*.c DEPS doorstep_base PkgConfig::CURL)
# ---- Mobile operators (app/mno): expat reads the operator database of
# mobile-broadband-provider-info at run time.
pkg_check_modules(EXPAT REQUIRED IMPORTED_TARGET expat)
ds_layer(doorstep_mno GLOBS app/mno/*.c DEPS doorstep_base PkgConfig::EXPAT)

# ---- Serial ports (app/serial): the ports a cellular module may sit on, and
# ModemManager asked over D-Bus to let go of a modem while doorstep uses it.
ds_layer(doorstep_serial GLOBS app/serial/*.c DEPS doorstep_dbus doorstep_base PkgConfig::SYSTEMD)

# ---- The plugin host (app/plugin): loader, trust, host table, claiming, and
# the conformance checker (app/plugin/check); it serves plugins the BLE,
# HTTP, network and serial host services, so it links app/ble, app/net and app/serial.
ds_layer(doorstep_plugin GLOBS app/plugin/*.c app/plugin/check/*.c
  DEPS doorstep_ble doorstep_net doorstep_serial doorstep_base)
# Each plugin runs in a process of its own: doorstep-plugin-runner
# (app/plugin/runner), installed beside the other private executables.
set(DS_RUNNER_INSTALL_DIR "${CMAKE_INSTALL_LIBEXECDIR}/doorstep")
# An installed doorstep finds it from its own place (a package unpacked
# anywhere still works), else at the path it was installed to.
file(RELATIVE_PATH DS_RUNNER_FROM_BINDIR "${CMAKE_INSTALL_FULL_BINDIR}"
  "${CMAKE_INSTALL_FULL_LIBEXECDIR}/doorstep/doorstep-plugin-runner")
target_compile_definitions(doorstep_plugin PRIVATE
  DS_RUNNER_BUILD_PATH="${CMAKE_BINARY_DIR}/doorstep-plugin-runner"
  DS_RUNNER_FROM_BINDIR="${DS_RUNNER_FROM_BINDIR}"
  DS_RUNNER_INSTALL_PATH="${CMAKE_INSTALL_FULL_LIBEXECDIR}/doorstep/doorstep-plugin-runner")
file(GLOB DS_RUNNER_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/app/plugin/runner/*.c)
add_executable(doorstep-plugin-runner ${DS_RUNNER_SOURCES})
target_link_libraries(doorstep-plugin-runner PRIVATE doorstep_plugin)
install(TARGETS doorstep-plugin-runner RUNTIME DESTINATION ${DS_RUNNER_INSTALL_DIR})
