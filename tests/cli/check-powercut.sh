#!/usr/bin/env bash
# check-powercut.sh NURTURE: the console itself started with --resume over what a power
# cut can leave: the newest progress file cut short at offsets across a real save (with
# the save before it kept beside it), empty, from a future version, a folder where the
# file should be, the state folder gone, the saved class's plan deleted. Every time the
# console starts and runs (the last good place, or the class's start), says in one line
# what it set aside, and keeps the bad file as progress.json.bad-TIME. (test_progress
# covers every byte offset, cut and torn, through the same code without a window.)
set -uo pipefail
nurture=$1
. "$(dirname "$0")/../lib.sh"
console_sandbox
st=$tmp/state
# a whole number of the saved place (no JSON parser: this runs in tight loops)
field() { grep -o "\"$1\":[[:space:]]*[0-9]*" "$st/progress.json" | grep -o '[0-9]*$'; }

run() { "$nurture" --window --size 640x360 --no-remote --mute "$@" >"$tmp/out" 2>&1 & pid=$!; }
stop() { kill -TERM $pid 2>/dev/null; wait $pid; rc=$?; pid=; }
# wait until the saved place is segment $1, step $2 (0-based) and the console lives
wait_for_place() {
    for _ in $(seq 100); do
        [ -f "$st/progress.json" ] && [ "$(field segment 2>/dev/null)" = "$1" ] &&
            [ "$(field step 2>/dev/null)" = "$2" ] && kill -0 $pid 2>/dev/null && return 0
        sleep 0.05
    done
    return 1
}
said() { grep -q "$1" "$tmp/out"; }
bad_files() { find "$st" -maxdepth 1 -name 'progress.json.bad-*' | wc -l; }

# A real save and the one before it: segment 3 step 2 (saved again at the quit), then
# moved to 4.1 and cut off.
run --plan baby-week-1 --start 3.2
wait_for_place 2 1
stop
run --resume --start 4
wait_for_place 2 1
stop
cp "$st/progress.json" "$tmp/good.json"
run --plan baby-week-1 --start 4
wait_for_place 3 0
kill -9 $pid; wait $pid 2>/dev/null; pid= # a power cut: no save at a quit after this one
cp "$st/progress.json" "$tmp/newest.json"
cp "$st/progress.prev.json" "$tmp/prev.json"
check "the save before is kept beside the newest" 'cmp -s "$tmp/prev.json" "$tmp/good.json"'

# The newest file cut short at 6 offsets across it: the save before is continued.
len=$(stat -c %s "$tmp/newest.json")
failed_offsets=""
for k in $(seq 0 $(((len + 5) / 6)) $((len - 1))); do
    rm -rf "$st" && mkdir -p "$st"
    head -c "$k" "$tmp/newest.json" >"$st/progress.json"
    cp "$tmp/prev.json" "$st/progress.prev.json"
    run --resume
    if ! wait_for_place 2 1 || ! said "continued from the save before" ||
        ! said "kept as progress.json.bad-" || [ "$(bad_files)" != 1 ]; then
        failed_offsets="$failed_offsets $k"
    fi
    stop
    [ $rc -eq 0 ] || failed_offsets="$failed_offsets $k(exit $rc)"
done
check "cut short anywhere, the save before is continued, said, set aside (failed at:$failed_offsets)" \
    '[ -z "$failed_offsets" ]'

# What was never a save of this version, with no save before it: the class's start.
afresh() { # $1: what, then how to make it
    rm -rf "$st" && mkdir -p "$st"
    eval "$2"
    run --resume
    check "$1: the class starts" "wait_for_place 0 0"
    check "$1: said in one line ($(head -c 300 "$tmp/out"))" \
        '[ "$(grep -c "starts afresh" "$tmp/out")" = 1 ]'
    check "$1: kept as progress.json.bad-TIME" '[ "$(bad_files)" = 1 ]'
    stop
    check "$1: a clean stop (exit $rc)" '[ $rc -eq 0 ]'
}
afresh "an empty file" ': >"$st/progress.json"'
afresh "a future version" 'sed "s/\"version\":.*/\"version\": 9,/" "$tmp/newest.json" >"$st/progress.json"'
afresh "a folder" 'mkdir -p "$st/progress.json/x"'
afresh "binary junk" 'head -c 3000 /dev/urandom >"$st/progress.json"'

# The state folder gone: nothing to resume, said; the folder is made again.
rm -rf "$st"
run --resume --start 2
check "no state folder: the class starts where asked" "wait_for_place 1 0"
check "no state folder: said" 'said "No saved class in"'
stop

# The saved class's plan deleted: the asked-for plan starts, and that is said.
rm -rf "$st"
mkdir -p "$tmp/plans" && cp scenes/baby-week-2.yaml "$tmp/plans/gone.yaml"
run --plan "$tmp/plans/gone.yaml" --start 2
wait_for_place 1 0
stop
rm "$tmp/plans/gone.yaml"
run --resume
check "the saved plan deleted: the default class starts" "wait_for_place 0 0"
check "the saved plan deleted: said" 'said "plan cannot be read"'
stop

finish
