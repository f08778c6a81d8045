/* Mock exam forms: assembly (cp_exam_build on the deck's question bank)
 * and a full session (answer all 65, submit, scored report), per second.
 * Usage: bench_exam NAME DECK_DIR [FORMS] */
#include "bench.h"
#include "cloudprep/exam.h"

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_exam NAME DECK_DIR [FORMS]\n");
        return 2;
    }
    long forms = argc > 3 ? atol(argv[3]) : 2000;
    const char *paths[] = {argv[2]};
    cp_deck *deck = NULL;
    CP_IGNORE(cp_deck_load(paths, 1, &deck, NULL));
    cp_exam_bank bank = {0};
    cp_error err = {0};
    if (cp_exam_bank_from_deck(deck, &bank, &err) != CP_OK) {
        fprintf(stderr, "bench_exam: %s\n", err.message);
        return 1;
    }
    static cp_exam_form form;
    cp_rng rng;
    cp_rng_seed(&rng, 7);
    double build_s = 0, session_s = 0;
    long passed = 0;
    for (long k = 0; k < forms; k++) {
        double t0 = bench_now();
        if (cp_exam_build(&bank, &(cp_exam_form_desc){.kind = CP_EXAM_MOCK}, &rng, &form, &err) != CP_OK) {
            fprintf(stderr, "bench_exam: %s\n", err.message);
            return 1;
        }
        double t1 = bench_now();
        cp_exam_session *s = NULL;
        cp_time now = 1767571200;
        if (cp_exam_begin(&form, NULL, now, &s, &err) != CP_OK) {
            fprintf(stderr, "bench_exam: %s\n", err.message);
            return 1;
        }
        for (size_t i = 0; i < form.n_items; i++) {
            uint32_t right = cp_exam_correct_mask(form.items[i].card);
            CP_IGNORE(cp_exam_answer(s, i, cp_rng_below(&rng, 4) ? right : 1u, now + (cp_time)i * 60));
        }
        CP_IGNORE(cp_exam_submit(s, now + 3600));
        static cp_score_report report;
        CP_IGNORE(cp_exam_report(s, &report));
        passed += report.passed;
        cp_exam_end(s);
        double t2 = bench_now();
        build_s += t1 - t0;
        session_s += t2 - t1;
    }
    char name[128], note[160];
    snprintf(note, sizeof note, "%zu question cards in the bank, %ld forms (%ld passed)", bank.n_cards, forms, passed);
    snprintf(name, sizeof name, "mock form assembly (%s)", argv[1]);
    bench_report(name, (double)forms / build_s, "forms/s", note);
    snprintf(name, sizeof name, "mock answer + score (%s)", argv[1]);
    bench_report(name, (double)forms / session_s, "exams/s", "65 answers, submit, scored report");
    cp_exam_bank_release(&bank);
    cp_deck_free(deck);
    return 0;
}
