/* The one option parser (options.h). Numbers are read with strtoll and
 * strtod and must use the whole text; NaN, infinities and values out of
 * range are refused with the range in the message. */
#include "cli/options.h"
#include "cli/cli.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 2000-01-01 and 2100-01-01, UTC. */
static const long long TIME_MIN = 946684800LL, TIME_MAX = 4102444800LL;

static void say(const cp_cli_args *a, const char *fmt, const char *x, const char *y)
{
    if (a->command)
        fprintf(stderr, "cloudprep %s: ", a->command);
    else
        fprintf(stderr, "cloudprep: ");
    fprintf(stderr, fmt, x, y);
    fputc('\n', stderr);
}

static bool whole_int(const char *text, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (errno || end == text || *end)
        return false;
    *out = v;
    return true;
}

static bool whole_number(const char *text, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno || end == text || *end || !isfinite(v))
        return false;
    *out = v;
    return true;
}

static int take(const cp_cli_args *a, const cp_option *o, const char *v)
{
    char range[96];
    switch (o->kind) {
    case CP_OPT_FLAG:
        *(bool *)o->out = true;
        return 0;
    case CP_OPT_TEXT:
        if (!*v) {
            say(a, "%s needs a value%s", o->name, "");
            return CP_EXIT_USAGE;
        }
        *(const char **)o->out = v;
        return 0;
    case CP_OPT_PATH:
        if (!*v) {
            say(a, "%s needs a value%s", o->name, "");
            return CP_EXIT_USAGE;
        }
        if (strlen(v) > CP_OPT_PATH_MAX) {
            snprintf(range, sizeof range, "%d", CP_OPT_PATH_MAX);
            say(a, "%s: the path is longer than %s bytes", o->name, range);
            return CP_EXIT_USAGE;
        }
        *(const char **)o->out = v;
        return 0;
    case CP_OPT_INT: {
        long long n;
        if (!whole_int(v, &n)) {
            say(a, "%s: '%s' is not a whole number", o->name, v);
            return CP_EXIT_USAGE;
        }
        if ((double)n < o->min || (double)n > o->max) {
            snprintf(range, sizeof range, "%s is out of range (%.0f to %.0f)", v, o->min, o->max);
            say(a, "%s: %s", o->name, range);
            return CP_EXIT_USAGE;
        }
        *(long long *)o->out = n;
        return 0;
    }
    case CP_OPT_NUMBER: {
        double d;
        if (!whole_number(v, &d)) {
            say(a, "%s: '%s' is not a number", o->name, v);
            return CP_EXIT_USAGE;
        }
        if (d < o->min || d > o->max) {
            snprintf(range, sizeof range, "%s is out of range (%g to %g)", v, o->min, o->max);
            say(a, "%s: %s", o->name, range);
            return CP_EXIT_USAGE;
        }
        *(double *)o->out = d;
        return 0;
    }
    case CP_OPT_TIME: {
        long long t;
        if (!whole_int(v, &t) || t < TIME_MIN || t > TIME_MAX) {
            say(a, "%s: '%s' is not a time: seconds since 1970, from 2000 to 2100", o->name, v);
            return CP_EXIT_USAGE;
        }
        *(int64_t *)o->out = t;
        return 0;
    }
    case CP_OPT_SIZE: {
        int w, h, used = 0;
        if (sscanf(v, "%d%*[xX]%d%n", &w, &h, &used) != 2 || v[used] || v[0] < '0' || v[0] > '9') {
            say(a, "%s: '%s' is not WIDTHxHEIGHT, e.g. 1280x800", o->name, v);
            return CP_EXIT_USAGE;
        }
        if (w < o->min || h < o->min || w > o->max || h > o->max) {
            snprintf(range, sizeof range, "%s is out of range (%.0f to %.0f pixels a side)", v,
                     o->min, o->max);
            say(a, "%s: %s", o->name, range);
            return CP_EXIT_USAGE;
        }
        ((int *)o->out)[0] = w;
        ((int *)o->out)[1] = h;
        return 0;
    }
    case CP_OPT_CHOICE:
        for (int i = 0; o->choices[i]; i++)
            if (strcmp(v, o->choices[i]) == 0) {
                *(int *)o->out = i;
                return 0;
            }
        {
            char list[200] = "";
            for (int i = 0; o->choices[i]; i++) {
                size_t len = strlen(list);
                snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", o->choices[i]);
            }
            snprintf(range, sizeof range, "%s", v);
            say(a, "%s: use one of %s", o->name, list);
            return CP_EXIT_USAGE;
        }
    }
    return CP_EXIT_USAGE;
}

int cp_cli_parse(cp_cli_args *a, int argc, char **argv, int first)
{
    a->n_positional = 0;
    a->help = false;
    for (int i = first; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            a->help = true;
            continue;
        }
        if (arg[0] != '-' || arg[1] == '\0') {
            if (!a->positional || a->n_positional == a->max_positional) {
                char see[80];
                snprintf(see, sizeof see, "cloudprep%s%s --help", a->command ? " " : "",
                         a->command ? a->command : "");
                say(a, "unexpected argument '%s' (see %s)", arg, see);
                return CP_EXIT_USAGE;
            }
            a->positional[a->n_positional++] = arg;
            continue;
        }
        const char *eq = strchr(arg, '=');
        size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
        const cp_option *o = NULL;
        for (size_t k = 0; k < a->n_options && !o; k++)
            if (strlen(a->options[k].name) == len && strncmp(a->options[k].name, arg, len) == 0)
                o = &a->options[k];
        if (!o) {
            char cmd[64] = "";
            if (a->command)
                snprintf(cmd, sizeof cmd, " %s", a->command);
            if (a->command)
                fprintf(stderr, "cloudprep %s: unknown option '%.*s' (see cloudprep%s --help)\n",
                        a->command, (int)len, arg, cmd);
            else
                fprintf(stderr, "cloudprep: unknown option '%.*s' (see cloudprep --help)\n",
                        (int)len, arg);
            return CP_EXIT_USAGE;
        }
        const char *value = NULL;
        if (o->kind == CP_OPT_FLAG) {
            if (eq) {
                say(a, "%s takes no value%s", o->name, "");
                return CP_EXIT_USAGE;
            }
        } else if (eq) {
            value = eq + 1;
        } else if (i + 1 < argc) {
            value = argv[++i];
        } else {
            say(a, "%s needs a value%s", o->name, "");
            return CP_EXIT_USAGE;
        }
        int rc = take(a, o, value);
        if (rc)
            return rc;
    }
    return 0;
}

int cp_cli_take_global(const cp_option *options, size_t n_options, int *argc, char **argv)
{
    cp_cli_args a = {.options = options, .n_options = n_options};
    int kept = 1;
    for (int i = 1; i < *argc; i++) {
        const char *arg = argv[i];
        const char *eq = strchr(arg, '=');
        size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
        const cp_option *o = NULL;
        for (size_t k = 0; k < n_options && !o && arg[0] == '-'; k++)
            if (strlen(options[k].name) == len && strncmp(options[k].name, arg, len) == 0)
                o = &options[k];
        if (!o) {
            argv[kept++] = argv[i];
            continue;
        }
        const char *value = eq ? eq + 1 : i + 1 < *argc ? argv[++i] : NULL;
        if (!value) {
            say(&a, "%s needs a value%s", o->name, "");
            return CP_EXIT_USAGE;
        }
        int rc = take(&a, o, value);
        if (rc)
            return rc;
    }
    *argc = kept;
    argv[kept] = NULL;
    return 0;
}
