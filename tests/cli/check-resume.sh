#!/usr/bin/env bash
# check-resume.sh NURTURE: the class's place survives a power cut. Start a class at
# segment 3 step 2, kill it hard (SIGKILL, as a yanked cable would), start again with
# --resume, and see it continue from the same place with its clocks kept.
set -uo pipefail
nurture=$1
. "$(dirname "$0")/../lib.sh"
console_sandbox
field() { python3 -c "import json,sys; print(json.load(open('$tmp/state/progress.json'))['$1'])"; }

run() { "$nurture" --window --size 640x360 --no-remote --mute "$@" >"$tmp/out" 2>&1 & pid=$!; }
wait_for_progress() { # wait until the saved place is segment $1 (0-based)
    for _ in $(seq 50); do
        [ -f "$tmp/state/progress.json" ] && [ "$(field segment 2>/dev/null)" = "$1" ] && return 0
        sleep 0.1
    done
    return 1
}

run --plan baby-week-1 --start 3.2
check "progress is saved while the class runs" "wait_for_progress 2"
sleep 1.5
kill -9 $pid; wait $pid 2>/dev/null; pid=
check "the saved place is step 2" '[ "$(field step)" = 1 ]'
before=$(field class_ms)

run --resume
sleep 1.5
check "--resume keeps the segment" "wait_for_progress 2"
check "--resume keeps the step" '[ "$(field step)" = 1 ]'
check "--resume says how long the stop was ($(grep -m1 Continued "$tmp/out"))" \
    'grep -q "Continued after a stop of [0-9]* s: the clocks go on from where they were saved" "$tmp/out"'
sleep 5.5 # the periodic save
check "--resume keeps the class clock running on ($before ms before)" \
    '[ "$(field class_ms | cut -d. -f1)" -gt "${before%.*}" ]'
kill -TERM $pid; wait $pid; rc=$?; pid=
check "SIGTERM ends the console cleanly (exit $rc)" '[ $rc -eq 0 ]'

# The class's log: one file for the class and its continuation, read back by --log.
"$nurture" --log >"$tmp/log" 2>&1
rc=$?
check "--log reads the last class (exit $rc: $(head -c 400 "$tmp/log"))" \
    '[ $rc -eq 0 ] && grep -q "^Baby massage, week 1" "$tmp/log"'
check "--log: the class was continued once, then quit" \
    'grep -q "Continued after a stop 1 time" "$tmp/log" && grep -q "; quit before the end" "$tmp/log"'
check "--log: segment 3 reached, segment 4 not" \
    'grep -q "^  3 .*[0-9]:[0-9][0-9] *-$" "$tmp/log" && grep -q "^  4 .*(not reached)" "$tmp/log"'
check "--log last --csv: a header and a row per segment" \
    '[ "$("$nurture" --log last --csv | head -1)" = "segment,title,planned_s,added_s,removed_s,actual_s,over_s,pauses,paused_s,reached" ] &&
     [ "$("$nurture" --log "$(ls "$tmp"/state/logs/*.jsonl)" --csv | wc -l)" = 12 ]'
"$nurture" --log "$tmp/none.jsonl" 2>/dev/null
rc=$?
check "--log of a missing file fails (exit $rc)" '[ $rc -eq 1 ]'
"$nurture" --csv 2>/dev/null
rc=$?
check "--csv alone is refused (exit $rc)" '[ $rc -eq 2 ]'

rm -f "$tmp/state/progress.json" "$tmp/state/progress.prev.json"
run --resume --start 2
check "--resume without a saved class starts as asked" "wait_for_progress 1"
kill -TERM $pid; wait $pid; pid=

# A place that cannot be saved (a folder in the file's way, as a full or read-only card
# would): the class goes on, and the console says so once, not at every save.
rm -rf "$tmp/state/progress.json"
mkdir -p "$tmp/state/progress.json/x"
run --start 2
sleep 6.5 # the first save and a periodic one
kill -TERM $pid; wait $pid; rc=$?; pid=
check "a failed save does not stop the class (exit $rc)" '[ $rc -eq 0 ]'
check "a failed save is told once ($(cat "$tmp/out"))" \
    '[ "$(grep -c "cannot save the class'"'"'s place" "$tmp/out")" = 1 ]'

finish
