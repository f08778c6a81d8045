/* Input scripts: parsed up front into a list of steps, so a typo fails
 * before the app does anything ("file:line: message"). A `type` line expands
 * to one key step per character. */
#include "script.h"
#include "cloudprep/platform.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cp_script {
    cp_script_step *steps;
    size_t n, cap, next;
    char error[300];
};

static bool push(cp_script *s, const cp_script_step *step)
{
    cp_script_step *p = cp_grow(s->steps, &s->cap, s->n, sizeof *p, 64);
    if (!p)
        return false;
    s->steps = p;
    s->steps[s->n++] = *step;
    return true;
}

static int key_named(const char *name)
{
    static const struct { const char *name; int key; } keys[] = {
        {"space", CP_KEY_SPACE}, {"enter", CP_KEY_ENTER}, {"return", CP_KEY_ENTER},
        {"escape", CP_KEY_ESCAPE}, {"esc", CP_KEY_ESCAPE}, {"backspace", CP_KEY_BACKSPACE},
        {"tab", CP_KEY_TAB}, {"left", CP_KEY_LEFT}, {"right", CP_KEY_RIGHT}, {"up", CP_KEY_UP},
        {"down", CP_KEY_DOWN}, {"pageup", CP_KEY_PAGEUP}, {"pagedown", CP_KEY_PAGEDOWN},
        {"f11", CP_KEY_F11}, {"question", '?'},
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcasecmp(name, keys[i].name) == 0)
            return keys[i].key;
    if (strlen(name) == 1 && isprint((unsigned char)name[0]))
        return tolower((unsigned char)name[0]);
    return CP_KEY_NONE;
}

static cp_script *fail(cp_script *s, char *error, size_t size, const char *name, int line, const char *msg)
{
    snprintf(error, size, "%s:%d: %s", name, line, msg);
    cp_script_free(s);
    return NULL;
}

cp_script *cp_script_parse(const char *name, const char *text, size_t size, char *error,
                           size_t error_size)
{
    cp_script *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    size_t pos = 0;
    int line_no = 0;
    while (pos < size) {
        size_t end = pos;
        while (end < size && text[end] != '\n')
            end++;
        line_no++;
        char line[600];
        size_t len = end - pos;
        if (len >= sizeof line)
            return fail(s, error, error_size, name, line_no, "line too long");
        memcpy(line, text + pos, len);
        line[len] = '\0';
        pos = end + 1;
        if (memchr(line, '\0', len))
            return fail(s, error, error_size, name, line_no, "NUL byte in script");
        char *p = line;
        while (isspace((unsigned char)*p))
            p++;
        char *e = p + strlen(p);
        while (e > p && isspace((unsigned char)e[-1]))
            *--e = '\0';
        if (!*p || *p == '#')
            continue;
        char verb[16] = "";
        int used = 0;
        if (sscanf(p, "%15s%n", verb, &used) != 1)
            continue;
        char *rest = p + used;
        while (isspace((unsigned char)*rest))
            rest++;
        cp_script_step step = {0};
        if (strcmp(verb, "key") == 0) {
            step.kind = CP_STEP_INPUT;
            step.input.kind = CP_INPUT_KEY;
            char *k = rest;
            for (;;) {
                if (strncasecmp(k, "ctrl+", 5) == 0 && k[5]) { step.input.ctrl = true; k += 5; }
                else if (strncasecmp(k, "shift+", 6) == 0 && k[6]) { step.input.shift = true; k += 6; }
                else break;
            }
            step.input.key = key_named(k);
            if (step.input.key == CP_KEY_NONE)
                return fail(s, error, error_size, name, line_no, "unknown key name");
            push(s, &step);
        } else if (strcmp(verb, "type") == 0) {
            if (!*rest)
                return fail(s, error, error_size, name, line_no, "type needs text");
            for (char *c = rest; *c; c++) {
                step = (cp_script_step){.kind = CP_STEP_INPUT};
                step.input.kind = CP_INPUT_KEY;
                step.input.key = *c == ' ' ? CP_KEY_SPACE : tolower((unsigned char)*c);
                push(s, &step);
            }
        } else if (strcmp(verb, "click") == 0) {
            int x, y;
            char tail;
            if (sscanf(rest, "%d %d %c", &x, &y, &tail) != 2 || x < 0 || y < 0 || x > 100000 || y > 100000)
                return fail(s, error, error_size, name, line_no, "click wants X Y");
            step.kind = CP_STEP_INPUT;
            step.input = (cp_input){.kind = CP_INPUT_CLICK, .x = x, .y = y};
            push(s, &step);
        } else if (strcmp(verb, "wait") == 0 || strcmp(verb, "advance") == 0) {
            char *endp;
            double v = strtod(rest, &endp);
            /* Written so that NaN fails too; ten years is the most a
             * script may move the clock in one step. */
            double most = verb[0] == 'w' ? 600000.0 : 3650.0 * 86400.0;
            if (endp == rest || *endp || !(v >= 0 && v <= 1e12))
                return fail(s, error, error_size, name, line_no,
                            verb[0] == 'w' ? "wait wants milliseconds" : "advance wants seconds");
            if (v > most)
                return fail(s, error, error_size, name, line_no,
                            verb[0] == 'w' ? "wait longer than 10 minutes: use advance"
                                           : "advance further than ten years");
            step.kind = verb[0] == 'w' ? CP_STEP_WAIT : CP_STEP_ADVANCE;
            step.ms = verb[0] == 'w' ? (int64_t)v : (int64_t)(v * 1000.0);
            push(s, &step);
        } else if (strcmp(verb, "idle") == 0) {
            char *endp;
            double v = strtod(rest, &endp);
            if (endp == rest || *endp || !(v >= 0 && v <= 600000.0))
                return fail(s, error, error_size, name, line_no,
                            "idle wants milliseconds (at most 10 minutes)");
            step.kind = CP_STEP_IDLE;
            step.ms = (int64_t)v;
            push(s, &step);
        } else if (strcmp(verb, "shot") == 0) {
            if (!*rest || strlen(rest) >= sizeof step.path)
                return fail(s, error, error_size, name, line_no, "shot wants a file name");
            step.kind = CP_STEP_SHOT;
            snprintf(step.path, sizeof step.path, "%s", rest);
            push(s, &step);
        } else if (strcmp(verb, "quit") == 0) {
            step.kind = CP_STEP_QUIT;
            push(s, &step);
        } else {
            return fail(s, error, error_size, name, line_no,
                        "unknown step (key, type, click, wait, advance, idle, shot, quit)");
        }
    }
    return s;
}

cp_script *cp_script_load(const char *path, char *error, size_t error_size)
{
    FILE *f = cp_platform_fopen(path, "rb");
    if (!f) {
        snprintf(error, error_size, "%s: cannot read the script", path);
        return NULL;
    }
    char *buf = NULL;
    size_t n = 0, cap = 0;
    char chunk[4096];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (n + got > cap) {
            cap = (n + got) * 2;
            char *p = realloc(buf, cap);
            if (!p) {
                free(buf);
                fclose(f);
                snprintf(error, error_size, "%s: out of memory", path);
                return NULL;
            }
            buf = p;
        }
        memcpy(buf + n, chunk, got);
        n += got;
    }
    fclose(f);
    cp_script *s = cp_script_parse(path, buf ? buf : "", n, error, error_size);
    free(buf);
    return s;
}

int cp_script_next(cp_script *s, cp_script_step *step)
{
    if (s->next >= s->n)
        return 0;
    *step = s->steps[s->next++];
    return 1;
}

const char *cp_script_error(const cp_script *s) { return s->error; }

void cp_script_free(cp_script *s)
{
    if (!s)
        return;
    free(s->steps);
    free(s);
}
