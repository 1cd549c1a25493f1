#!/bin/bash
# display_keys: a real window under Xvfb. Start the class in a 1280x720 window, press
# keys as a presenter's clicker would, and see the screen change: Right moves on, Left
# comes back, B covers the screen, a single Q only asks, and Q twice quits with 0.
set -u
nurture=$1
. "$(dirname "$0")/../lib.sh"
under_xvfb 1280x720 150 "$0" "$@"
scratch

shot() { import -window root "$tmp/$1.png" 2>/dev/null || die "no screenshot $1"; }
differ() { # pixels that differ between two screenshots
    compare -metric AE "$tmp/$1.png" "$tmp/$2.png" null: 2>&1 | sed 's/ .*//;s/\..*//'
}

# Take screenshot $2 until it differs from $1 by more than $3 pixels and has stopped
# changing (the cross-fade is over: two shots in a row differ by less than the clocks'
# ticking, which goes on; on a busy machine a shot takes a second or more), for at most
# 40 shots.
changed() {
    local ref=$1 name=$2 min=$3 d=0 prev=""
    for _ in $(seq 1 40); do
        sleep 0.25
        shot "$name"
        d=$(differ "$ref" "$name")
        if [ "${d:-0}" -gt "$min" ]; then
            if [ -n "$prev" ] && [ "$(differ "$prev" "$name")" -lt 4000 ]; then
                echo "$d"
                return 0
            fi
            cp "$tmp/$name.png" "$tmp/$name-prev.png"
            prev="$name-prev"
        fi
    done
    echo "$d"
    return 1
}

# only the settings given here (not the machine's /etc/nurture/nurture.conf)
echo "mute: true" >"$tmp/empty.conf"
export NURTURE_CONFIG=$tmp/empty.conf
export HOME=$tmp XDG_STATE_HOME=$tmp XDG_CONFIG_HOME=$tmp
"$nurture" --window --size 1280x720 --no-remote --mute --plan baby-week-1 >"$tmp/out" 2>&1 &
pid=$!
win=$(timeout 20 xdotool search --sync --name '^Nurture$' | head -n1)
[ -n "$win" ] || die "no window named Nurture appeared"
# Keys go through the X server's input path (XTEST) to the focused window, as a real
# keyboard or clicker's would.
press() {
    xdotool windowfocus --sync "$win" 2>/dev/null || true
    xdotool key "$1"
}
# The first frame is on the screen when the window shows more than a few colours.
for _ in $(seq 1 80); do
    shot start
    [ "$(identify -format '%k' "$tmp/start.png")" -gt 50 ] && break
    sleep 0.25
done
[ "$(identify -format '%k' "$tmp/start.png")" -gt 50 ] || die "the window stayed blank"

press Right
d=$(changed start next 5000) || die "Right did not change the screen ($d pixels)"

press Left
d=$(changed next back 5000) || die "Left did not change the screen ($d pixels)"

press b
d=$(changed back blank 100000) || die "B did not cover the screen ($d pixels)"
press b
d=$(changed blank uncovered 100000) || die "B again did not bring the class back ($d pixels)"

press q
d=$(changed uncovered prompt 5000) || die "Q did not ask before quitting ($d pixels)"
kill -0 "$pid" 2>/dev/null || die "a single Q ended the class"
press q
for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
done
if kill -0 "$pid" 2>/dev/null; then die "Q twice did not quit"; fi
wait "$pid"
status=$?
pid=""
[ $status -eq 0 ] || die "nurture exited with $status: $(cat "$tmp/out")"
echo "display_keys: ok"
