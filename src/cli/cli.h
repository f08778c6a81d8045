/* Command-line commands of the cloudprep executable. Each command is one
 * file in src/cli/ and one row in main.c's table; it returns the process
 * exit status. Shared exit codes: 0 ok, 1 findings (e.g. invalid cards),
 * 2 usage or I/O error, 3 the progress database cannot be used. */
#ifndef CLOUDPREP_CLI_H
#define CLOUDPREP_CLI_H

#include <stdio.h>

enum { CP_EXIT_OK = 0, CP_EXIT_FINDINGS = 1, CP_EXIT_USAGE = 2, CP_EXIT_STORE = 3 };

/* Options every command understands, parsed by main.c before dispatch. */
typedef struct cp_cli_common {
    const char *data_dir;   /* --data-dir, NULL for the default */
    const char *deck_dir;   /* --decks, NULL for the bundled decks */
    const char *font_path;  /* --font, NULL for the system's fonts */
} cp_cli_common;

/* The bundled deck directory: $CLOUDPREP_DECKS, else ./decks, else decks
 * beside the executable (the Windows zip), else the source tree's. */
const char *cp_cli_default_decks(void);

int cp_cli_check(const cp_cli_common *common, int argc, char **argv);
int cp_cli_exam_form(const cp_cli_common *common, int argc, char **argv);
int cp_cli_sim(const cp_cli_common *common, int argc, char **argv);
int cp_cli_fsrs_replay(const cp_cli_common *common, int argc, char **argv);
int cp_cli_fsrs_optimize(const cp_cli_common *common, int argc, char **argv);
int cp_cli_stats(const cp_cli_common *common, int argc, char **argv);
int cp_cli_readiness(const cp_cli_common *common, int argc, char **argv);
int cp_cli_gui(const cp_cli_common *common, int argc, char **argv);

#endif
