/* The `--learner-cmd` answerer where there is no POSIX (Windows): the
 * option is refused with a message, and no Jansson is needed. CMake builds
 * this file instead of sim_learner.c there. */
#include "cli/sim_learner.h"

struct cp_learner_cmd {
    int unused;
};

cp_status cp_learner_cmd_start(const char *command, const cp_deck *deck, cp_learner_cmd **out,
                               cp_sim_answerer *answerer, cp_error *err)
{
    (void)command;
    (void)deck;
    (void)answerer;
    *out = NULL;
    return cp_error_set(err, CP_ERR_INVALID, "", 0, "--learner-cmd is not available on Windows");
}

cp_status cp_learner_cmd_finish(cp_learner_cmd *cmd, cp_error *err)
{
    (void)cmd;
    (void)err;
    return CP_OK;
}
