#!/usr/bin/env bash
# with-xvfb.sh WxH COMMAND...: run COMMAND with DISPLAY set to an X server of its own (Xvfb,
# one WxH 24-bit screen, no window manager), then stop that server; exits with COMMAND's
# status. Xvfb picks a free display number itself and writes it (-displayfd) once it
# accepts clients: two runs at once never share a display, and nothing sleeps in hope.
set -u
size=$1
shift
coproc XVFB { exec Xvfb -displayfd 1 -screen 0 "${size}x24" -nolisten tcp -noreset 2>/dev/null; }
xvfb_pid=$XVFB_PID
num=""
read -r -t 30 num <&"${XVFB[0]}" || true
if [ -z "$num" ]; then
    echo "with-xvfb.sh: Xvfb did not start" >&2
    kill "$xvfb_pid" 2>/dev/null
    exit 1
fi
export DISPLAY=":$num"
unset WAYLAND_DISPLAY
"$@"
status=$?
kill "$xvfb_pid" 2>/dev/null
wait "$xvfb_pid" 2>/dev/null
exit $status
