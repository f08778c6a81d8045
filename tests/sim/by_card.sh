#!/bin/sh
# A learner for `cloudprep sim --learner-cmd` whose answers depend on the
# card alone: right unless the card id's length is a multiple of 3, in
# 30 seconds, or 50 when wrong; studies on days not divisible by 4. Mixed
# results, and deterministic, for the tests.
while IFS= read -r line; do
  case $line in
    '{"op":"deck"'* | '{"op":"learner"'*) echo '{"ok":true}' ;;
    '{"op":"day"'*)
      day=${line##*\"day\":}
      day=${day%%[!0-9]*}
      if [ $((day % 4)) -eq 3 ]; then echo '{"study":false}'; else echo '{"study":true}'; fi ;;
    '{"op":"answer"'*)
      card=${line#*\"card\":\"}
      card=${card%%\"*}
      if [ $((${#card} % 3)) -eq 0 ]; then
        echo '{"right":false,"seconds":50}'
      else
        echo '{"right":true,"seconds":30.0}'
      fi ;;
    *) exit 1 ;;
  esac
done
