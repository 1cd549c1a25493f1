#!/bin/sh
# display_render_cli: `nurture --render` writes the frame asked for, at the size asked
# for, with no screen; a place that does not exist is refused.
set -u
nurture=$1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail=0
unset DISPLAY WAYLAND_DISPLAY
"$nurture" --plan baby-week-1 --render "$out/a.png" --at 5.2 --time 1.5 --size 1280x720 ||
    { echo "FAIL: --render exited $?"; fail=1; }
size=$(identify -format '%wx%h' "$out/a.png" 2>/dev/null)
[ "$size" = 1280x720 ] || { echo "FAIL: the frame is '$size', expected 1280x720"; fail=1; }
"$nurture" --plan peer-session --render "$out/b.png" --at 1.1 --pin 482193 ||
    { echo "FAIL: --render of the welcome exited $?"; fail=1; }
size=$(identify -format '%wx%h' "$out/b.png" 2>/dev/null)
[ "$size" = 1920x1080 ] || { echo "FAIL: the default size is '$size', expected 1920x1080"; fail=1; }
# Same inputs, same picture.
"$nurture" --plan baby-week-1 --render "$out/c.png" --at 5.2 --time 1.5 --size 1280x720
diff=$(compare -metric AE "$out/a.png" "$out/c.png" null: 2>&1)
[ "$diff" = 0 ] || { echo "FAIL: the same frame drawn twice differs by $diff pixels"; fail=1; }
# Later in the stroke, the hands have moved.
"$nurture" --plan baby-week-1 --render "$out/d.png" --at 5.2 --time 0.3 --size 1280x720
diff=$(compare -metric AE "$out/a.png" "$out/d.png" null: 2>&1)
[ "${diff%%.*}" -gt 100 ] 2>/dev/null || { echo "FAIL: the stroke did not move ($diff pixels)"; fail=1; }
if "$nurture" --plan baby-week-1 --render "$out/e.png" --at 99.1 2>"$out/err"; then
    echo "FAIL: --at 99.1 was accepted"
    fail=1
fi
grep -q "no such segment" "$out/err" || { echo "FAIL: no message for --at 99.1"; fail=1; }
[ $fail -eq 0 ] && echo "display_render_cli: ok"
exit $fail
