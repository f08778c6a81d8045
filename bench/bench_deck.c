/* Deck parse throughput: cp_deck_load on a directory, repeated, median
 * time. Usage: bench_deck NAME DIR [RUNS] */
#include "bench.h"
#include "cloudprep/deck.h"

#include <dirent.h>
#include <string.h>
#include <sys/stat.h>

static double dir_bytes(const char *dir)
{
    double total = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        char path[4096];
        struct stat st;
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode))
            total += dir_bytes(path);
        else if (strlen(e->d_name) > 3 && strcmp(e->d_name + strlen(e->d_name) - 3, ".md") == 0)
            total += (double)st.st_size;
    }
    if (d)
        closedir(d);
    return total;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_deck NAME DIR [RUNS]\n");
        return 2;
    }
    int runs = argc > 3 ? atoi(argv[3]) : 5;
    if (runs < 1 || runs > 100)
        runs = 5;
    const char *paths[] = {argv[2]};
    double t[100];
    size_t cards = 0;
    for (int i = 0; i < runs; i++) {
        cp_deck *deck = NULL;
        double t0 = bench_now();
        CP_IGNORE(cp_deck_load(paths, 1, &deck, NULL));
        t[i] = bench_now() - t0;
        cards = cp_deck_count(deck);
        cp_deck_free(deck);
    }
    double s = bench_median(t, (size_t)runs);
    double mb = dir_bytes(argv[2]) / 1e6;
    char name[128], note[160];
    snprintf(note, sizeof note, "%zu cards, %.1f MB, median of %d: %.1f ms", cards, mb, runs, s * 1000);
    snprintf(name, sizeof name, "deck parse (%s)", argv[1]);
    bench_report(name, mb / s, "MB/s", note);
    snprintf(name, sizeof name, "deck parse (%s), cards", argv[1]);
    bench_report(name, (double)cards / s, "cards/s", NULL);
    return cards ? 0 : 1;
}
