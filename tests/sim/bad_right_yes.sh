#!/bin/sh
# A broken learner: its answers say "right":"yes", a string, not a boolean.
while IFS= read -r line; do
  case $line in
    '{"op":"deck"'* | '{"op":"learner"'*) echo '{"ok":true}' ;;
    '{"op":"day"'*) echo '{"study":true}' ;;
    '{"op":"answer"'*) echo '{"right":"yes","seconds":20}' ;;
  esac
done
