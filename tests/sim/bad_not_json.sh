#!/bin/sh
# A broken learner: answers the first question with a line that is not JSON.
exec sh "$(dirname "$0")/answers.sh" 'hello'
