# The plugin SDK for device vendors (plugins/README.md), installed with
# COMPONENT dev so that packaging puts it in doorstep-dev:
#   <includedir>/doorstep/plugin.h             the ABI, the only header a plugin includes
#   <libdir>/pkgconfig/doorstep-plugin.pc      pkg-config: Cflags, Libs for a plugin, plugindir
#   <libdir>/cmake/DoorstepPlugin/             find_package(DoorstepPlugin): Doorstep::plugin
#                                              and doorstep_add_plugin()
# The plugin directory is where the loader looks last (DS_PLUGIN_INSTALL_DIR);
# the trust store directory is where a signed plugin's public key goes.
include(CMakePackageConfigHelpers)

set(DS_SDK_PLUGIN_DIR "${CMAKE_INSTALL_LIBDIR}/doorstep/plugins")
set(DS_SDK_TRUST_DIR "${DS_TRUST_SYSTEM_DIR}") # where the installed doorstep looks for keys
set(DS_SDK_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/DoorstepPlugin")

# The SDK's version is the ABI's, read from the header.
file(STRINGS plugins/sdk/doorstep/plugin.h DS_SDK_ABI_LINES
  REGEX "^#define DS_PLUGIN_ABI_(MAJOR|MINOR) [0-9]+$")
string(REGEX REPLACE ".*MAJOR ([0-9]+).*MINOR ([0-9]+).*" "\\1.\\2" DS_SDK_ABI_VERSION
  "${DS_SDK_ABI_LINES}")

install(FILES plugins/sdk/doorstep/plugin.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/doorstep COMPONENT dev)

# pkg-config: written at install time, so that its prefix is the one
# installed to (`cmake --install --prefix` included; DESTDIR is not part of it).
install(CODE "
  set(DS_SDK_PC_PREFIX \"\${CMAKE_INSTALL_PREFIX}\")
  set(CMAKE_INSTALL_INCLUDEDIR \"${CMAKE_INSTALL_INCLUDEDIR}\")
  set(CMAKE_INSTALL_LIBDIR \"${CMAKE_INSTALL_LIBDIR}\")
  set(CMAKE_INSTALL_LOCALEDIR \"${CMAKE_INSTALL_LOCALEDIR}\")
  set(DS_SDK_TRUST_DIR \"${DS_SDK_TRUST_DIR}\")
  set(DS_SDK_ABI_VERSION \"${DS_SDK_ABI_VERSION}\")
  configure_file(\"${CMAKE_SOURCE_DIR}/cmake/sdk/doorstep-plugin.pc.in\"
    \"${CMAKE_BINARY_DIR}/sdk/doorstep-plugin.pc\" @ONLY)
  " COMPONENT dev)
install(FILES "${CMAKE_BINARY_DIR}/sdk/doorstep-plugin.pc"
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT dev)

# CMake package: the config computes every path from its own location.
configure_package_config_file(cmake/sdk/DoorstepPluginConfig.cmake.in
  "${CMAKE_BINARY_DIR}/sdk/DoorstepPluginConfig.cmake"
  INSTALL_DESTINATION ${DS_SDK_CMAKE_DIR}
  PATH_VARS CMAKE_INSTALL_INCLUDEDIR DS_SDK_PLUGIN_DIR)
# A plugin asking for ABI 1.0 builds against 1.1, never against 2.x.
write_basic_package_version_file("${CMAKE_BINARY_DIR}/sdk/DoorstepPluginConfigVersion.cmake"
  VERSION ${DS_SDK_ABI_VERSION} COMPATIBILITY SameMajorVersion ARCH_INDEPENDENT)
install(FILES "${CMAKE_BINARY_DIR}/sdk/DoorstepPluginConfig.cmake"
  "${CMAKE_BINARY_DIR}/sdk/DoorstepPluginConfigVersion.cmake"
  DESTINATION ${DS_SDK_CMAKE_DIR} COMPONENT dev)
