#!/bin/sh
# A broken learner: accepts the deck, then exits with status 1 before the
# first learner request is answered.
IFS= read -r line
echo '{"ok":true}'
exit 1
