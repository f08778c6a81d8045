/* FSRS updates per second: cp_fsrs_next over a population of cards in
 * every state, with ratings drawn like a learner's. Usage: bench_fsrs [N] */
#include "bench.h"
#include "cloudprep/fsrs.h"

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 4000000;
    enum { CARDS = 4096 };
    static cp_memory cards[CARDS];
    static cp_time at[CARDS];
    cp_fsrs_params params;
    cp_fsrs_default_params(&params);
    cp_rng rng;
    cp_rng_seed(&rng, 42);
    cp_time start = 1767571200;
    for (int i = 0; i < CARDS; i++)
        at[i] = start;
    double sink = 0, t0 = bench_now();
    for (long k = 0; k < n; k++) {
        size_t i = (size_t)(k % CARDS);
        uint64_t u = cp_rng_below(&rng, 100);
        cp_rating r = u < 12 ? CP_AGAIN : u < 20 ? CP_HARD : u < 90 ? CP_GOOD : CP_EASY;
        cp_memory m = cp_fsrs_next(&params, &cards[i], at[i], r, (uint64_t)k * 0x9e3779b97f4a7c15ULL);
        /* Reset a card now and then so New and Learning stay represented. */
        cards[i] = cp_rng_below(&rng, 16) == 0 ? (cp_memory){0} : m;
        at[i] = cards[i].due > at[i] ? cards[i].due : at[i] + 600;
        sink += m.stability;
    }
    double s = bench_now() - t0;
    char note[128];
    snprintf(note, sizeof note, "%ld updates in %.2f s (checksum %.3g)", n, s, sink);
    bench_report("FSRS updates", (double)n / s, "updates/s", note);
    return 0;
}
