/* `cloudprep sim --learner-cmd CMD`: learners from another program.
 *
 * cp_learner_cmd_start runs CMD once with `sh -c` and gives a
 * cp_sim_answerer whose calls each write one JSON request line to CMD's
 * standard input and read one JSON reply line from its standard output
 * (the protocol is in docs/scoring.md). The simulator keeps everything
 * else: the queue, quiz rounds, mocks, grading and the meter.
 *
 * Any failure of CMD (it exits, or a reply is not JSON or lacks the field
 * asked for) is CP_ERR_INVALID with a message naming the request, and
 * every later call fails the same way. Not available on Windows. */
#ifndef CLOUDPREP_CLI_SIM_LEARNER_H
#define CLOUDPREP_CLI_SIM_LEARNER_H

#include "cloudprep/sim.h"

typedef struct cp_learner_cmd cp_learner_cmd;

/* Starts `sh -c command` for the learners of `deck` (borrowed; it must
 * outlive *out). Fills *answerer, whose ctx is *out. SIGPIPE is ignored
 * until cp_learner_cmd_finish. */
CP_NODISCARD cp_status cp_learner_cmd_start(const char *command, const cp_deck *deck,
                                            cp_learner_cmd **out, cp_sim_answerer *answerer,
                                            cp_error *err);

/* Closes CMD's standard input, waits for it to exit (stopping it if it has
 * not exited 10 s later), restores SIGPIPE and frees cmd. CP_OK when it
 * exited with status 0, or when an error was already reported; else
 * CP_ERR_INVALID saying how it ended. Accepts NULL. */
cp_status cp_learner_cmd_finish(cp_learner_cmd *cmd, cp_error *err);

#endif
