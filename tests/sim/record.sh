#!/bin/sh
# record.sh FILE: the always_right.sh learner that also appends every request
# it receives to FILE, one line each, for the test to read.
out=$1
while IFS= read -r line; do
  printf '%s\n' "$line" >>"$out"
  case $line in
    '{"op":"deck"'* | '{"op":"learner"'*) echo '{"ok":true}' ;;
    '{"op":"day"'*) echo '{"study":true}' ;;
    '{"op":"answer"'*) echo '{"right":true,"seconds":20}' ;;
    *) exit 1 ;;
  esac
done
