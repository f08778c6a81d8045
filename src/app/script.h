/* Input scripts: a text file of steps played against the real app, for
 * end-to-end tests and the README's pictures. Grammar (one step a line,
 * '#' starts a comment):
 *   key NAME          a key: a..z, 0..9, space, enter, escape, backspace, tab,
 *                     left, right, up, down, pageup, pagedown, question;
 *                     prefixes ctrl+ and shift+
 *   type TEXT         each character of TEXT as a key
 *   click X Y         a left click at window coordinates
 *   wait MS           sleep MS milliseconds (the app clock moves with it)
 *   advance SECONDS   move the app's clock forward without sleeping
 *   idle MS           wait until background work (a fit) is over, at most MS
 *                     milliseconds, drawing frames; the app's clock stands still
 *   shot FILE.png     write what is on screen now
 *   quit              leave the app */
#ifndef CLOUDPREP_SCRIPT_H
#define CLOUDPREP_SCRIPT_H

#include "ui.h"

typedef enum cp_step_kind { CP_STEP_INPUT, CP_STEP_WAIT, CP_STEP_ADVANCE, CP_STEP_SHOT, CP_STEP_QUIT, CP_STEP_IDLE } cp_step_kind;

typedef struct cp_script_step {
    cp_step_kind kind;
    cp_input input;
    int64_t ms;
    char path[512];
} cp_script_step;

typedef struct cp_script cp_script;

/* NULL on failure with a message ("file:line: ...") in error. */
cp_script *cp_script_load(const char *path, char *error, size_t error_size);
/* Parses from memory (for tests and the fuzzer). */
cp_script *cp_script_parse(const char *name, const char *text, size_t size, char *error,
                           size_t error_size);
/* 1 and a step, 0 at the end, -1 on an error (see cp_script_error). */
int cp_script_next(cp_script *script, cp_script_step *step);
const char *cp_script_error(const cp_script *script);
void cp_script_free(cp_script *script);

#endif
