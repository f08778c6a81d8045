# Install rules and packages: `cmake --install` puts cloudprep under any
# prefix (GNUInstallDirs), `cpack -G DEB` makes a Debian package whose
# dependencies come from the binary's real shared-library needs
# (dpkg-shlibdeps), `cpack -G TGZ` a relocatable tarball. The binary finds
# its decks and icon from its own path (src/cli/decks.c), so the tree works
# wherever it is unpacked. Bench and test programs are not installed.

# Identity for software centres. The app id is reverse-DNS (AppStream asks
# for it, and names the desktop file after it); the home page is where the
# metadata's screenshots and the package's Homepage point. Both are
# placeholders until the project has a public address: set them here.
set(CP_APP_ID "io.github.cloudprep.cloudprep" CACHE STRING "AppStream id and desktop file name")
set(CP_HOMEPAGE "https://github.com/cloudprep/cloudprep" CACHE STRING "the project's home page")
set(CP_SCREENSHOTS "${CP_HOMEPAGE}/raw/main/docs/img" CACHE STRING "where docs/img is published")
set(CP_MAINTAINER "The cloudprep maintainers <maintainers@users.noreply.h-seed-9b4bc44f.example>"
    CACHE STRING "the package's maintainer, Name <email>")
# This release's date (the metainfo's <release>, the changelog's trailer).
set(CP_RELEASE_DATE "2026-12-04")
set(CP_RELEASE_DATE_RFC2822 "Fri, 04 Dec 2026 12:00:00 +0000")

# ---- generated files: the desktop entry and metainfo named for the id, the
# manual page and changelog compressed as Debian wants them (gzip -n: no
# name or time stamp, so the same sources give the same bytes) ----
set(CP_GEN ${CMAKE_CURRENT_BINARY_DIR}/install)
configure_file(assets/cloudprep.desktop.in ${CP_GEN}/${CP_APP_ID}.desktop COPYONLY)
configure_file(assets/cloudprep.metainfo.xml.in ${CP_GEN}/${CP_APP_ID}.metainfo.xml @ONLY)
configure_file(packaging/changelog.in ${CP_GEN}/changelog @ONLY)
add_custom_command(OUTPUT ${CP_GEN}/cloudprep.1.gz ${CP_GEN}/changelog.gz
  COMMAND ${CMAKE_COMMAND} -E copy ${CMAKE_CURRENT_SOURCE_DIR}/assets/cloudprep.1 ${CP_GEN}/cloudprep.1
  COMMAND gzip -9nf ${CP_GEN}/cloudprep.1
  COMMAND ${CMAKE_COMMAND} -E copy ${CP_GEN}/changelog ${CP_GEN}/changelog.tmp
  COMMAND gzip -9nf ${CP_GEN}/changelog.tmp
  COMMAND ${CMAKE_COMMAND} -E rename ${CP_GEN}/changelog.tmp.gz ${CP_GEN}/changelog.gz
  DEPENDS assets/cloudprep.1 ${CP_GEN}/changelog
  COMMENT "Compressing the manual page and the changelog")
add_custom_target(cloudprep_install_files ALL DEPENDS ${CP_GEN}/cloudprep.1.gz ${CP_GEN}/changelog.gz)

# ---- what goes where ----
set(CMAKE_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
install(TARGETS cloudprep RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY decks/ DESTINATION ${CMAKE_INSTALL_DATADIR}/cloudprep/decks
        FILES_MATCHING PATTERN "*.md")
install(DIRECTORY assets/icons/ DESTINATION ${CMAKE_INSTALL_DATADIR}/icons
        FILES_MATCHING PATTERN "cloudprep.png" PATTERN "cloudprep.svg")
install(FILES ${CP_GEN}/${CP_APP_ID}.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${CP_GEN}/${CP_APP_ID}.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${CP_GEN}/cloudprep.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
# The docs keep the README's relative links: README.md, docs/*.md, docs/img.
install(FILES README.md packaging/copyright ${CP_GEN}/changelog.gz
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs
        FILES_MATCHING PATTERN "*.md" PATTERN "*.png")

# ---- packages ----
set(CPACK_PACKAGE_NAME cloudprep)
set(CPACK_PACKAGE_VENDOR "The cloudprep maintainers")
set(CPACK_PACKAGE_CONTACT "${CP_MAINTAINER}")
set(CPACK_PACKAGE_HOMEPAGE_URL "${CP_HOMEPAGE}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "offline trainer for the AWS Certified Cloud Practitioner exam")
set(CPACK_PACKAGE_DESCRIPTION
"cloudprep trains for the AWS Certified Cloud Practitioner (CLF-C02) exam
without a network connection: a daily spaced-repetition drill scheduled
with FSRS, timed quiz rounds, 65-question mock exams scored like the real
exam, a ten-question diagnostic with a study plan, and a readiness meter
that predicts the score on unseen questions and says when to book the exam.
.
It comes with a bank of cards tagged by the exam guide's domains and task
statements, and loads decks the learner writes in Markdown.")
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_PACKAGE_FILE_NAME "cloudprep-${PROJECT_VERSION}-${CMAKE_SYSTEM_NAME}-${CMAKE_SYSTEM_PROCESSOR}")
# DEB: cloudprep_VERSION_ARCH.deb, dependencies from dpkg-shlibdeps.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION education)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Any TrueType font works through fontconfig; the layout was tuned on DejaVu.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-dejavu-core")
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
include(CPack)

# ---- tests (tests/install/): the install into a DESTDIR, the relocated
# tarball, the .deb inspected and linted, and installed with dpkg -i where
# the suite runs as root (skipped otherwise). The packages are left out of
# sanitizer builds, whose binaries are not for shipping. ----
if(BUILD_TESTING)
  set(CP_INSTALL_TESTS install_destdir:destdir)
  if(NOT CP_SANITIZE)
    list(APPEND CP_INSTALL_TESTS package_tgz:tgz package_deb:deb package_deb_install:deb_install)
  endif()
  foreach(pair ${CP_INSTALL_TESTS})
    string(REPLACE ":" ";" pair ${pair})
    list(GET pair 0 name)
    list(GET pair 1 script)
    add_test(NAME ${name} COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/tests/install/${script}.sh
             ${CMAKE_CURRENT_BINARY_DIR} ${CMAKE_CURRENT_SOURCE_DIR})
    set_tests_properties(${name} PROPERTIES LABELS "unit;install" TIMEOUT 300 SKIP_RETURN_CODE 77)
  endforeach()
  if(NOT CP_SANITIZE)
    # cpack runs the build's preinstall step: one cpack at a time.
    set_tests_properties(package_tgz package_deb PROPERTIES RESOURCE_LOCK cloudprep_cpack)
    set_tests_properties(package_deb PROPERTIES FIXTURES_SETUP cloudprep_deb)
    set_tests_properties(package_deb_install PROPERTIES FIXTURES_REQUIRED cloudprep_deb)
  endif()
endif()
