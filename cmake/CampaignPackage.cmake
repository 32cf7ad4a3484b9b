# CPack settings for the Debian package `campaign` (see `cpack -G DEB`).

set(CPACK_PACKAGE_NAME campaign)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "records of emulation movements: campaigns, pledges, figures, commendations")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
  "campaign keeps the records of emulation movements (phong trao thi dua) in one\n"
  "SQLite database: campaigns, periods, units and their lineage, reported figures\n"
  "with their qualifiers, pledges, models and commendations. It imports CSV, XLSX\n"
  "and report text through plugins and renders reports. The package includes the\n"
  "plugin SDK (C ABI header, C++ layer and the CMake package Campaign).")
set(CPACK_PACKAGE_CONTACT "campaign maintainers <campaign@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion")

include(CPack)
