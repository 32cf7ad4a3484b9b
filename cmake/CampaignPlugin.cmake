# campaign_add_plugin(<name> SOURCES <files>... [LIBRARIES <targets>...] [NO_INSTALL]
#                     [OUTPUT_DIRECTORY <dir>])
#
# Builds a campaign plugin: a MODULE library named <name>.so with hidden
# visibility (only the entry point is exported) and no undefined symbols
# allowed at link time, linked to the campaign SDK and installed into the
# plugin folder of the ABI major it was built for. Used by the project's own
# plugins and, through find_package(Campaign), by third parties.

function(campaign_add_plugin name)
  cmake_parse_arguments(PLUGIN "NO_INSTALL" "OUTPUT_DIRECTORY" "SOURCES;LIBRARIES" ${ARGN})
  if(NOT PLUGIN_SOURCES)
    message(FATAL_ERROR "campaign_add_plugin(${name}): SOURCES is required")
  endif()
  add_library(${name} MODULE ${PLUGIN_SOURCES})
  target_link_libraries(${name} PRIVATE Campaign::sdk ${PLUGIN_LIBRARIES})
  if(TARGET campaign_settings)
    # Inside the campaign build: the project's warnings and sanitizer settings.
    target_link_libraries(${name} PRIVATE campaign_settings campaign_warnings)
  endif()
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    C_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_link_options(${name} PRIVATE "LINKER:--no-undefined")
  if(PLUGIN_OUTPUT_DIRECTORY)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${PLUGIN_OUTPUT_DIRECTORY}")
  elseif(DEFINED CAMPAIGN_BUILD_PLUGIN_DIR)
    # Inside the campaign build: next to the others, where the build-tree binary looks.
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${CAMPAIGN_BUILD_PLUGIN_DIR}")
  endif()
  if(NOT PLUGIN_NO_INSTALL)
    install(TARGETS ${name} LIBRARY DESTINATION "${CAMPAIGN_PLUGIN_INSTALL_DIR}")
  endif()
endfunction()
