/* Command-line commands of the cloudprep executable. Each command is one
 * file in src/cli/ and one row in main.c's table; it returns the process
 * exit status. Shared exit codes: 0 ok, 1 findings (e.g. invalid cards),
 * 2 usage or I/O error, 3 the progress database cannot be used. */
#ifndef CLOUDPREP_CLI_H
#define CLOUDPREP_CLI_H

#include "cloudprep/deck.h"
#include "cloudprep/sources.h"

#include <stdio.h>

enum { CP_EXIT_OK = 0, CP_EXIT_FINDINGS = 1, CP_EXIT_USAGE = 2, CP_EXIT_STORE = 3 };

/* Options every command understands, parsed by main.c before dispatch. */
typedef struct cp_cli_common {
    const char *data_dir;   /* --data-dir, NULL for the default */
    const char *deck_dir;   /* --decks, NULL for the bundled decks */
    const char *font_path;  /* --font, NULL for the system's fonts */
} cp_cli_common;

/* ---- the decks (decks.c) ---- */

/* What this binary knows about where it is (cp_install): its directory,
 * into exe_dir, and the build's directories. */
void cp_cli_install(cp_install *out, char *exe_dir, size_t size);
/* The bank: --decks, $CLOUDPREP_DECKS, the decks installed beside this
 * binary, the source tree of a build-tree binary (sources.h). When none
 * is found, says so on stderr ("cloudprep COMMAND: ...") and returns the
 * usage status. common and command may be NULL. */
int cp_cli_bank(const cp_cli_common *common, const char *command, cp_source *bank);
/* The learner's own decks, DATA_DIR/decks (--data-dir, else the XDG
 * default); false when there is no data directory to speak of. */
bool cp_cli_learner_decks(const cp_cli_common *common, cp_source *out);

/* The bank, then the learner's own decks, loaded into one deck. */
typedef struct cp_cli_decks {
    cp_source sources[2];
    size_t n;
    cp_deck *deck;
} cp_cli_decks;
/* Loads them; with warn, every card left out is a warning on stderr
 * (`cloudprep: warning: file:line: message (card skipped)`). When the bank
 * cannot be found or read, says so and returns the usage status (nothing
 * to free); else 0, and the caller frees with cp_cli_decks_free. */
int cp_cli_load_decks(const cp_cli_common *common, const char *command, bool warn,
                      cp_cli_decks *out);
void cp_cli_decks_free(cp_cli_decks *decks);
void cp_cli_warn_skipped(const cp_deck *deck);
/* The bank's path alone (no --decks), for commands that load only the
 * bank; "" (and a message on stderr) when there is none. */
const char *cp_cli_default_decks(void);

int cp_cli_check(const cp_cli_common *common, int argc, char **argv);
int cp_cli_exam_form(const cp_cli_common *common, int argc, char **argv);
int cp_cli_sim(const cp_cli_common *common, int argc, char **argv);
int cp_cli_fsrs_replay(const cp_cli_common *common, int argc, char **argv);
int cp_cli_fsrs_optimize(const cp_cli_common *common, int argc, char **argv);
int cp_cli_stats(const cp_cli_common *common, int argc, char **argv);
int cp_cli_readiness(const cp_cli_common *common, int argc, char **argv);
int cp_cli_plan(const cp_cli_common *common, int argc, char **argv);
int cp_cli_gui(const cp_cli_common *common, int argc, char **argv);

#endif
