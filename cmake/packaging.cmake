# The Debian packages (docs/packaging.md): `cpack -G DEB` in a build tree
# configured with -DCMAKE_INSTALL_PREFIX=/usr makes
#   doorstep_<version>-1_<arch>.deb      the program, the plugins and their
#                                        signatures, translations, the man
#                                        page, bash completion, the trust store
#   doorstep-dev_<version>-1_<arch>.deb  the plugin SDK (install COMPONENT dev)
# Every install component other than "dev" goes into the doorstep package.
#
# Signing: the installed plugins are signed again, as they are installed,
# with the packaging key, and its public key is installed as
# <sysconfdir>/doorstep/trusted.d/doorstep-package.pub (/etc/doorstep/...
# in the package), the only place an installed doorstep looks for trusted
# keys besides the user's own. It goes under the prefix installed to, so a
# staged install (`cmake --install build --prefix STAGE`) writes nothing
# outside STAGE and needs no root. A distributor
# passes their own key (kept outside the source tree):
#   -DDS_PACKAGE_SIGNING_KEY=/secure/doorstep-package.key
#   -DDS_PACKAGE_SIGNING_PUBKEY=/secure/doorstep-package.pub  (default: the
#                                key's path with .key replaced by .pub)
# Without it, the build tree's development key signs them: fine for a
# package built and tested on the same machine, wrong for one given away.

set(DS_PACKAGE_SIGNING_KEY "" CACHE FILEPATH
  "minisign secret key (no password) that signs the installed plugins; empty: the build tree's development key")
set(DS_PACKAGE_SIGNING_PUBKEY "" CACHE FILEPATH
  "public key of DS_PACKAGE_SIGNING_KEY (default: its path with .key replaced by .pub)")

if(DS_PACKAGE_SIGNING_KEY)
  set(ds_pkg_key "${DS_PACKAGE_SIGNING_KEY}")
  set(ds_pkg_pub "${DS_PACKAGE_SIGNING_PUBKEY}")
  if(NOT ds_pkg_pub)
    string(REGEX REPLACE "\\.key$" "" ds_pkg_pub "${ds_pkg_key}")
    set(ds_pkg_pub "${ds_pkg_pub}.pub")
  endif()
  foreach(f "${ds_pkg_key}" "${ds_pkg_pub}")
    if(NOT EXISTS "${f}")
      message(FATAL_ERROR "DS_PACKAGE_SIGNING_KEY: ${f} does not exist. Pass the secret key "
        "and, unless it sits beside it as NAME.pub, DS_PACKAGE_SIGNING_PUBKEY.")
    endif()
  endforeach()
  set(ds_pkg_key_comment "signature from the doorstep package key")
else()
  set(ds_pkg_key "${DS_DEV_SECKEY}")
  set(ds_pkg_pub "${DS_DEV_PUBKEY}")
  set(ds_pkg_key_comment "signature from the doorstep development key")
  message(STATUS "Packaged plugins are signed with this build tree's development key; "
    "a distributor passes -DDS_PACKAGE_SIGNING_KEY (docs/signing.md)")
endif()

if(NOT CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  message(STATUS "Debian packages (cpack -G DEB) want -DCMAKE_INSTALL_PREFIX=/usr; "
    "this tree installs to ${CMAKE_INSTALL_PREFIX}")
endif()

# ---- man page and bash completion ----
set(DS_MAN_PAGE_GZ "${CMAKE_BINARY_DIR}/doorstep.1.gz")
add_custom_command(OUTPUT "${DS_MAN_PAGE_GZ}"
  COMMAND gzip -9 -n -c "${CMAKE_SOURCE_DIR}/docs/doorstep.1" > "${DS_MAN_PAGE_GZ}"
  DEPENDS "${CMAKE_SOURCE_DIR}/docs/doorstep.1"
  COMMENT "Compressing the man page")
add_custom_target(ds_man_page ALL DEPENDS "${DS_MAN_PAGE_GZ}")
install(FILES "${DS_MAN_PAGE_GZ}" DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES "${CMAKE_SOURCE_DIR}/packaging/bash-completion/doorstep"
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)

# ---- the plugins' signatures and the key that checks them ----
# Runs after the plugins' own install rule (same directory, later rule).
install(CODE "
  set(ds_dir \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/doorstep/plugins\")
  file(GLOB ds_plugins \"\${ds_dir}/*.so\")
  foreach(ds_plugin \${ds_plugins})
    message(STATUS \"Signing: \${ds_plugin}.minisig\")
    execute_process(COMMAND \"$<TARGET_FILE:ds-sign>\" sign -c \"${ds_pkg_key_comment}\"
                            \"${ds_pkg_key}\" \"\${ds_plugin}\" RESULT_VARIABLE ds_rc)
    if(NOT ds_rc EQUAL 0)
      message(FATAL_ERROR \"cannot sign \${ds_plugin} with ${ds_pkg_key}\")
    endif()
    execute_process(COMMAND \"$<TARGET_FILE:ds-sign>\" verify \"${ds_pkg_pub}\" \"\${ds_plugin}\"
                    RESULT_VARIABLE ds_rc OUTPUT_QUIET)
    if(NOT ds_rc EQUAL 0)
      message(FATAL_ERROR \"${ds_pkg_pub} does not check the signature of \${ds_plugin}: \"
                          \"it is not the public key of ${ds_pkg_key}\")
    endif()
  endforeach()
  # The plugins' rule copies the build tree's empty CMakeFiles folders too.
  file(GLOB ds_subdirs LIST_DIRECTORIES true \"\${ds_dir}/*\")
  foreach(ds_sub \${ds_subdirs})
    file(GLOB_RECURSE ds_files \"\${ds_sub}/*\")
    if(IS_DIRECTORY \"\${ds_sub}\" AND NOT ds_files)
      file(REMOVE_RECURSE \"\${ds_sub}\")
    endif()
  endforeach()
")
# GNUInstallDirs' rule, at install time: the prefix /usr keeps its
# configuration in /etc, any other prefix in <prefix>/etc.
install(CODE "
  if(CMAKE_INSTALL_PREFIX STREQUAL \"/usr\")
    set(ds_etc \"/etc\")
  else()
    set(ds_etc \"\${CMAKE_INSTALL_PREFIX}/etc\")
  endif()
  # file(INSTALL) puts \$ENV{DESTDIR} before an absolute DESTINATION itself.
  file(INSTALL \"${ds_pkg_pub}\" DESTINATION \"\${ds_etc}/doorstep/trusted.d\"
       RENAME doorstep-package.pub)
")

# ---- CPack: two Debian packages ----
set(CPACK_PACKAGE_NAME doorstep)
set(CPACK_PACKAGE_VENDOR "doorstep")
set(CPACK_PACKAGE_CONTACT "doorstep maintainers <maintainers@doorstep.invalid>")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_INSTALL_DIRECTORY doorstep)
set(CPACK_PACKAGING_INSTALL_PREFIX "${CMAKE_INSTALL_PREFIX}")
set(CPACK_GENERATOR DEB)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
set(ds_pkg_full_version "${PROJECT_VERSION}-${CPACK_DEBIAN_PACKAGE_RELEASE}")

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME doorstep)
# The operator database (MCC/MNC -> operator) is read from this package's
# XML file at run time; BlueZ answers the BLE scan.
set(CPACK_DEBIAN_RUNTIME_PACKAGE_DEPENDS "mobile-broadband-provider-info")
set(CPACK_DEBIAN_RUNTIME_PACKAGE_RECOMMENDS "bluez")
# Descriptions: the summary line first (CPACK_PACKAGE_DESCRIPTION_SUMMARY is
# left unset, or CPack would put it before every package's own).
set(CPACK_DEBIAN_RUNTIME_DESCRIPTION "terminal setup wizard for smart security systems
doorstep takes an alarm system from factory state to safely in service:
pair every device by QR code, Bluetooth LE or typed code, replace every
factory-default password, choose the primary and backup operator on the
panel's IoT eSIM and prove failover, run network diagnostics and hand over
a commissioning report. Device vendors extend it with signed plugins.")
set(ds_conffiles "${CMAKE_BINARY_DIR}/packaging/runtime/conffiles")
file(WRITE "${ds_conffiles}" "/etc/doorstep/trusted.d/doorstep-package.pub\n")
set(CPACK_DEBIAN_RUNTIME_PACKAGE_CONTROL_EXTRA "${ds_conffiles}")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME doorstep-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "doorstep (= ${ds_pkg_full_version})")
set(CPACK_DEBIAN_DEV_PACKAGE_SHLIBDEPS OFF)
set(CPACK_DEBIAN_DEV_DESCRIPTION "plugin SDK of doorstep
The header a device vendor's doorstep plugin includes (the plugin ABI and
the host services), with its build files, to build plugins that the
doorstep package loads.")

# Runs when the whole top-level CMakeLists.txt has been read, so that the
# install components of every other file are known: each one but "dev"
# joins the group "runtime", which is the doorstep package.
function(ds_package_configure)
  get_cmake_property(components COMPONENTS)
  foreach(c ${components})
    if(NOT c STREQUAL "dev")
      string(TOUPPER "${c}" C)
      set(CPACK_COMPONENT_${C}_GROUP runtime)
    endif()
  endforeach()
  set(CPACK_COMPONENTS_ALL ${components})
  set(CPACK_COMPONENTS_GROUPING ONE_PER_GROUP)
  include(CPack)
endfunction()
cmake_language(DEFER DIRECTORY "${CMAKE_SOURCE_DIR}" CALL ds_package_configure)
