#!/usr/bin/env bash
# cloudprep fsrs-replay against ts-fsrs 5: the committed review histories
# (tests/fixtures/fsrs/replay_in.tsv) replayed with the defaults and with
# short-term on, retention 0.85, maximum interval 180, compared with what
# ts-fsrs computed (tools/fsrs-vectors/gen.mjs): stability, difficulty and
# retrievability to 1e-5 relative, intervals exactly. Bad input: exit 2 and
# "line N: ..." on stderr.
# Usage: fsrs_replay.sh BINARY REPO_ROOT
. "$2/tests/cli/lib/common.sh"
fx=$root/tests/fixtures/fsrs

compare() { # got expected label
    awk -F'\t' -v label="$3" '
        function bad(msg) { printf "FAIL %s line %d: %s\n", label, FNR, msg; fails++ }
        function close_enough(a, b) { d = a - b; if (d < 0) d = -d; m = b < 0 ? -b : b; if (m < 1e-9) m = 1e-9; return d <= 1e-5 * m }
        NR == FNR { want[FNR] = $0; n = FNR; next }
        {
            split(want[FNR], w, "\t")
            if (NF != 5) bad("expected 5 fields: " $0)
            else if ($1 != w[1]) bad("seq " $1 " != " w[1])
            else if (!close_enough($2, w[2])) bad("stability " $2 " != " w[2])
            else if (!close_enough($3, w[3])) bad("difficulty " $3 " != " w[3])
            else if (!close_enough($4, w[4])) bad("retrievability " $4 " != " w[4])
            else if ($5 != w[5]) bad("interval " $5 " != " w[5])
            got = FNR
        }
        END {
            if (got != n) { printf "FAIL %s: %d lines, expected %d\n", label, got, n; fails++ }
            exit fails ? 1 : 0
        }' "$2" "$1"
}

"$bin" fsrs-replay <"$fx/replay_in.tsv" >"$tmp/lt.tsv" || { echo "FAIL: fsrs-replay exit $?"; exit 1; }
compare "$tmp/lt.tsv" "$fx/replay_long_term.tsv" defaults || exit 1
"$bin" fsrs-replay --short-term on --retention 0.85 --max-interval 180 \
    <"$fx/replay_in.tsv" >"$tmp/st.tsv" || { echo "FAIL: fsrs-replay --short-term on exit $?"; exit 1; }
compare "$tmp/st.tsv" "$fx/replay_short_term.tsv" short-term || exit 1

# At least 9 significant digits where the value has them.
awk -F'\t' 'length($2) >= 11 { long++ } END { if (!long) { print "FAIL: no value printed with 9+ digits"; exit 1 } }' "$tmp/lt.tsv" || exit 1

expect_bad() { # input expected-line-number label
    printf '%b' "$1" | "$bin" fsrs-replay >/dev/null 2>"$tmp/err"
    rc=$?
    [ "$rc" = 2 ] || { echo "FAIL: $3: exit $rc"; exit 1; }
    grep -q "^line $2: " "$tmp/err" || { echo "FAIL: $3: message '$(cat "$tmp/err")'"; exit 1; }
}
expect_bad '1\t0\t3\n1\t2\t5\n' 2 "rating 5"
expect_bad '# header\n\n1\t0\t3\n1\tx\t3\n' 4 "elapsed x"
expect_bad '1\t0\n' 1 "two fields"
expect_bad '1\t0\t3\n2\t4\t3\n' 2 "first elapsed not 0"
expect_bad '1\t0\t3\n1\t-1\t3\n' 2 "negative elapsed"
"$bin" fsrs-replay --short-term maybe </dev/null >/dev/null 2>&1
[ $? = 2 ] || { echo "FAIL: bad --short-term accepted"; exit 1; }
"$bin" fsrs-replay --retention 1.5 </dev/null >/dev/null 2>&1
[ $? = 2 ] || { echo "FAIL: bad --retention accepted"; exit 1; }
echo "ok: fsrs-replay agrees with ts-fsrs"
exit 0
