/* libFuzzer target for the input-script reader (src/app/script.c): any
 * bytes either parse into steps that are all well formed, or fail with a
 * "name:line: message" error; nothing leaks or reads out of bounds. */
#include "script.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char error[300] = "";
    cp_script *s = cp_script_parse("fuzz.script", (const char *)data, size, error, sizeof error);
    if (!s) {
        if (strncmp(error, "fuzz.script:", 12) != 0)
            abort();
        return 0;
    }
    cp_script_step step;
    int r;
    size_t n = 0;
    while ((r = cp_script_next(s, &step)) == 1) {
        n++;
        switch (step.kind) {
        case CP_STEP_INPUT:
            if (step.input.kind == CP_INPUT_KEY && step.input.key == CP_KEY_NONE)
                abort();
            if (step.input.kind == CP_INPUT_CLICK && (step.input.x < 0 || step.input.y < 0))
                abort();
            break;
        case CP_STEP_WAIT:
        case CP_STEP_IDLE:
            if (step.ms < 0 || step.ms > 600000)
                abort();
            break;
        case CP_STEP_ADVANCE:
            if (step.ms < 0)
                abort();
            break;
        case CP_STEP_SHOT:
            if (!step.path[0] || !memchr(step.path, '\0', sizeof step.path))
                abort();
            break;
        case CP_STEP_QUIT:
            break;
        default:
            abort();
        }
    }
    /* A `type` line yields at most one step per byte. */
    if (r != 0 || n > size)
        abort();
    cp_script_free(s);
    return 0;
}
