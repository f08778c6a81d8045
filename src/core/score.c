/* Scaled scoring: Rasch item difficulties (deck label as prior, refined by
 * response data), the Angoff cut of a form, and the piecewise-linear map from
 * raw to scaled. The item estimate maximises
 *   k log p + (n - k) log (1 - p) - (b - b0)^2 / (2 sd^2),  p = s(mcc - b)
 * whose derivative n p - k - (b - b0) / sd^2 falls strictly in b, so a few
 * Newton steps from the prior converge. */
#include "cloudprep/score.h"

#include <math.h>

double cp_score_prior_difficulty(cp_difficulty difficulty)
{
    switch (difficulty) {
    case CP_DIFF_EASY: return -1.0;
    case CP_DIFF_MEDIUM: return 0.0;
    case CP_DIFF_HARD: return 1.0;
    }
    return 0.0;
}

double cp_score_p_correct(double ability, double difficulty)
{
    return 1.0 / (1.0 + exp(difficulty - ability));
}

double cp_score_item_difficulty(cp_difficulty prior, const cp_item_data *data)
{
    double b0 = cp_score_prior_difficulty(prior);
    if (!data || data->responses == 0)
        return b0;
    double n = data->responses;
    double k = data->correct > data->responses ? n : data->correct;
    double inv_var = 1.0 / (CP_SCORE_PRIOR_SD * CP_SCORE_PRIOR_SD);
    double b = b0;
    for (int i = 0; i < 50; i++) {
        double p = cp_score_p_correct(CP_SCORE_MCC_ABILITY, b);
        double grad = n * p - k - (b - b0) * inv_var;
        double hess = -n * p * (1.0 - p) - inv_var;
        double step = grad / hess;
        b -= step;
        if (fabs(step) < 1e-10)
            break;
    }
    return b;
}

double cp_score_cut_raw(const double *difficulties, size_t n)
{
    double cut = 0.0;
    for (size_t i = 0; i < n; i++)
        cut += cp_score_p_correct(CP_SCORE_MCC_ABILITY, difficulties[i]);
    return cut;
}

static double clamp_cut(double cut_raw, int n_scored)
{
    if (cut_raw < 1.0)
        return 1.0;
    if (cut_raw > n_scored - 1.0)
        return n_scored - 1.0;
    return cut_raw;
}

double cp_score_scale_exact(double raw, double cut_raw, int n_scored)
{
    if (n_scored < 2)
        return raw >= n_scored ? CP_SCALE_MAX : CP_SCALE_MIN;
    double cut = clamp_cut(cut_raw, n_scored);
    if (raw <= 0.0)
        return CP_SCALE_MIN;
    if (raw >= n_scored)
        return CP_SCALE_MAX;
    if (raw <= cut)
        return CP_SCALE_MIN + (CP_SCALE_PASS - CP_SCALE_MIN) * raw / cut;
    return CP_SCALE_PASS +
           (CP_SCALE_MAX - CP_SCALE_PASS) * (raw - cut) / (n_scored - cut);
}

int cp_score_scale(double raw, double cut_raw, int n_scored)
{
    return (int)lround(cp_score_scale_exact(raw, cut_raw, n_scored));
}

int cp_score_pass_raw(double cut_raw, int n_scored)
{
    for (int r = 0; r <= n_scored; r++)
        if (cp_score_scale(r, cut_raw, n_scored) >= CP_SCALE_PASS)
            return r;
    return n_scored;
}
