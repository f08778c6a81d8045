#!/bin/sh
# A broken learner: answers the first question with a line that is not JSON.
while IFS= read -r line; do
  case $line in
    '{"op":"deck"'* | '{"op":"learner"'*) echo '{"ok":true}' ;;
    '{"op":"day"'*) echo '{"study":true}' ;;
    '{"op":"answer"'*) echo 'hello' ;;
  esac
done
