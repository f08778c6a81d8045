#!/usr/bin/env bash
# Hostile progress databases against the real binary: zero-length,
# truncated, bit-flipped, a newer schema, a read-only file, a read-only
# directory (both as an unprivileged user: root ignores permission bits), a
# full disk (a size-limited tmpfs, when this machine lets the test mount one)
# and a second instance at the same time. Each must be refused before any
# window opens, with exit status 3, a message that names the file and says
# what is wrong, and progress.db byte for byte as it was. Also: an older
# schema is backed up before it is migrated.
# Usage: rel_hostile_db.sh BINARY REPO_ROOT
. "$2/tests/cli/lib/common.sh"
decks=$root/tests/fixtures/decks/good
chmod 755 "$tmp"
mnt=""
holder=""
cleanup_first() {
  [ -n "$holder" ] && kill -9 "$holder" 2>/dev/null
  [ -n "$mnt" ] && umount "$mnt" 2>/dev/null
}
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy

printf 'quit\n' >"$tmp/quit.script"
# One answer of any card type: pick A, submit (or flip), go on.
for i in 1 2 3; do printf 'key a\nkey enter\nkey enter\n'; done >"$tmp/drill.script"
sed -i '1i key d' "$tmp/drill.script"
echo quit >>"$tmp/drill.script"

# run DIR SCRIPT [as-user]: the app on DIR; sets rc and leaves stderr in $tmp/err.
run() {
  local dir=$1 script=$2 user=${3:-}
  local cmd=("$bin" --data-dir "$dir" --decks "$decks" --script "$script")
  if [ -n "$user" ]; then
    cmd=(setpriv --reuid="$user" --regid=nogroup --clear-groups env HOME="$tmp" "${cmd[@]}")
  fi
  "${cmd[@]}" >/dev/null 2>"$tmp/err"
  rc=$?
}

count_reviews() {
  python3 -c 'import sqlite3,sys; print(sqlite3.connect("file:"+sys.argv[1]+"?mode=ro", uri=True).execute("select count(*) from review_log").fetchone()[0])' "$1/progress.db"
}

# A healthy database with three answers, made by the app itself.
make_valid() {
  rm -rf "$1"
  mkdir -p "$1"
  run "$1" "$tmp/drill.script"
  [ "$rc" = 0 ] || fail "drill on a fresh directory: exit $rc: $(cat "$tmp/err")"
  [ "$(count_reviews "$1")" = 3 ] || fail "the drill did not record 3 answers"
}

# expect_refused CASE DIR PATTERN [as-user]
expect_refused() {
  local name=$1 dir=$2 pattern=$3 user=${4:-}
  local before after
  before=$(sha256sum <"$dir/progress.db")
  run "$dir" "$tmp/quit.script" "$user"
  after=$(sha256sum <"$dir/progress.db")
  [ "$rc" = 3 ] || fail "$name: exit $rc, want 3 (stderr: $(cat "$tmp/err"))"
  grep -q "progress.db" "$tmp/err" || fail "$name: message does not name the file: $(cat "$tmp/err")"
  grep -Eqi "$pattern" "$tmp/err" || fail "$name: message lacks /$pattern/: $(cat "$tmp/err")"
  [ "$before" = "$after" ] || fail "$name: progress.db was changed"
  [ "$(wc -l <"$tmp/err")" = 1 ] || fail "$name: want one line of message: $(cat "$tmp/err")"
  echo "ok: $name: $(head -n 1 "$tmp/err" | cut -c1-150)"
}

d=$tmp/data
make_valid "$d"
cp "$d/progress.db" "$tmp/good.db"
size=$(stat -c %s "$tmp/good.db")
[ "$size" -ge 16384 ] || fail "the healthy database is only $size bytes"

# Zero-length.
: >"$d/progress.db"
expect_refused zero-length "$d" "empty"

# Truncated at several lengths (not a multiple of the page size, half, one page).
for len in 100 $((size / 2)) 4096 $((size - 4096)); do
  head -c "$len" "$tmp/good.db" >"$d/progress.db"
  expect_refused "truncated to $len bytes" "$d" "damaged|not a cloudprep"
done

# Bit flips in the structure SQLite checks: the header, the schema page's
# b-tree header, and the b-tree header of every other page.
flip() {  # flip SRC DST OFFSET MASK
  python3 - "$@" <<'PY'
import sys
src, dst, off, mask = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4], 0)
b = bytearray(open(src, "rb").read())
b[off] ^= mask
open(dst, "wb").write(b)
PY
}
flip "$tmp/good.db" "$d/progress.db" 3 0x01
expect_refused "bit flip in the header string" "$d" "not a cloudprep|damaged"
flip "$tmp/good.db" "$d/progress.db" 100 0x08
expect_refused "bit flip in the schema page" "$d" "damaged"
for off in $(seq 4096 4096 $((size - 4096))); do
  flip "$tmp/good.db" "$d/progress.db" "$off" 0x80
  expect_refused "bit flip at page offset $off" "$d" "damaged"
done

# Written by a newer cloudprep.
cp "$tmp/good.db" "$d/progress.db"
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("pragma user_version=99"); c.commit(); c.close()' "$d/progress.db"
expect_refused "newer schema" "$d" "newer"

# A second instance while the first is running.
cp "$tmp/good.db" "$d/progress.db"
printf 'wait 30000\nquit\n' >"$tmp/long.script"
"$bin" --data-dir "$d" --decks "$decks" --script "$tmp/long.script" >/dev/null 2>&1 &
holder=$!
# Is the data directory's lock held? Read /proc/locks rather than trying
# the lock: a probe that takes it, even for a moment, can make the app
# starting beside it see "locked" and exit.
held() {
  [ -e "$d/.lock" ] || return 1
  awk -v ino="$(stat -c %i "$d/.lock")" \
    '$2 == "FLOCK" { n = split($6, a, ":"); if (a[n] == ino) f = 1 } END { exit !f }' /proc/locks
}
# Up to a minute: under valgrind (ctest -L valgrind) start-up is slow; the
# loop ends as soon as the lock is held.
for _ in $(seq 1200); do
  held && break
  sleep 0.05
done
held || fail "the first instance never took the lock"
expect_refused "second instance" "$d" "another cloudprep"
kill -9 "$holder"
wait "$holder" 2>/dev/null
holder=""
run "$d" "$tmp/quit.script"
[ "$rc" = 0 ] || fail "after the first instance died, the app does not start: $(cat "$tmp/err")"

# Read-only file and read-only directory, as an unprivileged user.
if [ "$(id -u)" = 0 ]; then
  user=nobody
  command -v setpriv >/dev/null || { echo "skip: read-only cases need setpriv"; user=""; }
else
  user=""
fi
if [ "$(id -u)" != 0 ] || [ -n "$user" ]; then
  ro=$tmp/ro
  rm -rf "$ro" && mkdir -p "$ro" && cp "$tmp/good.db" "$ro/progress.db"
  [ -n "$user" ] && chown -R "$user" "$ro"
  chmod 0400 "$ro/progress.db"
  expect_refused "read-only file" "$ro" "read-only" "$user"
  chmod 0600 "$ro/progress.db"
  chmod 0500 "$ro"
  expect_refused "read-only directory" "$ro" "read-only|not writable" "$user"
  chmod 0700 "$ro"
  run "$ro" "$tmp/quit.script" "$user"
  [ "$rc" = 0 ] || fail "writable again, the app does not start: $(cat "$tmp/err")"
fi

# A full disk: a 1 MiB tmpfs with the database and a file filling the rest.
mnt=$tmp/small
mkdir -p "$mnt"
if mount -t tmpfs -o size=1m,mode=0755 tmpfs "$mnt" 2>/dev/null; then
  mkdir "$mnt/data"
  cp "$tmp/good.db" "$mnt/data/progress.db"
  dd if=/dev/zero of="$mnt/filler" bs=4k >/dev/null 2>&1
  expect_refused "full disk" "$mnt/data" "disk is full|no space"
  rm -f "$mnt/filler"
  run "$mnt/data" "$tmp/drill.script"
  [ "$rc" = 0 ] || fail "with space again, the app does not start: $(cat "$tmp/err")"
  n=$(count_reviews "$mnt/data")
  [ "$n" -ge 3 ] || fail "answers lost after the full disk: $n"

  # The very first start on a full disk: refused with a clear message, and
  # no half-made progress.db left behind to be refused forever after.
  rm -rf "$mnt/data"
  mkdir "$mnt/data"
  dd if=/dev/zero of="$mnt/filler" bs=4k >/dev/null 2>&1
  run "$mnt/data" "$tmp/quit.script"
  [ "$rc" = 3 ] || fail "first start on a full disk: exit $rc: $(cat "$tmp/err")"
  grep -Eqi "disk is full|no space" "$tmp/err" || fail "first start on a full disk: $(cat "$tmp/err")"
  [ -e "$mnt/data/progress.db" ] && fail "first start on a full disk left a progress.db"
  echo "ok: first start on a full disk: $(head -n 1 "$tmp/err" | cut -c1-150)"
  rm -f "$mnt/filler"
  run "$mnt/data" "$tmp/quit.script"
  [ "$rc" = 0 ] || fail "first start with space again: $(cat "$tmp/err")"
  umount "$mnt"
  mnt=""
else
  echo "skip: cannot mount a tmpfs here; tests/unit/test_store_faults.c covers a full disk"
  mnt=""
fi

# An older schema (version 0, with a table of the user's) is backed up first.
v0=$tmp/v0
mkdir -p "$v0"
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("create table keep(x)"); c.execute("insert into keep values (42)"); c.commit(); c.close()' "$v0/progress.db"
run "$v0" "$tmp/quit.script"
[ "$rc" = 0 ] || fail "version 0 database: exit $rc: $(cat "$tmp/err")"
[ -f "$v0/progress.db.bak-v0" ] || fail "no backup before the migration from version 0"
python3 - "$v0" <<'PY' || fail "backup or migration wrong"
import sqlite3, sys
d = sys.argv[1]
b = sqlite3.connect("file:%s/progress.db.bak-v0?mode=ro" % d, uri=True)
assert b.execute("select x from keep").fetchall() == [(42,)]
assert b.execute("pragma user_version").fetchone()[0] == 0
m = sqlite3.connect("file:%s/progress.db?mode=ro" % d, uri=True)
assert m.execute("pragma user_version").fetchone()[0] >= 1
assert m.execute("select x from keep").fetchall() == [(42,)]
m.execute("select count(*) from review_log").fetchone()
PY
echo "ok: version 0 backed up to progress.db.bak-v0, then migrated"
exit 0
