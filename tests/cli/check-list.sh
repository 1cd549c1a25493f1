#!/usr/bin/env bash
# check-list.sh NURTURE: --list shows the whole baby course and the peer session, each
# with its audience and title; --help and bad options behave.
set -uo pipefail
nurture=$1
. "$(dirname "$0")/../lib.sh"

out=$("$nurture" --list)
rc=$?
check "--list succeeds (exit $rc)" '[ $rc -eq 0 ]'
for w in 1 2 3 4 5; do
    check "--list shows baby-week-$w ($out)" 'grep -qE "^baby-week-$w +baby " <<<"$out"'
done
check "--list shows peer-session ($out)" 'grep -qE "^peer-session +peer " <<<"$out"'
check "--help shows --check" '"$nurture" --help | grep -q -- "--check FILE"'
"$nurture" --bogus 2>/dev/null
rc=$?
check "an unknown option exits 2 ($rc)" '[ $rc -eq 2 ]'
"$nurture" --start x 2>/dev/null
rc=$?
check "--start x exits 2 ($rc)" '[ $rc -eq 2 ]'
"$nurture" --plan no-such-plan </dev/null >/dev/null 2>&1
rc=$?
check "an unknown plan exits 1 ($rc)" '[ $rc -eq 1 ]'
"$nurture" --plan baby-week-1 --start 99 --text </dev/null >/dev/null 2>&1
rc=$?
check "--start past the end exits 2 ($rc)" '[ $rc -eq 2 ]'
finish
