/* Where the cards come from (sources.h). Finding is a few existence checks
 * in a fixed order; a build-tree binary is one whose directory is the very
 * directory it was built in (same device and inode, so a symlinked path
 * still counts, and a copy elsewhere does not). Loading appends each source
 * to one deck through cp_deck_add_path and reads its share of the cards and
 * problems off the deck's counts before and after. */
#include "cloudprep/sources.h"
#include "cloudprep/platform.h"

#include <stdio.h>
#include <string.h>

static bool is_dir(const char *path)
{
    cp_file_info info;
    return cp_platform_stat(path, &info) == 0 && info.is_dir;
}

static bool is_file(const char *path)
{
    cp_file_info info;
    return cp_platform_stat(path, &info) == 0 && !info.is_dir;
}

/* The same folder by two paths: the same file identity (platform.h: device
 * and inode, or volume and file index). */
static bool same_dir(const char *a, const char *b)
{
    cp_file_info fa, fb;
    return cp_platform_stat(a, &fa) == 0 && cp_platform_stat(b, &fb) == 0 && fa.is_dir &&
           fb.is_dir && strcmp(fa.id, fb.id) == 0;
}

static bool join(char *out, size_t size, const char *a, const char *b, const char *c)
{
    int n = snprintf(out, size, "%s%s%s%s%s", a, b ? "/" : "", b ? b : "", c ? "/" : "", c ? c : "");
    return n > 0 && (size_t)n < size;
}

static bool installed(const cp_install *in)
{
    return in && in->exe_dir && *in->exe_dir && in->data_rel && *in->data_rel;
}

static bool build_tree(const cp_install *in)
{
    return in && in->exe_dir && in->build_dir && in->source_dir && *in->source_dir &&
           same_dir(in->exe_dir, in->build_dir);
}

static cp_status take(cp_source *out, cp_source_kind kind, const char *path, cp_error *err)
{
    if (!join(out->path, sizeof out->path, path, NULL, NULL))
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0, "the decks path is longer than %d bytes",
                            CP_SOURCE_PATH_MAX - 1);
    out->kind = kind;
    return CP_OK;
}

cp_status cp_sources_bank(const cp_install *in, const char *option, const char *env,
                          cp_source *out, cp_error *err)
{
    memset(out, 0, sizeof *out);
    if (option && *option)
        return take(out, CP_SOURCE_OPTION, option, err);
    if (env && *env)
        return take(out, CP_SOURCE_ENV, env, err);
    char path[CP_SOURCE_PATH_MAX], tried[CP_SOURCE_PATH_MAX] = "";
    if (installed(in)) {
        char data[CP_SOURCE_PATH_MAX];
        if (join(data, sizeof data, in->exe_dir, in->data_rel, "cloudprep") &&
            join(path, sizeof path, data, "decks", NULL)) {
            cp_platform_tidy_path(path);
            if (is_dir(path))
                return take(out, CP_SOURCE_INSTALLED, path, err);
            snprintf(tried, sizeof tried, "%s", path);
        }
    }
    if (build_tree(in) && join(path, sizeof path, in->source_dir, "decks", NULL) && is_dir(path))
        return take(out, CP_SOURCE_BUILD, path, err);
    if (tried[0])
        return cp_error_set(err, CP_ERR_NOT_FOUND, tried, 0,
                            "no bundled decks here, where this cloudprep's install keeps them. "
                            "Reinstall cloudprep, or name a deck directory with --decks DIR "
                            "(or CLOUDPREP_DECKS=DIR).");
    return cp_error_set(err, CP_ERR_NOT_FOUND, NULL, 0,
                        "cannot tell where this cloudprep is installed, so its bundled decks "
                        "cannot be found. Name a deck directory with --decks DIR (or "
                        "CLOUDPREP_DECKS=DIR).");
}

bool cp_sources_learner(const char *data_dir, cp_source *out)
{
    memset(out, 0, sizeof *out);
    out->kind = CP_SOURCE_LEARNER;
    return data_dir && *data_dir && join(out->path, sizeof out->path, data_dir, "decks", NULL);
}

bool cp_sources_asset(const cp_install *in, const char *name, char *out, size_t size)
{
    char data[CP_SOURCE_PATH_MAX];
    if (installed(in) && join(data, sizeof data, in->exe_dir, in->data_rel, NULL) &&
        join(out, size, data, name, NULL)) {
        cp_platform_tidy_path(out);
        if (is_file(out))
            return true;
    }
    if (build_tree(in) && join(out, size, in->source_dir, "assets", name) && is_file(out))
        return true;
    if (size)
        out[0] = '\0';
    return false;
}

cp_status cp_sources_load(cp_source *sources, size_t n, cp_deck **out, cp_error *err)
{
    return cp_sources_load_cached(sources, n, NULL, out, NULL, err);
}

cp_status cp_sources_load_cached(cp_source *sources, size_t n, const char *cache, cp_deck **out,
                                 bool *from_cache, cp_error *err)
{
    if (from_cache)
        *from_cache = false;
    cp_status status = CP_OK;
    size_t i = 0;
    if (cache && cache[0] && n > 0 && sources[0].kind != CP_SOURCE_LEARNER) {
        /* The bank alone through the cache: the same deck, status and
         * error as cp_deck_add_path into an empty deck (deck.h). */
        cp_source *s = &sources[0];
        const char *path = s->path;
        s->absent = false;
        s->first_diag = 0;
        status = cp_deck_load_cached(&path, 1, cache, out, from_cache, err);
        if (!*out)
            return status == CP_OK ? cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory")
                                   : status;
        s->cards = cp_deck_count(*out);
        s->files = cp_deck_file_count(*out);
        s->skipped = cp_deck_invalid_count(*out);
        s->n_diags = cp_deck_diag_count(*out);
        i = 1;
    } else {
        *out = cp_deck_new();
        if (!*out)
            return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    }
    cp_deck *deck = *out;
    for (; i < n; i++) {
        cp_source *s = &sources[i];
        s->absent = false;
        s->cards = cp_deck_count(deck);
        s->files = cp_deck_file_count(deck);
        s->skipped = cp_deck_invalid_count(deck);
        s->first_diag = cp_deck_diag_count(deck);
        cp_status st = CP_OK;
        if (s->kind == CP_SOURCE_LEARNER && !is_dir(s->path)) {
            cp_file_info sb;
            s->absent = cp_platform_stat(s->path, &sb) !=
                        0; /* a file there is a problem to report */
        }
        if (!s->absent) {
            /* A later source's read errors are in the deck's diagnostics;
             * only the bank's (and running out of memory) are the caller's. */
            cp_error local = {0};
            st = cp_deck_add_path(deck, s->path, i == 0 ? err : &local);
            if (st == CP_ERR_NOMEM && i > 0 && err)
                *err = local;
        }
        s->cards = cp_deck_count(deck) - s->cards;
        s->files = cp_deck_file_count(deck) - s->files;
        s->skipped = cp_deck_invalid_count(deck) - s->skipped;
        s->n_diags = cp_deck_diag_count(deck) - s->first_diag;
        if (status == CP_OK && (st == CP_ERR_NOMEM || (i == 0 && st != CP_OK)))
            status = st;
    }
    return status;
}

const char *cp_source_kind_name(cp_source_kind kind)
{
    switch (kind) {
    case CP_SOURCE_GIVEN: return "given";
    case CP_SOURCE_OPTION: return "option";
    case CP_SOURCE_ENV: return "env";
    case CP_SOURCE_INSTALLED: return "installed";
    case CP_SOURCE_BUILD: return "source-tree";
    case CP_SOURCE_LEARNER: return "learner";
    }
    return "given";
}
