#!/bin/sh
# A broken learner: its answers say "right":"yes", a string, not a boolean.
exec sh "$(dirname "$0")/answers.sh" '{"right":"yes","seconds":20}'
