/* The SDL application: the only part of cloudprep that sees SDL. */
#ifndef CLOUDPREP_APP_H
#define CLOUDPREP_APP_H

typedef struct cp_app_options {
    const char *data_dir;   /* NULL: the XDG default */
    const char *deck_dir;   /* the deck directory to load */
    const char *font_path;  /* NULL: ask fontconfig */
} cp_app_options;

/* Runs the app; argv holds the GUI's own options. Returns an exit status. */
int cp_app_main(const cp_app_options *options, int argc, char **argv);

#endif
