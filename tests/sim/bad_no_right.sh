#!/bin/sh
# A broken learner: its answers leave out "right".
while IFS= read -r line; do
  case $line in
    '{"op":"deck"'* | '{"op":"learner"'*) echo '{"ok":true}' ;;
    '{"op":"day"'*) echo '{"study":true}' ;;
    '{"op":"answer"'*) echo '{"seconds":20}' ;;
  esac
done
