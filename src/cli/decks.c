/* The decks a command works on, found and loaded one way for every command
 * and the app: the bank through cp_sources_bank (--decks, $CLOUDPREP_DECKS,
 * the install beside this binary, the source tree of a build-tree binary),
 * then the learner's own decks in DATA_DIR/decks. What the build knew (its
 * directories, and the way from bin/ to share/ under the install prefix)
 * comes from compile definitions of this file's target. */
#include "cli/cli.h"
#include "cloudprep/platform.h"

#include <stdlib.h>
#include <string.h>

#ifndef CP_BUILD_DIR
#define CP_BUILD_DIR NULL
#endif
#ifndef CP_SOURCE_DIR
#define CP_SOURCE_DIR NULL
#endif
#ifndef CP_DATA_REL
#define CP_DATA_REL "../share"
#endif

void cp_cli_install(cp_install *out, char *exe_dir, size_t size)
{
    *out = (cp_install){
        .exe_dir = cp_platform_exe_dir(exe_dir, size) ? exe_dir : NULL,
        .data_rel = CP_DATA_REL,
        .build_dir = CP_BUILD_DIR,
        .source_dir = CP_SOURCE_DIR,
    };
}

int cp_cli_bank(const cp_cli_common *common, const char *command, cp_source *bank)
{
    char exe[CP_SOURCE_PATH_MAX];
    cp_install in;
    cp_cli_install(&in, exe, sizeof exe);
    cp_error err = {0};
    char env[CP_SOURCE_PATH_MAX];
    if (!cp_platform_getenv("CLOUDPREP_DECKS", env, sizeof env))
        env[0] = '\0';
    if (cp_sources_bank(&in, common ? common->deck_dir : NULL, env, bank, &err) == CP_OK)
        return CP_EXIT_OK;
    fprintf(stderr, "cloudprep%s%s: %s%s%s\n", command ? " " : "", command ? command : "", err.file,
            err.file[0] ? ": " : "", err.message);
    return CP_EXIT_USAGE;
}

bool cp_cli_learner_decks(const cp_cli_common *common, cp_source *out)
{
    char dir[CP_SOURCE_PATH_MAX];
    if (common && common->data_dir)
        snprintf(dir, sizeof dir, "%s", common->data_dir);
    else if (!cp_platform_data_dir(dir, sizeof dir))
        return false;
    return cp_sources_learner(dir, out);
}

int cp_cli_load_decks(const cp_cli_common *common, const char *command, bool warn,
                      cp_cli_decks *out)
{
    memset(out, 0, sizeof *out);
    int rc = cp_cli_bank(common, command, &out->sources[0]);
    if (rc)
        return rc;
    out->n = 1 + cp_cli_learner_decks(common, &out->sources[1]);
    cp_error err = {0};
    cp_status s = cp_sources_load(out->sources, out->n, &out->deck, &err);
    if (s != CP_OK) {
        fprintf(stderr, "cloudprep %s: %s%s%s\n", command, err.file, err.file[0] ? ": " : "",
                err.message);
        cp_cli_decks_free(out);
        return CP_EXIT_USAGE;
    }
    if (warn)
        cp_cli_warn_skipped(out->deck);
    return CP_EXIT_OK;
}

void cp_cli_warn_skipped(const cp_deck *deck)
{
    for (size_t i = 0; i < cp_deck_diag_count(deck); i++) {
        const cp_diag *g = cp_deck_diag(deck, i);
        if (g->line)
            fprintf(stderr, "cloudprep: warning: %s:%u: %s (card skipped)\n", g->file, g->line, g->message);
        else
            fprintf(stderr, "cloudprep: warning: %s: %s\n", g->file, g->message);
    }
}

void cp_cli_decks_free(cp_cli_decks *d)
{
    cp_deck_free(d->deck);
    d->deck = NULL;
}

const char *cp_cli_default_decks(void)
{
    static cp_source bank;     /* the command line's, for the life of the process */
    if (cp_cli_bank(NULL, NULL, &bank) != CP_EXIT_OK)
        return "";
    return bank.path;
}
