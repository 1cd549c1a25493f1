#!/usr/bin/env bash
# display_fullscreen: the console started fullscreen (the default) on an X server with no
# window manager (a bare kiosk; here Xvfb at 1600x900) covers the whole screen, and what it
# shows is the whole layout at the screen's size: the same picture as --render draws at
# 1600x900, but for the running clocks. Resized from outside, it lays out for the new size.
# Drawn by the software renderer, it has no GL library loaded. Without any screen (no X,
# Wayland or KMS) it says so in one line that names the ways out, and exits 1.
set -u
nurture=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
under_xvfb 1600x900 150 "$0" "$@"
scratch
# only the settings given here (not the machine's /etc/nurture/nurture.conf)
echo "mute: true" >"$tmp/empty.conf"
export NURTURE_CONFIG=$tmp/empty.conf
export HOME=$tmp XDG_STATE_HOME=$tmp XDG_CONFIG_HOME=$tmp NURTURE_STATE_DIR=$tmp/state

# The window's pixels ($1: root or a window id) against a --render of the same step at
# $2 (WxH), until they match but for the clocks (at most 20 s on a busy machine).
matches() {
    local what=$1 size=$2 d=""
    "$nurture" --render "$tmp/ref.png" --plan baby-week-1 --at 1.1 --time 1 --size "$size" --mute
    for _ in $(seq 1 80); do
        import -window "$what" "$tmp/shot.png" 2>/dev/null || { sleep 0.25; continue; }
        got=$(identify -format '%wx%h' "$tmp/shot.png")
        # pixels that differ by more than a shade: the running clocks only
        d=$(compare -metric AE -fuzz 8% "$tmp/shot.png" "$tmp/ref.png" null: 2>&1 | sed 's/ .*//;s/\..*//')
        if [ "$got" = "$size" ] && [ "${d:-999999}" -lt 6000 ]; then return 0; fi
        sleep 0.25
    done
    echo "the picture ($got) is not the layout at $size ($d pixels differ)"
    cp "$tmp/shot.png" "/tmp/nurture-fullscreen-shot.png" 2>/dev/null
    return 1
}

SDL_RENDER_DRIVER=software "$nurture" --no-remote --mute --plan baby-week-1 >"$tmp/out" 2>&1 &
pid=$!
win=$(timeout 20 xdotool search --sync --name '^Nurture$' | head -n1)
[ -n "$win" ] || die "no window named Nurture appeared: $(cat "$tmp/out")"
msg=$(matches root 1600x900) || die "fullscreen: $msg"
geo=$(xwininfo -id "$win" | awk '/Absolute upper-left X/ {x=$NF} /Absolute upper-left Y/ {y=$NF}
    /Width:/ {w=$NF} /Height:/ {h=$NF} END {print w "x" h "+" x "+" y}')
[ "$geo" = "1600x900+0+0" ] || die "the window is $geo, not the screen's 1600x900+0+0"

# No GL stack in a process that draws in software.
gl=$(grep -E 'lib(GL|EGL|GLES|GLX|gallium|glapi)|_dri\.so' "/proc/$pid/maps" | awk '{print $NF}' | sort -u)
[ -z "$gl" ] || die "GL libraries loaded with the software renderer: $gl"

# Resized from outside (no window manager to ask): the layout follows.
xdotool windowsize "$win" 1024 768
msg=$(matches "$win" 1024x768) || die "after a resize to 1024x768: $msg"
kill "$pid"
wait "$pid" 2>/dev/null
pid=""

# No screen at all: one line, the ways out, status 1 (where no KMS device can be opened).
if ! ls /dev/dri/card* >/dev/null 2>&1; then
    env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER timeout 20 "$nurture" --no-remote --mute \
        >"$tmp/none" 2>&1
    status=$?
    [ $status -eq 1 ] || die "with no screen, status $status: $(cat "$tmp/none")"
    [ "$(wc -l <"$tmp/none")" -eq 1 ] || die "with no screen, not one line: $(cat "$tmp/none")"
    grep -q -- '--text' "$tmp/none" && grep -q "Pi's console" "$tmp/none" && grep -q desktop "$tmp/none" ||
        die "with no screen, the ways out are not named: $(cat "$tmp/none")"
fi
echo "display_fullscreen: ok"
