/* Writing JSON from the commands: just string escaping, the rest is printf. */
#ifndef CLOUDPREP_CLI_JSON_H
#define CLOUDPREP_CLI_JSON_H

#include <stdio.h>

/* Writes s as a JSON string literal (quotes included), dropping the deck's
 * inline style markers. */
void cp_json_string(FILE *out, const char *s);

#endif
