/* Command-line options, parsed one way for every command.
 *
 * A command lists its options in a table (name, kind, where the value
 * goes, its range); cp_cli_parse walks argv once and either fills every
 * value or prints one message and returns the exit status. The messages
 * are the same everywhere:
 *
 *   cloudprep CMD: unknown option '--bogus' (see cloudprep CMD --help)
 *   cloudprep CMD: --now needs a value
 *   cloudprep CMD: --size: '1280x800junk' is not WIDTHxHEIGHT, e.g. 1280x800
 *   cloudprep CMD: --days: 0 is out of range (1 to 3650)
 *   cloudprep CMD: --data-dir: the path is longer than 1000 bytes
 *
 * "--name=value" is accepted as well as "--name value". Positional
 * arguments are allowed only where the command says so. */
#ifndef CLOUDPREP_CLI_OPTIONS_H
#define CLOUDPREP_CLI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum cp_opt_kind {
    CP_OPT_FLAG,        /* bool *: set when present */
    CP_OPT_TEXT,        /* const char **: any non-empty text */
    CP_OPT_PATH,        /* const char **: a path of at most CP_OPT_PATH_MAX bytes */
    CP_OPT_INT,         /* long long *: an integer in [min, max] */
    CP_OPT_NUMBER,      /* double *: a finite number in [min, max] */
    CP_OPT_TIME,        /* int64_t *: seconds since 1970, 2000-01-01 to 2100-01-01 */
    CP_OPT_SIZE,        /* int[2]: WIDTHxHEIGHT, each in [min, max] */
    CP_OPT_CHOICE,      /* int *: the index of the value in choices (NULL-ended) */
} cp_opt_kind;

enum { CP_OPT_PATH_MAX = 1000 };

typedef struct cp_option {
    const char *name;           /* "--days" */
    cp_opt_kind kind;
    void *out;
    double min, max;            /* INT, NUMBER, SIZE */
    const char *const *choices; /* CHOICE */
} cp_option;

typedef struct cp_cli_args {
    const char *command;        /* for messages: "stats"; NULL: the program itself */
    const cp_option *options;
    size_t n_options;
    const char **positional;    /* where positional arguments go; NULL: none allowed */
    size_t max_positional;
    size_t n_positional;        /* out */
    bool help;                  /* out: --help or -h was given */
} cp_cli_args;

/* Parses argv[first..argc-1]. Returns 0 when every argument was taken
 * (args->help may be set), else prints one message to stderr and returns
 * the usage exit status (2). */
int cp_cli_parse(cp_cli_args *args, int argc, char **argv, int first);

/* Takes the options of the table out of argv wherever they stand (the
 * global ones: --data-dir, --decks, --font), keeping the rest in order;
 * *argc becomes the count left. Same messages and exit status. */
int cp_cli_take_global(const cp_option *options, size_t n_options, int *argc, char **argv);

#endif
