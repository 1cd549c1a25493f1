#!/usr/bin/env bash
# check-install.sh SOURCE BUILD: tools/install-pi into a staging folder (DESTDIR), the
# kiosk unit verified by systemd and its sandbox scored by `systemd-analyze security`
# (the score the README gives), the re-run through sudo with every argument, and the
# installed program started from the staging
# folder with the unit's command line and environment (the screen switched from kmsdrm
# to SDL's offscreen driver, the GLES2 renderer kept), as systemd would run it:
# READY, STATUS naming a class found in the staged scenes, watchdog kicks, the phones'
# page once the remote serves one (media/remote/index.html), a clean stop on SIGTERM.
set -uo pipefail
src=$1 build=$2
. "$(dirname "$0")/../lib.sh"
scratch
root=$tmp/root
prefix=/usr/local

# 1. Install into the staging folder; the steps that change the system are printed.
"$src/tools/install-pi" --root "$root" --build-dir "$build" >"$tmp/install.log" 2>&1
rc=$?
check "tools/install-pi --root succeeds (exit $rc; $(tail -n 3 "$tmp/install.log"))" '[ $rc -eq 0 ]'
check "the program is in $prefix/bin" '[ -x "$root$prefix/bin/nurture" ]'
check "the scenes are in $prefix/share/nurture" \
    '[ -f "$root$prefix/share/nurture/scenes/baby-week-1.yaml" ] && [ -d "$root$prefix/share/nurture/scenes/strokes" ]'
if [ -d "$src/media" ]; then
    check "the media are in $prefix/share/nurture" '[ -d "$root$prefix/share/nurture/media" ]'
fi
check "the settings file is installed" '[ -f "$root/etc/nurture/nurture.conf" ]'
check "the settings file is 0640" '[ "$(stat -c %a "$root/etc/nurture/nurture.conf")" = 640 ]'
check "the settings file's group is nurture (printed here)" 'grep -q "^+ chown root:nurture $root/etc/nurture/nurture.conf" "$tmp/install.log"'
unit=$root/etc/systemd/system/nurture.service
check "the unit is installed" '[ -f "$unit" ]'
for step in "useradd --system" "systemctl enable nurture.service" "systemctl restart nurture.service" \
    "chown root:nurture" \
    "apt-get install"; do
    check "the step '$step' is only printed" 'grep -q "^+ .*$step" "$tmp/install.log"'
done
check "no user was created here" '! grep -q "^nurture:" "$root/etc/passwd" 2>/dev/null'

# Running it again keeps the settings someone edited.
echo "# edited" >>"$root/etc/nurture/nurture.conf"
"$src/tools/install-pi" --root "$root" --build-dir "$build" >"$tmp/install2.log" 2>&1
check "a second run works and keeps the settings" '[ $? -eq 0 ] && grep -q "^# edited" "$root/etc/nurture/nurture.conf"'
"$src/tools/install-pi" --dry-run --root "$tmp/dry" --build-dir "$build" >"$tmp/dry.log" 2>&1
check "--dry-run changes nothing" '[ $? -eq 0 ] && [ ! -e "$tmp/dry" ]'

# As a normal user it asks sudo to run it again, with every argument (a sudo stand-in
# keeps the command it is given). A copy of the script, readable by that user.
mkdir -p "$tmp/user/tools" "$tmp/user/bin" "$tmp/sudo"
cp "$src/tools/install-pi" "$tmp/user/tools/install-pi"
printf '#!/bin/sh\nprintf "%%s\\0" "$@" >"%s/sudo/argv"\n' "$tmp" >"$tmp/user/bin/sudo"
chmod -R a+rX "$tmp" && chmod 755 "$tmp/user/bin/sudo" && chmod 777 "$tmp/sudo"
as_user=()
[ "$(id -u)" -ne 0 ] || as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups --)
given=(--prefix "/opt/nurture test" --no-start --build-dir "$build")
"${as_user[@]}" env PATH="$tmp/user/bin:$PATH" "$tmp/user/tools/install-pi" "${given[@]}" \
    >"$tmp/user.log" 2>&1
again=()
[ ! -s "$tmp/sudo/argv" ] || mapfile -d '' -t again <"$tmp/sudo/argv"
check "as a normal user, sudo runs it again with every argument (${again[*]}; $(cat "$tmp/user.log"))" \
    '[ ${#again[@]} -eq $((${#given[@]} + 1)) ] && [ "${again[0]}" = "$(realpath "$tmp/user/tools/install-pi")" ] &&
     [ "${again[*]:1}" = "${given[*]}" ]'

# 2. The unit: what the kiosk relies on, and systemd's own verdict.
for line in Type=notify NotifyAccess=main WatchdogSec=30 Restart=always User=nurture \
    "ExecStart=$prefix/bin/nurture --resume" StateDirectory=nurture \
    "Environment=SDL_VIDEODRIVER=kmsdrm SDL_RENDER_DRIVER=opengles2" \
    Conflicts=getty@tty1.service WantedBy=multi-user.target; do
    check "the unit has $line" 'grep -qxF "$line" "$unit"'
done
command -v systemd-analyze >/dev/null || die "systemd-analyze is missing (tools/deps check installs systemd)"
# verify needs ExecStart's program to exist: point it into the staging folder.
sed "s#^ExecStart=$prefix/bin/nurture#ExecStart=$root$prefix/bin/nurture#" "$unit" \
    >"$tmp/nurture.service"
out=$(systemd-analyze verify "$tmp/nurture.service" 2>&1)
rc=$?
check "systemd-analyze verify passes, silently (exit $rc: $out)" '[ $rc -eq 0 ] && [ -z "$out" ]'
# The sandbox: "OK" or better is an exposure below 5.0 (systemd's scale, 0 to 10).
score=$(systemd-analyze security --offline=yes "$tmp/nurture.service" 2>&1 |
    sed -n 's/.*Overall exposure level for nurture.service: \([0-9.]*\) \([A-Z]*\).*/\1 \2/p')
check "systemd-analyze security scores it OK or better ($score)" \
    '[[ "$score" =~ ^[0-4]\.[0-9]\ (OK|SAFE|PERFECT)$ ]]'
check "the README gives that score ($score)" 'grep -qF "exposure level ${score% *} ${score#* }" "$src/README.md"'

# 3. The installed program as the service runs it. A class only the staging folder
# has proves the program found its scenes there, not in this source tree.
scenes=$root$prefix/share/nurture/scenes
sed 's/^title: .*/title: "Staged install check"/' "$scenes/baby-week-1.yaml" >"$scenes/staged-check.yaml"
out=$(env -u NURTURE_DATA "$root$prefix/bin/nurture" --list 2>&1)
check "the installed program lists the staged scenes ($out)" 'grep -q "^staged-check .*Staged install check" <<<"$out"'
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'plan: staged-check\nport: %s\nmute: true\n' "$port" >>"$root/etc/nurture/nurture.conf"
page=()
if [ -f "$src/media/remote/index.html" ]; then
    page=(--url "http://127.0.0.1:$port/" --expect-file "$src/media/remote/index.html")
else
    echo "(media/remote/index.html does not exist yet: the page is not fetched)"
fi
mkdir -p "$tmp/state" "$tmp/home"
HOME=$tmp/home python3 "$src/tests/pi/run-as-service.py" "$unit" --root "$root" \
    --env SDL_VIDEODRIVER=offscreen --env NURTURE_STATE_DIR="$tmp/state" \
    --env NURTURE_CONFIG="$root/etc/nurture/nurture.conf" --env HOME="$tmp/home" \
    --watchdog-sec 2 --expect-status "Staged install check: 1/" --timeout 120 "${page[@]}" \
    >"$tmp/run.log" 2>&1
rc=$?
sed 's/^/    /' "$tmp/run.log"
check "the staged program runs as the service would (exit $rc)" '[ $rc -eq 0 ]'
check "it saved the class's place for --resume" '[ -n "$(ls -A "$tmp/state" 2>/dev/null)" ]'

finish
