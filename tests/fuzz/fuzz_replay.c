/* A main() for the fuzz targets when libFuzzer is not linked in: runs
 * LLVMFuzzerTestOneInput on every file named, or on every file in every
 * directory named. ctest uses it to replay tests/fuzz/corpus on each build,
 * so the sanitizer and valgrind runs see every input the fuzzers kept. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Runs the target on a copy of exactly the file's size, so that reading
 * one byte past the end is caught. */
static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (!f || fstat(fileno(f), &st) != 0) {
        fprintf(stderr, "%s: cannot read\n", path);
        if (f)
            fclose(f);
        return 1;
    }
    size_t n = (size_t)st.st_size;
    uint8_t *data = malloc(n ? n : 1);
    size_t got = data ? fread(data, 1, n, f) : 0;
    fclose(f);
    if (got != n) {
        fprintf(stderr, "%s: cannot read\n", path);
        free(data);
        return 1;
    }
    LLVMFuzzerTestOneInput(data, n);
    free(data);
    return 0;
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv)
{
    int failed = 0, runs = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "%s: not found\n", argv[i]);
            return 1;
        }
        if (!S_ISDIR(st.st_mode)) {
            failed |= run_file(argv[i]);
            runs++;
            continue;
        }
        DIR *d = opendir(argv[i]);
        if (!d)
            return 1;
        char **names = NULL;
        size_t n = 0;
        struct dirent *e;
        while ((e = readdir(d))) {
            if (e->d_name[0] == '.')
                continue;
            char **p = realloc(names, (n + 1) * sizeof *p);
            if (!p)
                break;
            names = p;
            size_t len = strlen(argv[i]) + strlen(e->d_name) + 2;
            names[n] = malloc(len);
            snprintf(names[n++], len, "%s/%s", argv[i], e->d_name);
        }
        closedir(d);
        qsort(names, n, sizeof *names, cmp);
        for (size_t k = 0; k < n; k++) {
            failed |= run_file(names[k]);
            runs++;
            free(names[k]);
        }
        free(names);
    }
    printf("replayed %d inputs\n", runs);
    return failed || runs == 0;
}
