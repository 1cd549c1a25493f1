#!/usr/bin/env bash
# display_check_art_window: a class in a window checks its art on a thread of its own
# while the window opens (Xvfb here, no window manager). A broken, empty or missing art
# file still stops the console at start: exit 1, the file named, the window closed, and
# no class begun (no class log, no saved place); never a crash or a hang. A plan that
# cannot be used, or no screen at all, says the art's problem first, as before.
set -u
nurture=$1
# Under the sanitizers: the leaks of the client libraries SDL's video uses, not ours.
export LSAN_OPTIONS=suppressions=$(cd "$(dirname "$0")" && pwd)/lsan-window.supp
src=${NURTURE_DATA:?}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
under_xvfb 1280x720 300 "$0" "$@"
scratch
echo "mute: true" >"$tmp/empty.conf"
export NURTURE_CONFIG=$tmp/empty.conf SDL_RENDER_DRIVER=software
export HOME=$tmp XDG_STATE_HOME=$tmp XDG_CONFIG_HOME=$tmp NURTURE_STATE_DIR=$tmp/state
# A data folder of our own: the shipped scenes, art and fonts, then one file broken.
fresh() {
    rm -rf "$tmp/data" "$tmp/state"
    mkdir -p "$tmp/data/media"
    cp -r "$src/scenes" "$tmp/data/scenes"
    cp -r "$src/media/art" "$tmp/data/media/art"
    [ -d "$src/media/fonts" ] && cp -r "$src/media/fonts" "$tmp/data/media/fonts"
}
# expect WHAT FILE WORDS [ARGS...]: the console in a window refuses, naming FILE with
# WORDS, and the library's line after it; nothing of a class is written.
expect() {
    local what=$1 file=$2 words=$3
    shift 3
    NURTURE_DATA=$tmp/data timeout 60 "$nurture" --no-remote --start 6.2 "$@" >"$tmp/out" 2>&1
    rc=$?
    check "$what: exit 1 and a line naming $file with '$words' (exit $rc: $(cat "$tmp/out"))" \
        '[ $rc -eq 1 ] && grep -F "$file" "$tmp/out" | grep -qF "$words"'
    check "$what: the library's problems said last ($(grep '^nurture:' "$tmp/out" | tail -n1))" \
        'grep "^nurture:" "$tmp/out" | tail -n1 | grep -qF "media/art has problems"'
    check "$what: no class begun (state: $(ls -R "$tmp/state" 2>/dev/null | tr "\n" " "))" \
        '[ -z "$(find "$tmp/state" -type f 2>/dev/null)" ]'
}
fresh
: >"$tmp/data/media/art/baby-face.svg"
expect "an empty SVG" "media/art/baby-face.svg" "is empty"
fresh
rm "$tmp/data/media/art/baby-front-thigh.svg"
expect "a missing SVG" "media/art/baby-front-thigh.svg" "cannot be read"
fresh
# (a truncated SVG, of which SDL_image's parser leaks a little, is display_check_art's)
echo '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"></svg>' \
    >"$tmp/data/media/art/hand.svg"
expect "a blank SVG" "media/art/hand.svg" "draws nothing"
expect "a blank SVG, --resume" "media/art/hand.svg" "draws nothing" --resume
# a damaged saved place is set aside at the start, before the art's check is over: the
# console stops for the art, and still tells what it set aside (else no one ever would)
mkdir -p "$tmp/state" && echo '{"version": 1, "plan": ' >"$tmp/state/progress.json"
NURTURE_DATA=$tmp/data timeout 60 "$nurture" --no-remote --resume >"$tmp/out" 2>&1
rc=$?
check "a blank SVG and a torn saved place: exit 1, the art and the place set aside both said (exit $rc: $(cat "$tmp/out"))" \
    '[ $rc -eq 1 ] && grep -q "draws nothing" "$tmp/out" && grep -q "progress.json was unusable .* kept as progress.json.bad-" "$tmp/out"'
rm -rf "$tmp/state"
# what stops the class besides: the art is still said first, and only it
expect "a blank SVG and a plan that is not there" "media/art/hand.svg" "draws nothing" \
    --plan no-such-plan
check "a blank SVG and a plan that is not there: the plan not said ($(cat "$tmp/out"))" \
    '! grep -q "no-such-plan" "$tmp/out"'
DISPLAY='' expect "a blank SVG and no screen" "media/art/hand.svg" "draws nothing"
check "a blank SVG and no screen: the screen not said ($(cat "$tmp/out"))" \
    '! grep -q "cannot open the screen" "$tmp/out"'
# and with the art whole, the same data folder starts its class in the window
fresh
rm -f "$tmp/first"
NURTURE_DATA=$tmp/data NURTURE_FIRST_FRAME_FILE=$tmp/first "$nurture" --no-remote --start 6.2 \
    >"$tmp/out" 2>&1 &
pid=$!
for _ in $(seq 1 600); do [ -s "$tmp/first" ] && break; kill -0 $pid 2>/dev/null || break; sleep 0.1; done
check "whole art: the class's first frame presented ($(cat "$tmp/out"))" '[ -s "$tmp/first" ]'
kill -TERM $pid 2>/dev/null
wait $pid
rc=$?
pid=
check "whole art: a clean quit on SIGTERM (exit $rc)" '[ $rc -eq 0 ]'
finish
