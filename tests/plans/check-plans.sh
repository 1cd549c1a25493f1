#!/usr/bin/env bash
# check-plans.sh NURTURE [WRAPPER...]: the plan checker on good and broken plans.
#   Every tests/plans/good/*.yaml must pass `nurture --check --strict` (no warnings).
#   Every tests/plans/bad/*.yaml must fail, and the output must hold the line its first
#   line promises:  # expect: LINE:COL: words of the message
#   Every tests/plans/warn/*.yaml must pass `nurture --check` with exactly one warning,
#   the line its first line promises (# expect: LINE:COL: warning: words), and fail
#   `nurture --check --strict` with that same line.
#   Files that cannot be written as fixtures (empty, not UTF-8, 50 MB, binary, ...) are
#   made here, each with the message it must produce.
# With a WRAPPER (e.g. valgrind --error-exitcode=99 -q), every run goes through it and
# must not report a memory error.
set -uo pipefail
nurture=$1
shift
wrap=("$@")
here=$(cd "$(dirname "$0")" && pwd)
export NURTURE_DATA=$here/fixture
. "$here/../lib.sh"
scratch

# expect_fail FILE "LINE:COL: words": a line starting FILE:LINE:COL: holds the words.
expect_fail() {
    local file=$1 where="$1:${2%%: *}: " words="${2#*: }" out rc
    out=$("${wrap[@]}" "$nurture" --check "$file" 2>&1)
    rc=$?
    if [ $rc -ne 1 ]; then
        echo "FAIL $file: exit code $rc, expected 1"
        printf '%s\n' "$out" | head -5
        fail=$((fail + 1))
    elif ! grep -F -- "$where" <<<"$out" | grep -qF -- "$words"; then
        echo "FAIL $file: expected a line '$where...$words...'"
        printf '  got: %s\n' "$out" | head -5
        fail=$((fail + 1))
    else
        pass=$((pass + 1))
    fi
}

# expect_warning FILE "LINE:COL: warning: words" [--strict]: the exit code is 0 (1 with
# --strict), and the only warning is a line starting FILE:LINE:COL: that holds the words.
expect_warning() {
    local file=$1 where="$1:${2%%: *}: " words="${2#*: }" strict=${3:-} out rc want=0
    [ -n "$strict" ] && want=1
    out=$("${wrap[@]}" "$nurture" --check $strict "$file" 2>&1)
    rc=$?
    if [ $rc -ne $want ]; then
        echo "FAIL $file ${strict:-(not strict)}: exit code $rc, expected $want"
        printf '%s\n' "$out" | head -5
        fail=$((fail + 1))
    elif [ "$(grep -c ': warning: ' <<<"$out")" -ne 1 ] ||
        ! grep -F -- "$where" <<<"$out" | grep -qF -- "$words"; then
        echo "FAIL $file ${strict:-(not strict)}: expected one warning '$where...$words...'"
        printf '  got: %s\n' "$out" | head -5
        fail=$((fail + 1))
    else
        pass=$((pass + 1))
    fi
}

for f in "$here"/good/*.yaml; do
    if out=$("${wrap[@]}" "$nurture" --check --strict "$f" 2>&1); then
        pass=$((pass + 1))
    else
        echo "FAIL $f should be valid:"
        printf '%s\n' "$out" | head -5
        fail=$((fail + 1))
    fi
done

for f in "$here"/bad/*.yaml; do
    want=$(head -n1 "$f" | sed -n 's/^# expect: //p')
    if [ -z "$want" ]; then
        echo "FAIL $f: no '# expect:' line"
        fail=$((fail + 1))
        continue
    fi
    expect_fail "$f" "$want"
done

for f in "$here"/warn/*.yaml; do
    want=$(head -n1 "$f" | sed -n 's/^# expect: //p')
    case $want in
    *": warning: "*) ;;
    *)
        echo "FAIL $f: no '# expect: LINE:COL: warning: ...' line"
        fail=$((fail + 1))
        continue
        ;;
    esac
    expect_warning "$f" "$want"
    expect_warning "$f" "$want" --strict
done

# --strict belongs to --check.
if "$nurture" --strict >/dev/null 2>&1; then
    echo "FAIL --strict without --check was accepted"
    fail=$((fail + 1))
else
    pass=$((pass + 1))
fi

: >"$tmp/empty.yaml"
expect_fail "$tmp/empty.yaml" "1:1: the file is empty"
printf '\n# only a comment\n\n' >"$tmp/comments.yaml"
expect_fail "$tmp/comments.yaml" "1:1: the file is empty"
printf 'title: caf\xe9 au lait\n' >"$tmp/latin1.yaml"
expect_fail "$tmp/latin1.yaml" "1:11: the file is not UTF-8 text"
printf 'title: T\x00\x01\x02\n' >"$tmp/binary.yaml"
expect_fail "$tmp/binary.yaml" "1:9: the file holds control characters"
head -c 52428800 /dev/zero | tr '\0' 'a' >"$tmp/huge.yaml"
expect_fail "$tmp/huge.yaml" "1:1: the file is too large"
python3 -c "print('a: ' * 40 + '1')" >"$tmp/deep-maps.yaml"
expect_fail "$tmp/deep-maps.yaml" "1:5: put the whole text in quotes"
python3 -c "print('x: ' + '[' * 100 + ']' * 100)" >"$tmp/deep.yaml"
expect_fail "$tmp/deep.yaml" "1:35: the file is nested too deeply"
mkdir "$tmp/folder.yaml"
expect_fail "$tmp/folder.yaml" "0:0: this is not a regular file"
expect_fail "$tmp/missing.yaml" "0:0: cannot open the file"

finish
