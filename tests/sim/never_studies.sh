#!/bin/sh
# A learner for `cloudprep sim --learner-cmd` who never studies: every day
# request gets {"study":false}; an answer request is a failure of the test.
while IFS= read -r line; do
  case $line in
    '{"op":"deck"'* | '{"op":"learner"'*) echo '{"ok":true}' ;;
    '{"op":"day"'*) echo '{"study":false}' ;;
    *) echo "never_studies.sh: unexpected request: $line" >&2; exit 1 ;;
  esac
done
