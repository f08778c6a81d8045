#!/bin/sh
# record.sh FILE: the always_right.sh learner, appending every request it
# receives to FILE (one line each) for the test to read.
tee -a "$1" | sh "$(dirname "$0")/always_right.sh"
