# Plugin signing (app/plugin/plugin_trust.h, docs/signing.md). The build makes
# a development key pair in the build tree, the first time it is needed, and
# signs every in-tree plugin and test fixture with it after each link:
#   <build>/signing/doorstep-dev.key   the secret key: mode 0600 in a 0700
#                                      directory; never committed, never installed
#   <build>/trusted.d/doorstep-dev.pub its public key: the build tree's trust
#                                      store, trusted only by binaries that run
#                                      from this build tree (DS_TRUST_BUILD_DIR)
# so that `build/doorstep --demo` and the tests load the signed plugins, while
# an installed doorstep trusts only $XDG_CONFIG_HOME/doorstep/trusted.d and
# /etc/doorstep/trusted.d. ds-sign (packaging/ds_sign.c) writes minisign's
# formats; vendors may use it or the minisign tool. Each signature is bound to
# its plugin: the trusted comment reads "doorstep-plugin <id> <version>",
# which ds-sign reads from the plugin's descriptor.
option(DS_TRUST_BUILD_KEY "Binaries run from the build tree trust its development key" ON)

set(DS_BUILD_TRUST_DIR "${CMAKE_BINARY_DIR}/trusted.d")
set(DS_DEV_PUBKEY "${DS_BUILD_TRUST_DIR}/doorstep-dev.pub")
set(DS_DEV_SECKEY "${CMAKE_BINARY_DIR}/signing/doorstep-dev.key")

# DS_BUILD_ROOT tells a binary that runs from this build tree (tests,
# `build/doorstep`) from an installed one (ds_paths_in_build_tree).
target_compile_definitions(doorstep_base PUBLIC DS_BUILD_ROOT="${CMAKE_BINARY_DIR}")
if(DS_TRUST_BUILD_KEY)
  target_compile_definitions(doorstep_base PUBLIC
    DS_TRUST_BUILD_DIR="${DS_BUILD_TRUST_DIR}")
endif()

# The signing tool: libsodium and the format code only.
add_executable(ds-sign packaging/ds_sign.c app/plugin/minisign.c)
target_include_directories(ds-sign PRIVATE ${CMAKE_SOURCE_DIR})
target_link_libraries(ds-sign PRIVATE doorstep_sdk PkgConfig::SODIUM ${CMAKE_DL_LIBS})

# Makes the key pair when it is missing; keeps it otherwise.
add_custom_target(ds_dev_key
  COMMAND ds-sign keygen --comment "doorstep development key (this build tree only)"
          "${DS_DEV_PUBKEY}" "${DS_DEV_SECKEY}"
  BYPRODUCTS "${DS_DEV_PUBKEY}" "${DS_DEV_SECKEY}"
  COMMENT "Checking the development signing key"
  VERBATIM)

# ds_sign_target(<target> [TRUSTED_COMMENT <text>]): writes <file>.minisig
# next to the target's file after every link, with the development key
# ("ED", prehashed), bound to the plugin id and version of its descriptor.
# TRUSTED_COMMENT signs with that comment instead (test fixtures whose
# descriptor cannot be read).
function(ds_sign_target target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "TRUSTED_COMMENT" "")
  set(trusted)
  if(DEFINED arg_TRUSTED_COMMENT)
    set(trusted -t "${arg_TRUSTED_COMMENT}")
  endif()
  add_dependencies(${target} ds_dev_key)
  # A new key or a new ds-sign (another binding) relinks and so re-signs it.
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS "${DS_DEV_PUBKEY}"
    "$<TARGET_FILE:ds-sign>")
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ds-sign sign -c "signature from the doorstep development key" ${trusted}
            "${DS_DEV_SECKEY}" $<TARGET_FILE:${target}>
    VERBATIM)
endfunction()
