#!/usr/bin/env bash
# `cloudprep check --lint` and `--stale` against the real binary, on the
# bad-deck fixtures of tests/fixtures/lint: the output format (errors, then
# `file:line: warning: rule: message`, the bank's as `bank: warning: ...`),
# exit codes (0 clean or warnings only, 1 errors or --strict findings, 2
# usage), the --json members, and --stale's list, oldest first.
# Usage: lint.sh BINARY REPO_ROOT
. "$2/tests/cli/lib/common.sh"
fx=$root/tests/fixtures/lint

run() {  # run ARGS...: sets rc; stdout in $tmp/out, stderr in $tmp/err
  "$bin" check "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
}
has() {  # has FILE REGEX
  grep -aEq "$2" "$1" || fail "no /$2/ in $1: $(head -c 800 "$1")"
}

# ---- warnings only: exit 0, one well-formed line each ------------------------
run --lint "$fx"
[ "$rc" = 0 ] || fail "--lint on the fixtures: exit $rc, want 0: $(head -c 600 "$tmp/err")"
bad=$(grep -avE "^($fx/[a-z-]+\.md:[0-9]+|bank): warning: [a-z-]+: [^ ]" "$tmp/err" | head -n 3)
[ -z "$bad" ] || fail "malformed warnings: $bad"
has "$tmp/err" "^$fx/distractor\.md:12: warning: distractor-unexplained: "
has "$tmp/err" "^$fx/options\.md:25: warning: option-above: 'all of the above'"
has "$tmp/err" "^$fx/difficulty\.md:12: warning: difficulty: labelled hard"
has "$tmp/err" "^$fx/near-duplicate\.md:3: warning: near-duplicate: .*'nd-other-file' \($fx/near-duplicate-b\.md:3"
has "$tmp/err" "^bank: warning: length-share: .* length-share\.md 60% \(12 of 20\)"
[ "$(tail -n 1 "$tmp/err" | cut -d: -f1)" = bank ] || fail "the bank's warning is not last"
n=$(wc -l <"$tmp/err")
has "$tmp/out" "^[0-9]+ cards in 9 files: all valid; $n warnings$"
echo "ok: --lint: $n warnings, exit 0"

# ---- --strict: warnings fail; a clean deck passes --------------------------------
run --lint --strict "$fx"
[ "$rc" = 1 ] || fail "--lint --strict with warnings: exit $rc, want 1"
run --lint --strict "$fx/clean.md"
[ "$rc" = 0 ] || fail "--lint --strict on clean.md: exit $rc, want 0: $(cat "$tmp/err")"
[ ! -s "$tmp/err" ] || fail "clean.md has warnings: $(cat "$tmp/err")"
has "$tmp/out" "^3 cards in 1 files: all valid; 0 warnings$"
run "$fx/options.md"
[ "$rc" = 0 ] && [ ! -s "$tmp/err" ] || fail "without --lint there are no warnings (exit $rc)"
echo "ok: --strict"

# ---- errors come first, then warnings; exit 1 -------------------------------------
cp "$fx/options.md" "$tmp/mixed.md"
printf '\n## broken\ndomain: 9; task: 1.1; type: single; difficulty: easy\n\nQ?\n\n- [x] A\n- [ ] B\n- [ ] C\n- [ ] D\n\n> A.\n' >>"$tmp/mixed.md"
run --lint "$tmp/mixed.md"
[ "$rc" = 1 ] || fail "an invalid card with --lint: exit $rc, want 1"
first_error=$(grep -anE "unknown domain '9'" "$tmp/err" | cut -d: -f1)
first_warning=$(grep -an ": warning: " "$tmp/err" | head -n 1 | cut -d: -f1)
[ -n "$first_error" ] && [ -n "$first_warning" ] && [ "$first_error" -lt "$first_warning" ] ||
  fail "errors do not come before warnings: $(cat "$tmp/err")"
echo "ok: errors, then warnings"

# ---- usage errors: exit 2 ---------------------------------------------------------
for args in "--strict $fx" "--stale" "--stale x $fx" "--stale -3 $fx" "--stale 12 --now 2026-13 $fx" \
            "--now 2026-12 $fx" "--lint --bogus $fx"; do
  # shellcheck disable=SC2086
  run $args
  [ "$rc" = 2 ] || fail "check $args: exit $rc, want 2"
  [ -s "$tmp/err" ] || fail "check $args: no message"
done
echo "ok: usage errors"

# ---- --json: the warnings member ---------------------------------------------------
run --lint --json "$fx"
[ "$rc" = 0 ] || fail "--lint --json: exit $rc"
python3 - "$tmp/out" "$tmp/err" <<'EOF' || fail "--json warnings"
import json, sys
doc = json.load(open(sys.argv[1]))
lines = open(sys.argv[2]).read().splitlines()
w = doc["warnings"]
assert w["count"] == len(lines) == len(w["list"]), (w["count"], len(lines))
rules = ["length-cue", "length-share", "near-duplicate", "choose-n", "option-duplicate",
         "option-above", "distractor-unexplained", "difficulty"]
assert list(w["by_rule"]) == rules, w["by_rule"]
assert sum(w["by_rule"].values()) == w["count"]
for item, line in zip(w["list"], lines):
    if item["file"] is None:
        assert item["card"] is None and item["line"] == 0 and line.startswith("bank: warning: " + item["rule"])
    else:
        assert line.startswith("%s:%d: warning: %s: " % (item["file"], item["line"], item["rule"])), line
        assert line.endswith(item["message"]), line
        assert item["card"]
assert "stale" not in doc
print("json ok:", w["count"], "warnings")
EOF
echo "ok: --json warnings"

# ---- --stale: oldest first, never reviewed before all ----------------------------
mkdir -p "$tmp/stale"
card() {  # card ID REVIEWED
  printf '## %s\ndomain: 1; task: 1.1; type: flashcard; difficulty: easy%s\n\nFront %s\n\n> Back %s\n\n' \
    "$1" "${2:+; reviewed: $2}" "$1" "$1"
}
{
  card s-recent 2026-06
  card s-never ""
  card s-old 2024-03
  card s-year 2025-12
  card s-older 2025-01
} >"$tmp/stale/deck.md"
run --stale 12 --now 2026-12 "$tmp/stale"
[ "$rc" = 0 ] || fail "--stale: exit $rc: $(cat "$tmp/err")"
cat >"$tmp/want" <<EOF
$tmp/stale/deck.md:8: s-never: never reviewed
$tmp/stale/deck.md:15: s-old: reviewed 2024-03 (33 months ago)
$tmp/stale/deck.md:29: s-older: reviewed 2025-01 (23 months ago)
3 of 5 cards not reviewed within 12 months of 2026-12
5 cards in 1 files: all valid
EOF
diff "$tmp/want" "$tmp/out" || fail "--stale 12 --now 2026-12: the list above differs"
run --stale 12 --now 2026-12 --strict "$tmp/stale"
[ "$rc" = 1 ] || fail "--stale --strict with stale cards: exit $rc, want 1"
run --stale 60 --now 2026-12 --strict "$tmp/stale"
[ "$rc" = 1 ] || fail "--stale 60 --strict: a never-reviewed card is stale: exit $rc, want 1"
run --stale 12 --now 2026-12 --json "$tmp/stale"
python3 - "$tmp/out" <<'EOF' || fail "--json stale"
import json, sys
s = json.load(open(sys.argv[1]))["stale"]
assert s["now"] == "2026-12" and s["months"] == 12 and s["count"] == 3, s
assert [c["id"] for c in s["cards"]] == ["s-never", "s-old", "s-older"], s
assert s["cards"][0]["reviewed"] is None and s["cards"][0]["months_ago"] is None
assert s["cards"][1]["reviewed"] == "2024-03" and s["cards"][1]["months_ago"] == 33
EOF
# Without --now, this month from the clock: runs and counts every card.
run --stale 0 "$tmp/stale"
[ "$rc" = 0 ] || fail "--stale 0 with the clock: exit $rc"
has "$tmp/out" "^[0-9] of 5 cards not reviewed within 0 months of 2[0-9]{3}-[01][0-9]$"
echo "ok: --stale"
