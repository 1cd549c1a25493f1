#!/usr/bin/env bash
# check-list.sh NURTURE: --list shows the whole baby course and the peer session, each
# with its audience and title; --help and bad options behave.
set -uo pipefail
nurture=$1
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

out=$("$nurture" --list) && ok || bad "--list exited $?"
for w in 1 2 3 4 5; do
    grep -qE "^baby-week-$w +baby " <<<"$out" && ok || bad "--list lacks baby-week-$w: $out"
done
for n in 1 2 3 4 5; do
    grep -qE "^peer-session-$n +peer " <<<"$out" && ok || bad "--list lacks peer-session-$n: $out"
done
"$nurture" --help | grep -q -- "--check FILE" && ok || bad "--help lacks --check"
"$nurture" --bogus 2>/dev/null
[ $? -eq 2 ] && ok || bad "an unknown option should exit 2"
"$nurture" --start x 2>/dev/null
[ $? -eq 2 ] && ok || bad "--start x should exit 2"
"$nurture" --plan no-such-plan </dev/null >/dev/null 2>&1
[ $? -eq 1 ] && ok || bad "an unknown plan should exit 1"
"$nurture" --plan baby-week-1 --start 99 --text </dev/null >/dev/null 2>&1
[ $? -eq 2 ] && ok || bad "--start past the end should exit 2"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
