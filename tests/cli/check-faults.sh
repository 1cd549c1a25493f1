#!/usr/bin/env bash
# check-faults.sh NURTURE FAULTFS.so: faults while a class runs, made on demand by an
# LD_PRELOAD shim (tests/cli/faultfs.c): the state folder full, then read-only; the
# plan file deleted and rewritten with junk; the wall clock stepped an hour forwards and
# backwards; NTP's state as the kernel tells it (--wall-clock auto); the remote's port
# taken. Each time the class goes on (its place is saved again once it can be, its
# clocks run on by the monotonic clock), and a fault is told once, not at every save.
set -uo pipefail
nurture=$1
shim=$2
. "$(dirname "$0")/../lib.sh"
console_sandbox
st=$tmp/state
export FAULT_DIR=$tmp/faults FAULT_STATE=$st LD_PRELOAD=$shim
mkdir -p "$FAULT_DIR" "$st"
num() { grep -o "\"$1\":[[:space:]]*[0-9]*" "$st/progress.json" | head -1 | grep -o '[0-9]*$'; }
alive() { kill -0 $pid 2>/dev/null; }
# wait until the saved class clock is past $1 ms
wait_class_ms() {
    for _ in $(seq 150); do
        [ -f "$st/progress.json" ] && [ "$(num class_ms 2>/dev/null || echo 0)" -gt "$1" ] && return 0
        sleep 0.1
    done
    return 1
}

mkdir -p "$tmp/plans" && cp scenes/baby-week-1.yaml "$tmp/plans/class.yaml"
"$nurture" --window --size 640x360 --no-remote --mute \
    --plan "$tmp/plans/class.yaml" --start 3 >"$tmp/out" 2>&1 &
pid=$!
check "the class runs and is saved" "wait_class_ms 0"

# The card full: saving fails, the class goes on, said once; it is saved again after.
echo full >"$FAULT_DIR/full"
sleep 11 # two periodic saves that fail
check "a full card does not stop the class" alive
check "a full card is told once ($(grep -c "cannot save" "$tmp/out") times)" \
    '[ "$(grep -c "cannot save the class'"'"'s place" "$tmp/out")" = 1 ]'
check "the full card named: no space" 'grep -q "No space left on device" "$tmp/out"'
before=$(num class_ms)
rm "$FAULT_DIR/full"
check "saved again once there is room, the clock gone on" "wait_class_ms $((before + 9000))"

# Read-only, and meanwhile the plan deleted: the class in memory goes on.
echo ro >"$FAULT_DIR/full"
rm "$tmp/plans/class.yaml"
sleep 6
check "a read-only card does not stop the class" alive
check "a read-only card is told" 'grep -q "Read-only file system" "$tmp/out"'
rm "$FAULT_DIR/full"
before=$(num class_ms)
check "the plan deleted, the card writable again: saved, the clock gone on" \
    "wait_class_ms $((before + 4000))"
# The plan rewritten with junk: the same.
head -c 2000 /dev/urandom >"$tmp/plans/class.yaml"
before=$(num class_ms)
check "the plan rewritten with junk: the class goes on" "wait_class_ms $before"

# The wall clock stepped an hour forwards, then back: no countdown jumps.
before=$(num class_ms)
echo 3600 >"$FAULT_DIR/clock"
sleep 3
echo -3600 >"$FAULT_DIR/clock"
sleep 3
rm "$FAULT_DIR/clock"
wait_class_ms $((before + 6000))
after=$(num class_ms)
# (saved every 5 s: at least the 6 s waited, at most one save interval more)
check "the clock stepped an hour and back: the class clock ran on, no jump ($before -> $after ms)" \
    '[ $((after - before)) -ge 6000 ] && [ $((after - before)) -le 12000 ]'
check "the class went on through every fault" alive
kill -TERM $pid
wait $pid
rc=$?
pid=
check "a clean stop (exit $rc)" '[ $rc -eq 0 ]'

# --wall-clock auto (the default) trusts the wall clock as the kernel says of NTP, or,
# where it may not be asked (systemd's sandbox), as systemd-timesyncd's mark says: each
# save records it, and a stop with it trusted at both ends is counted as class time.
flag() { grep -o '"wall_clock_trusted":[[:space:]]*[a-z]*' "$st/progress.json" | grep -o '[a-z]*$'; }
wait_flag() { # until a save says $1 (the periodic saves: 5 s)
    for _ in $(seq 150); do
        [ "$(flag 2>/dev/null)" = "$1" ] && return 0
        sleep 0.1
    done
    return 1
}
"$nurture" --window --size 640x360 --no-remote --mute --plan baby-week-1 --start 3 \
    >"$tmp/out" 2>&1 &
pid=$!
for ntp in "unsynced false" "synced true" "denied false" "denied_marked true"; do
    echo "${ntp% *}" | tr _ ' ' >"$FAULT_DIR/ntp"
    check "auto, NTP ${ntp% *}: saved as trusted ${ntp#* } ($(flag))" "wait_flag ${ntp#* }"
done
kill -9 $pid; wait $pid 2>/dev/null
sleep 2
"$nurture" --window --size 640x360 --no-remote --mute --resume >"$tmp/out" 2>&1 &
pid=$!
said_soon() { # $1 appears in the console's output within 15 s
    for _ in $(seq 150); do
        grep -q "$1" "$tmp/out" && return 0
        sleep 0.1
    done
    return 1
}
check "auto, trusted at both ends (timesyncd's mark): the stop counted" \
    'said_soon "Continued after [0-9]* s off: counted as class time"'
kill -TERM $pid; wait $pid; pid=
rm "$FAULT_DIR/ntp"

# The remote's port taken by another program: the class runs without phones, says so.
unset LD_PRELOAD
/usr/bin/python3 -c '
import socket, sys, time
s = socket.socket(); s.bind(("0.0.0.0", 0)); s.listen(); print(s.getsockname()[1], flush=True)
time.sleep(30)' >"$tmp/port" &
holder=$!
for _ in $(seq 50); do [ -s "$tmp/port" ] && break; sleep 0.1; done
rm -rf "$st"
"$nurture" --window --size 640x360 --mute --port "$(cat "$tmp/port")" >"$tmp/out" 2>&1 &
pid=$!
check "the port taken: the class runs" "wait_class_ms 0 && alive"
check "the port taken: said ($(grep -m1 remote "$tmp/out"))" \
    'grep -q "No phone remote (.*): the class goes on without" "$tmp/out"'
kill -TERM $pid
wait $pid
pid=
kill $holder

# The log: a line for each fault told, the class quit at the end.
"$nurture" --log >"$tmp/log" 2>&1
check "the class log sums up the class ($(head -c 300 "$tmp/log"))" 'grep -q "quit before the end" "$tmp/log"'
check "the class log has the notice" 'grep -q "^Notices: 1 (the first: No phone remote" "$tmp/log"'
finish
