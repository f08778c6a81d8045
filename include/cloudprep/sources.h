/* cloudprep core: where the cards (and the app's other files) come from.
 *
 * A learner's deck is built from sources, loaded in order into one deck:
 * first the bank, then the learner's own decks. The bank is found here and
 * nowhere else, first of:
 *
 *   1. --decks DIR                        (CP_SOURCE_OPTION)
 *   2. $CLOUDPREP_DECKS                   (CP_SOURCE_ENV)
 *   3. the decks installed beside the binary, EXE_DIR/DATA_REL/cloudprep/decks,
 *      with EXE_DIR from the system (cp_platform_exe_dir), so an install
 *      moved to another prefix still finds them  (CP_SOURCE_INSTALLED)
 *   4. SOURCE_DIR/decks, for a binary that runs from the build tree it was
 *      built in                         (CP_SOURCE_BUILD)
 *
 * and never the current directory: a binary does not change behaviour with
 * cd. The learner's own decks are DATA_DIR/decks (CP_SOURCE_LEARNER), so
 * $XDG_DATA_HOME/cloudprep/decks by default, and a --data-dir learner has
 * their own. Because the bank is loaded first, a learner's card can never
 * replace a bank card (the same id makes the learner's card the duplicate),
 * and a broken learner file loses only its own cards. */
#ifndef CLOUDPREP_SOURCES_H
#define CLOUDPREP_SOURCES_H

#include "cloudprep/common.h"
#include "cloudprep/deck.h"

enum { CP_SOURCE_PATH_MAX = 1024 };

typedef enum cp_source_kind {
    CP_SOURCE_GIVEN = 0,    /* a path the caller named (tests, `check PATH`) */
    CP_SOURCE_OPTION,       /* --decks */
    CP_SOURCE_ENV,          /* $CLOUDPREP_DECKS */
    CP_SOURCE_INSTALLED,    /* the bundled decks of an install */
    CP_SOURCE_BUILD,        /* the bundled decks of the source tree */
    CP_SOURCE_LEARNER,      /* the learner's own decks */
} cp_source_kind;

/* Where the running binary is and what its build knew. Any field may be
 * NULL (unknown): the rules that need it are skipped. */
typedef struct cp_install {
    const char *exe_dir;    /* the binary's directory (cp_platform_exe_dir) */
    const char *data_rel;   /* from the installed binary's directory to the
                             * install's data directory: "../share" */
    const char *build_dir;  /* the directory the binary was built in */
    const char *source_dir; /* the source tree it was built from */
} cp_install;

/* One root of decks and, once loaded, what came from it. */
typedef struct cp_source {
    cp_source_kind kind;
    char path[CP_SOURCE_PATH_MAX];
    bool absent;            /* a learner's decks directory that does not exist */
    size_t cards;           /* valid cards loaded from it */
    size_t files;           /* deck files read */
    size_t skipped;         /* cards left out for an error */
    size_t first_diag;      /* its problems are the deck's diagnostics */
    size_t n_diags;         /* first_diag .. first_diag + n_diags - 1 */
} cp_source;

/* Finds the bank (the order above); option and env may be NULL or "".
 * An option or variable is taken as given, even when the path does not
 * exist (loading it then says so); the install and the build tree count
 * only where their decks directory exists. CP_ERR_NOT_FOUND when none
 * does: err says where it looked and what to do. */
CP_NODISCARD cp_status cp_sources_bank(const cp_install *install, const char *option,
                                       const char *env, cp_source *out, cp_error *err);

/* The learner's own decks: DATA_DIR/decks. False when it does not fit. */
bool cp_sources_learner(const char *data_dir, cp_source *out);

/* A file the app reads at run time, named by its path under an install's
 * data directory (e.g. "icons/hicolor/64x64/apps/cloudprep.png"): the
 * installed one beside the binary, else SOURCE_DIR/assets/NAME for a
 * build-tree binary. False when neither exists. */
bool cp_sources_asset(const cp_install *install, const char *name, char *out, size_t size);

/* Loads the sources in order into one new deck (cp_deck_free) and fills
 * each source's counts. A learner's directory that does not exist is
 * marked absent and is no error. The status is the bank's (the first
 * source's) as cp_deck_load gives it, or CP_ERR_NOMEM from any source;
 * problems in later sources (unreadable files too) are diagnostics only,
 * so they never stop the bank from loading or being used. */
CP_NODISCARD cp_status cp_sources_load(cp_source *sources, size_t n, cp_deck **out,
                                       cp_error *err);

/* "option", "env", "installed", "source-tree", "learner" ("given" for 0):
 * stable names for JSON. */
const char *cp_source_kind_name(cp_source_kind kind);

#endif
