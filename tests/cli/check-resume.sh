#!/usr/bin/env bash
# check-resume.sh NURTURE: the class's place survives a power cut. Start a class at
# segment 3 step 2, kill it hard (SIGKILL, as a yanked cable would), start again with
# --resume, and see it continue from the same place with its clocks kept. Then the
# time off: counted as class time with a trusted wall clock (the segment's countdown
# down by the stop), not with an untrusted one, nor for a paused class, nor beyond
# 2 hours, nor when the wall clock went back; each said on the screen's line, in the
# class log and by --log. And the place saved at a quit.
set -uo pipefail
nurture=$1
. "$(dirname "$0")/../lib.sh"
console_sandbox
field() { python3 -c "import json,sys; print(json.load(open('$tmp/state/progress.json'))['$1'])"; }
# saved EXPR: a Python expression of the saved progress `d`, e.g. saved "d['paused']"
saved() { python3 -c "import json; d = json.load(open('$tmp/state/progress.json')); print($1)"; }

run() { "$nurture" --window --size 640x360 --no-remote --mute "$@" >"$tmp/out" 2>&1 & pid=$!; }
at_segment() { [ -f "$tmp/state/progress.json" ] && [ "$(field segment 2>/dev/null)" = "$1" ]; }
wait_for_progress() { wait_until 50 at_segment "$1"; } # the saved place is segment $1 (0-based)

run --plan baby-week-1 --start 3.2
check "progress is saved while the class runs" "wait_for_progress 2"
sleep 1.5
kill -9 $pid; wait $pid 2>/dev/null; pid=
check "the saved place is step 2" '[ "$(field step)" = 1 ]'
before=$(field class_ms)

run --resume --wall-clock untrusted
sleep 1.5
check "--resume keeps the segment" "wait_for_progress 2"
check "--resume keeps the step" '[ "$(field step)" = 1 ]'
check "--resume says how long the stop was and that it is not counted ($(grep -m1 "off" "$tmp/out"))" \
    'grep -q "Clock not synchronised: [0-9]* s off, not counted" "$tmp/out"'
past_before() { [ "$(field class_ms | cut -d. -f1)" -gt "${before%.*}" ]; }
# the periodic save (every 5 s) shows the class clock past $before
check "--resume keeps the class clock running on ($before ms before)" "wait_until 150 past_before"
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

# The time off, counted or not. Each case: the console killed hard in segment 3, the
# saved file edited as the case needs, a stop of $gap s, then --resume with the
# --wall-clock asked; measured by the segment's clock in the first save after it.
gap=6
elapsed() { saved "int(d['segments'][2]['elapsed_ms'])"; }
now() { date +%s.%N; }
run --resume --wall-clock trusted
# the file already says segment 3 (the run before): wait for this run's own save, which
# marks the clock trusted (a slow machine may take seconds to make it)
saved_trusted() { [ "$(saved "d.get('wall_clock_trusted')" 2>/dev/null)" = True ]; }
check "continued for the stops, saved as trusted" "wait_for_progress 2 && wait_until 300 saved_trusted"
saved_since() { [ "$(stat -c %y "$tmp/state/progress.json" 2>/dev/null)" != "$1" ]; } # $1: an mtime
stop_and_resume() { # $1: --wall-clock's value, $2: a Python edit of the saved `d`, $3: the stop
    kill -9 $pid; wait $pid 2>/dev/null; pid=
    [ -z "$2" ] || python3 -c "import json; f = '$tmp/state/progress.json'; d = json.load(open(f)); $2; json.dump(d, open(f, 'w'))"
    e0=$(elapsed) c0=$(saved "int(d['class_ms'])") s0=$(saved "d['saved_at']")
    m0=$(stat -c %y "$tmp/state/progress.json")
    sleep "$3"
    t0=$(now)
    run --resume --wall-clock "$1"
    wait_until 300 saved_since "$m0" # the first save after the restart (generous: a loaded machine)
    t1=$(now)
    e1=$(elapsed) c1=$(saved "int(d['class_ms'])")
    moved=$((e1 - e0))
    up=$(python3 -c "print(int(($t1 - $t0) * 1000) + 300)") # the most the console ran since
    what="segment clock $e0 -> $e1 ms, $moved ms, the stop ${3}s, the restart took up to $up ms"
}
# counted (trusted at the save and now): down by the stop (at least the sleep, at most
# since the save before it)
stop_and_resume trusted "" $gap
most=$(python3 -c "print(int(($t1 - $s0 + 1) * 1000))")
check "trusted: the stop counted ($what, at most $most)" \
    '[ $moved -ge $((gap * 1000)) ] && [ $moved -le $most ]'
check "trusted: said ($(grep -m1 " off" "$tmp/out"))" \
    'grep -q "Continued after [0-9]* s off: counted as class time" "$tmp/out"'
check "trusted: the place kept" '[ "$(field segment)" = 2 ] && [ "$(field step)" = 1 ]'
# not counted (untrusted now, then at the save): on from where it was saved, only the
# time since the restart
stop_and_resume untrusted "" $gap
check "untrusted now: the stop not counted ($what)" \
    '[ $moved -ge 0 ] && [ $moved -le $up ]'
check "untrusted now: said ($(grep -m1 " off" "$tmp/out"))" \
    'grep -q "Clock not synchronised: [0-9]* s off, not counted" "$tmp/out"'
stop_and_resume trusted "" $gap
check "untrusted at the save: the stop not counted ($what)" \
    '[ $moved -ge 0 ] && [ $moved -le $up ]'
check "untrusted at the save: said" 'grep -q "Clock not synchronised: [0-9]* s off, not counted" "$tmp/out"'
# paused: stays paused, its countdown where it was; the class clock (the hall's hour) ran on
stop_and_resume trusted "d['paused'] = True" $gap
check "paused: the countdown kept ($what)" '[ $moved -eq 0 ] && [ "$(saved "d['"'"'paused'"'"']")" = True ]'
check "paused: the class clock counted the stop ($c0 -> $c1 ms)" '[ $((c1 - c0)) -ge $((gap * 1000)) ]'
stop_and_resume trusted "d['paused'] = False" 0
# beyond 2 hours (the save made 3 hours older), and the wall clock gone back (an hour)
stop_and_resume trusted "d['saved_at'] -= 3 * 3600" 0
check "3 hours: not counted ($what)" '[ $moved -ge 0 ] && [ $moved -le $up ]'
check "3 hours: said ($(grep -m1 " off" "$tmp/out"))" \
    'grep -q "Continued after 180 min off: over 2 hours, not counted" "$tmp/out"'
stop_and_resume trusted "d['saved_at'] += 3600" 0
check "the clock set back: not counted ($what)" '[ $moved -ge 0 ] && [ $moved -le $up ]'
check "the clock set back: said" 'grep -q "the wall clock went back: not counted" "$tmp/out"'
# auto: as the kernel says of this machine's clock (adjtimex: synchronised by NTP), or
# where it may not be asked, systemd-timesyncd's mark
synced=$(python3 -c "
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
tx = ctypes.create_string_buffer(512)  # struct timex; its int status at byte 40 (LP64)
rc = libc.adjtimex(tx)
status = int.from_bytes(tx.raw[40:44], 'little')
if rc < 0:
    print(int(ctypes.get_errno() == 1 and os.path.exists('/run/systemd/timesync/synchronized')))
else:
    print(int(rc != 5 and not status & 0x40))  # TIME_ERROR, STA_UNSYNC
")
stop_and_resume auto "" $gap
if [ "$synced" = 1 ]; then
    check "auto, the clock synchronised: counted ($what)" '[ $moved -ge $((gap * 1000)) ]'
else
    check "auto, the clock not synchronised: not counted ($what)" \
        '[ $moved -le $up ] && grep -q "Clock not synchronised" "$tmp/out"'
fi
kill -TERM $pid; wait $pid; pid=
# The class log says of every stop whether it was counted, and --log sums it up.
counted=$(python3 -c "
import json, glob
lines = [json.loads(x) for f in glob.glob('$tmp/state/logs/*.jsonl') for x in open(f)]
print(' '.join(str(x.get('counted')) for x in lines if x['ev'] == 'resumed'))")
want="False False True False False True True False False $([ "$synced" = 1 ] && echo True || echo False)"
check "the class log: counted or not at each resume ($counted)" '[ "$counted" = "$want" ]'
"$nurture" --log >"$tmp/log" 2>&1
check "--log: part of the time off counted ($(grep Continued "$tmp/log"))" \
    'grep -q "Continued after a stop 10 times (the console off about [0-9:]*, [0-9:]* of it counted as class time)" "$tmp/log"'

# A quit (SIGTERM, as Q twice) saves the place then: the clock as at the quit, not as
# at the periodic save before it.
run --resume --wall-clock untrusted
check "continued for the quit" "wait_for_progress 2"
sleep 1
e0=$(elapsed)
sleep 2.5
kill -TERM $pid; wait $pid; rc=$?; pid=
e1=$(elapsed)
check "the place saved at the quit ($e0 -> $e1 ms, exit $rc)" '[ $rc -eq 0 ] && [ $((e1 - e0)) -ge 2000 ]'

rm -f "$tmp/state/progress.json" "$tmp/state/progress.prev.json"
run --resume --start 2
check "--resume without a saved class starts as asked" "wait_for_progress 1"
kill -TERM $pid; wait $pid; pid=

# A place that cannot be saved (a folder in the file's way, as a full or read-only card
# would): the class goes on, and the console says so once, not at every save.
rm -rf "$tmp/state/progress.json"
mkdir -p "$tmp/state/progress.json/x"
run --start 2
# the first save (a slow machine starts slowly), then a periodic one
wait_until 200 grep -q "cannot save the class's place" "$tmp/out"
sleep 5.5
kill -TERM $pid; wait $pid; rc=$?; pid=
check "a failed save does not stop the class (exit $rc)" '[ $rc -eq 0 ]'
check "a failed save is told once ($(cat "$tmp/out"))" \
    '[ "$(grep -c "cannot save the class'"'"'s place" "$tmp/out")" = 1 ]'

finish
