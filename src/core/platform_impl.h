/* The platform module's insides (platform.h), shared by platform.c and the
 * one system file compiled in: platform_posix.c or platform_windows.c. */
#ifndef CLOUDPREP_PLATFORM_IMPL_H
#define CLOUDPREP_PLATFORM_IMPL_H

#include "cloudprep/platform.h"

/* The system's folder for temporary files, without a trailing separator. */
bool cp_platform_temp_base(char *out, size_t size);
/* True when path is a folder itself, not a link to one (lstat). */
bool cp_platform_is_real_dir(const char *path);
/* How many leading bytes of path are its root, which no mkdir makes: "/"
 * (1); on Windows also "C:\" (3), "C:" (2) or "\\server\share\". 0 for a
 * relative path. */
size_t cp_platform_root_length(const char *path);
/* True for a byte that separates path components ('/'; Windows: '\' too). */
bool cp_platform_is_separator(char c);
/* Gives the owner back what a test may have taken away, so the tree can be
 * listed and removed (POSIX: rwx on a folder; Windows: no read-only
 * attribute). Best effort. */
void cp_platform_unprotect(const char *path, bool is_dir);

#endif
