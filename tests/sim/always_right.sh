#!/bin/sh
# A learner for `cloudprep sim --learner-cmd`: studies every day and answers
# every question right in 20 seconds.
exec sh "$(dirname "$0")/answers.sh" '{"right":true,"seconds":20}'
