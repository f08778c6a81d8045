/* The study plan projection's calibration, written by tools/fit-projection
 * (13769 learners of `cloudprep sim --plan-day` runs, seeds 1-6): the
 * weights of cp_projection_calibrate's features (projection.c). */
#define PROJ_PASS_W -1.01666, 0.553441, 4.13727, 2.0522, -0.195667, 1.67752, -0.732594
#define PROJ_SCORE_W 297.539, 57.1488, 146.721, 174.259, -16.7948, 9.97493, -20.663
#define PROJ_SCORE_VAR 4743.18, -658.104
