#!/usr/bin/env bash
# check-settings.sh NURTURE: the settings file gives defaults, the command line wins,
# and a broken file is refused with FILE:LINE:COL.
set -uo pipefail
nurture=$1
. "$(dirname "$0")/../lib.sh"
scratch
export NURTURE_STATE_DIR=$tmp/state
first_segment() { # the first segment the text view announces
    timeout -s TERM 2 "$nurture" --text "$@" </dev/null 2>&1 | grep -m1 '^== 1/'
}

cat >"$tmp/good.conf" <<'CONF'
# a kiosk's settings
plan: peer-session-1
port: 9090
remote: false
pin: "246810"
music: built-in
volume: 40
window: true
size: 1024x768
CONF
export NURTURE_CONFIG=$tmp/good.conf
peer=$(NURTURE_CONFIG=$tmp/none.conf first_segment --plan peer-session-1)
baby=$(NURTURE_CONFIG=$tmp/none.conf first_segment)
check "two plans start differently ($peer / $baby)" '[ -n "$peer" ] && [ "$peer" != "$baby" ]'
check "the settings choose the plan" '[ "$(first_segment)" = "$peer" ]'
check "the command line wins over the settings" '[ "$(first_segment --plan baby-week-1)" = "$baby" ]'

printf 'plan: baby-week-1\ncolour: blue\n' >"$tmp/unknown.conf"
out=$(NURTURE_CONFIG=$tmp/unknown.conf "$nurture" --text </dev/null 2>&1)
rc=$?
check "an unknown key stops the console (exit $rc)" '[ $rc -eq 1 ]'
check "an unknown key is named with FILE:LINE:COL ($out)" 'grep -qF "$tmp/unknown.conf:2:1: '"'"'colour'"'"' is not a key of the settings" <<<"$out"'
printf 'volume: loud\n' >"$tmp/bad.conf"
out=$(NURTURE_CONFIG=$tmp/bad.conf "$nurture" --text </dev/null 2>&1)
check "a bad value is named with FILE:LINE:COL ($out)" 'grep -qF "$tmp/bad.conf:1:9: '"'"'volume'"'"' should be a whole number" <<<"$out"'
check "help still works with broken settings" 'NURTURE_CONFIG=$tmp/bad.conf "$nurture" --help >/dev/null'

finish
