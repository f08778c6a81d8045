# Shared by the shell tests of the real binary (tests/cli/*.sh but the
# end-to-end ones, which have tests/e2e/lib.sh), sourced with the binary as
# $1 and the repository root as $2:
#   $bin, $root    the two arguments
#   $tmp           a new temporary directory, removed on exit together with
#                  whatever a test made read-only in it; a test that must
#                  undo more first (a mount, a process) defines cleanup_first
#   fail MESSAGE   print "FAIL: MESSAGE" and exit 1
set -u
bin=$1
root=$2
tmp=$(mktemp -d)

remove_tmp() {
  if declare -F cleanup_first >/dev/null; then cleanup_first; fi
  chmod -R u+rwx "$tmp" 2>/dev/null
  rm -rf "$tmp"
}
trap remove_tmp EXIT

fail() { echo "FAIL: $*"; exit 1; }
