#!/bin/sh
# A broken learner: its answers leave out "right".
exec sh "$(dirname "$0")/answers.sh" '{"seconds":20}'
