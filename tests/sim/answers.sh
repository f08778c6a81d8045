#!/bin/sh
# answers.sh REPLY: a learner for `cloudprep sim --learner-cmd` that studies
# every day and replies REPLY (a line of JSON, or not) to every question.
# POSIX sh; the requests are matched by their "op" alone, which the protocol
# puts first. always_right.sh and the broken learners are this with their
# reply.
reply=$1
while IFS= read -r line; do
  case $line in
    '{"op":"deck"'* | '{"op":"learner"'*) echo '{"ok":true}' ;;
    '{"op":"day"'*) echo '{"study":true}' ;;
    '{"op":"answer"'*) printf '%s\n' "$reply" ;;
    *) echo "answers.sh: unknown request: $line" >&2; exit 1 ;;
  esac
done
