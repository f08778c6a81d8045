# CMake toolchain: 64-bit Windows with Debian's MinGW-w64 (gcc-mingw-w64-x86-64).
#
# Used for the project and for the dependencies tools/windows/build-deps
# builds. Libraries, headers, CMake packages and pkg-config files are looked
# up only in the MinGW sysroot and in the dependencies' prefix, never in the
# host's /usr. The prefix is CP_WIN_PREFIX (a -D or the environment);
# tools/windows/build-deps and tools/windows/test set it.
#
#   cmake -S . -B build-win -DCMAKE_TOOLCHAIN_FILE=tools/windows/mingw-w64-x86_64.cmake \
#         -DCP_WIN_PREFIX=build/win-deps/prefix
#
# Executables are linked statically (libgcc and every library in the
# prefix), so a test .exe runs under Wine without a DLL beside it. When
# Debian's wine64 is installed it is the cross-compiling emulator, so ctest
# runs the test executables through it.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(CP_MINGW_TRIPLET x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${CP_MINGW_TRIPLET}-gcc)
set(CMAKE_CXX_COMPILER ${CP_MINGW_TRIPLET}-g++)
set(CMAKE_RC_COMPILER ${CP_MINGW_TRIPLET}-windres)
set(CMAKE_AR ${CP_MINGW_TRIPLET}-ar CACHE FILEPATH "")
set(CMAKE_RANLIB ${CP_MINGW_TRIPLET}-ranlib CACHE FILEPATH "")

if(NOT CP_WIN_PREFIX AND DEFINED ENV{CP_WIN_PREFIX})
  set(CP_WIN_PREFIX "$ENV{CP_WIN_PREFIX}")
endif()
if(NOT CP_WIN_PREFIX)
  message(FATAL_ERROR "Set CP_WIN_PREFIX to the prefix tools/windows/build-deps made "
                      "(BUILD_DIR/win-deps/prefix)")
endif()
get_filename_component(CP_WIN_PREFIX "${CP_WIN_PREFIX}" ABSOLUTE)
# try_compile projects re-read this file: hand them the prefix too.
set(ENV{CP_WIN_PREFIX} "${CP_WIN_PREFIX}")
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES CP_WIN_PREFIX)

set(CMAKE_FIND_ROOT_PATH /usr/${CP_MINGW_TRIPLET} "${CP_WIN_PREFIX}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)     # build tools: the host's
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(CMAKE_PREFIX_PATH "${CP_WIN_PREFIX}")

# pkg-config: the prefix's .pc files only (PKG_CONFIG_LIBDIR replaces the
# host's search path instead of adding to it).
set(ENV{PKG_CONFIG_LIBDIR} "${CP_WIN_PREFIX}/lib/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")
set(ENV{PKG_CONFIG_SYSROOT_DIR} "")

# One self-contained .exe: no libgcc_s, libwinpthread or dependency DLL.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")

if(EXISTS /usr/lib/wine/wine64)
  set(CMAKE_CROSSCOMPILING_EMULATOR /usr/lib/wine/wine64)
endif()
