# lib.sh: what the test scripts of tests/ share. Source it near the top:
#     . "$(dirname "$0")/../lib.sh"
# then `check "what is checked (details)" 'a shell condition'` for each check, and
# `finish` last: it prints the counts and fails the script when a check failed. A script
# whose later steps need the earlier ones stops at the first problem with `die "why"`.
# shellcheck shell=bash
pass=0 fail=0

# check NAME CONDITION: evaluate CONDITION (a string, so its variables are read at the
# moment of the check); count it, and print NAME when it fails.
check() {
    if eval "$2"; then
        pass=$((pass + 1))
    else
        echo "FAIL: $1"
        fail=$((fail + 1))
    fi
}

# wait_until TENTHS COMMAND...: run COMMAND every tenth of a second until it succeeds
# (status 0) or TENTHS tries have failed (status 1): a ready signal, never a fixed sleep.
wait_until() {
    local tries=$1
    shift
    for _ in $(seq "$tries"); do
        "$@" && return 0
        sleep 0.1
    done
    return 1
}

# under_xvfb SIZE SECONDS SCRIPT ARGS...: unless already there, run SCRIPT again with ARGS
# on an X server of its own (display/with-xvfb.sh, SIZE like 1280x720), given SECONDS in
# all. Call it as `under_xvfb 1280x720 150 "$0" "$@"` near the top of a script.
under_xvfb() {
    [ -n "${NURTURE_UNDER_XVFB:-}" ] && return 0
    local size=$1 secs=$2
    shift 2
    export NURTURE_UNDER_XVFB=1
    exec timeout "$secs" "$(dirname "${BASH_SOURCE[0]}")/display/with-xvfb.sh" "$size" "$@"
}

# scratch: a new temporary folder $tmp, and at exit the console started in the
# background ($pid, if set) killed and $tmp removed.
scratch() {
    tmp=$(mktemp -d)
    pid=
    trap '[ -n "$pid" ] && kill -9 $pid 2>/dev/null; rm -rf "$tmp"' EXIT
}

# die WHY: print WHY as a failure and end the script with status 1.
die() {
    echo "FAIL: $*"
    exit 1
}

# finish: the counts, and the script's status.
finish() {
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
}

# console_sandbox: scratch, with the state folder in it ($tmp/state,
# $NURTURE_STATE_DIR) and SDL's dummy drivers.
console_sandbox() {
    scratch
    export NURTURE_STATE_DIR=$tmp/state SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
}
