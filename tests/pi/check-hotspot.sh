#!/usr/bin/env bash
# check-hotspot.sh SOURCE PRINT_SETTINGS: tools/hotspot with stand-ins for nmcli,
# systemctl, rfkill, raspi-config and sudo (this machine's network is never touched).
# The connection file it writes for NetworkManager is made by the real nmcli, offline
# (`nmcli --offline connection add` prints it without a NetworkManager), and read back
# by it; the Wi-Fi name and password it writes are read back by the console's own
# settings code. Every program it starts is traced (strace): the password is in none of
# their command lines. Run as a normal user, it goes through sudo with every argument.
set -uo pipefail
src=$1 show=$2
. "$(dirname "$0")/../lib.sh"
scratch
real_nmcli=$(command -v nmcli || true)

mkdir -p "$tmp/bin"
cat >"$tmp/bin/nmcli" <<EOF
#!/usr/bin/env bash
# nmcli stand-in: logs the call, keeps the connection names in a file; --offline is the
# real nmcli's (it only prints a connection file).
echo "nmcli \$*" >>"$tmp/calls"
case "\$*" in
"--offline "*) exec "$real_nmcli" "\$@" ;;
"-t -f NAME connection show") cat "$tmp/connections" 2>/dev/null ;;
"connection delete "*) grep -vx "\$3" "$tmp/connections" >"$tmp/c.new" 2>/dev/null; mv "$tmp/c.new" "$tmp/connections"; rm -f "$tmp/nm/\$3.nmconnection" ;;
"connection load "*) sed -n 's/^id=//p' "\$3" >>"$tmp/connections" ;;
esac
exit 0
EOF
# sudo stand-in: keeps the command it was given (NUL-separated), for the test to run as root.
printf '#!/bin/sh\nprintf "%%s\\0" "$@" >"%s/sudo/argv"\n' "$tmp" >"$tmp/bin/sudo"
for tool in systemctl rfkill iw; do
    printf '#!/bin/sh\necho "%s $*" >>"%s/calls"\n' "$tool" "$tmp" >"$tmp/bin/$tool"
done
printf '#!/bin/sh\necho "raspi-config $*" >>"%s/calls"\n[ "$2" = get_wifi_country ] && echo GB\nexit 0\n' \
    "$tmp" >"$tmp/bin/raspi-config"
chmod +x "$tmp/bin"/*
export PATH=$tmp/bin:$PATH NURTURE_NM_DIR=$tmp/nm
keyfile=$tmp/nm/nurture-hotspot.nmconnection
[ -n "$real_nmcli" ] || die "nmcli is missing (tools/deps check installs network-manager)"
command -v strace >/dev/null || die "strace is missing (tools/deps check installs it)"
tracer=(strace -f -qq -s 4096 -e trace=execve -o "$tmp/trace")
conf=$tmp/etc/nurture.conf
mkdir -p "$tmp/etc"
printf '# the Pi'"'"'s settings\naudio: hdmi\nport: 8123\n' >"$conf"
hotspot() { "${tracer[@]}" "$src/tools/hotspot" --conf "$conf" "$@" >"$tmp/out" 2>&1; }
# The password on no command line: not in the trace of the programs started (the
# first one, tools/hotspot itself, aside: it is given --password when the test does).
nowhere_in_argv() {
    ! tail -n +2 "$tmp/trace" | grep -F -- "$1" && ! grep -F -- "$1" "$tmp/calls"
}
setting() { NURTURE_CONFIG=$conf "$show" | sed -n "s/^$1: //p"; }

# A new hotspot: a generated name and password.
hotspot --country gb
check "it succeeds ($(cat "$tmp/out"))" '[ $? -eq 0 ]'
ssid=$(setting wifi_ssid) password=$(setting wifi_password)
check "the console reads a generated name '$ssid'" '[[ "$ssid" =~ ^Nurture-[0-9]{4}$ ]]'
# Four made-up words of two syllables (14 consonants x 5 vowels) and four digits:
# 70^8 x 10^4 > 2^62 passwords.
syl='[bdfgklmnprstvz][aeiou]'
check "a password of 4 words a child can type and 4 digits: '$password'" \
    '[[ "$password" =~ ^($syl$syl-){4}[0-9]{4}$ ]]'
check "at least 60 bits: 70^8 x 10^4 >= 2^60" '[ $((70 ** 8 * 10 ** 4)) -ge $((1 << 60)) ]'
check "the password is on no command line" 'nowhere_in_argv "$password"'
check "the settings file is 0640" '[ "$(stat -c %a "$conf")" = 640 ]'
check "NetworkManager's connection file is 0600" '[ "$(stat -c %a "$keyfile")" = 600 ]'
check "NetworkManager is told to load it" 'grep -qxF "nmcli connection load $keyfile" "$tmp/calls"'
check "no temporary file is left" '[ "$(ls -A "$tmp/nm")" = nurture-hotspot.nmconnection ] && [ "$(ls -A "$tmp/etc")" = nurture.conf ]'
check "the other settings are kept" 'grep -qx "audio: hdmi" "$conf" && grep -qx "port: 8123" "$conf" && grep -q "^# the Pi" "$conf"'
check "the page's address is printed" 'grep -q "http://10.42.0.1:8123/" "$tmp/out"'
check "the country is set" 'grep -qx "raspi-config nonint do_wifi_country GB" "$tmp/calls"'
check "the Wi-Fi radio is unblocked" 'grep -qx "rfkill unblock wifi" "$tmp/calls"'
check "the connection is brought up" 'grep -qx "nmcli connection up nurture-hotspot" "$tmp/calls"'
check "the console is restarted to show it" 'grep -qx "systemctl try-restart nurture.service" "$tmp/calls"'
for line in mode=ap band=bg key-mgmt=wpa-psk "proto=rsn;" "pairwise=ccmp;" pmf=2 method=shared \
    address1=10.42.0.1/24 "ssid=$ssid" "psk=$password" id=nurture-hotspot interface-name=wlan0; do
    check "NetworkManager's connection file has $line" 'grep -qxF "$line" "$keyfile"'
done
# NetworkManager reads the file back as written (offline: it prints it again).
"$real_nmcli" --offline connection modify connection.autoconnect yes <"$keyfile" >"$tmp/reread" 2>&1
check "nmcli reads the connection file back with the password ($(head -n 3 "$tmp/reread"))" \
    'grep -qxF "psk=$password" "$tmp/reread"'

others=()
for i in 1 2 3 4 5; do
    hotspot --dry-run --conf "$tmp/none-$i.conf"
    others+=("$(sed -n 's/^  Password: //p' "$tmp/out")")
done
check "each new hotspot has another password (${others[*]})" \
    '[ "$(printf "%s\n" "$password" "${others[@]}" | sort -u | wc -l)" = 6 ]'

# Again: the same name and password (posters and printed QR codes stay right).
: >"$tmp/calls"
hotspot
check "a second run keeps the name and password" '[ "$(setting wifi_ssid)" = "$ssid" ] && [ "$(setting wifi_password)" = "$password" ]'
check "it replaces the connection" 'grep -qx "nmcli connection delete nurture-hotspot" "$tmp/calls"'
check "one set of wifi keys in the file" '[ "$(grep -c "^wifi_ssid:" "$conf")" = 1 ]'

# Names and passwords with quotes, backslashes and spaces reach the console unchanged.
name='Room "4" \ back' word='p@ss "word" \1'
hotspot --ssid "$name" --password "$word"
check "a given name and password ($(cat "$tmp/out"))" '[ "$(setting wifi_ssid)" = "$name" ] && [ "$(setting wifi_password)" = "$word" ]'
check "the given password is on no command line but tools/hotspot's" 'nowhere_in_argv "$word"'
# The password line as nmcli itself writes this password (a backslash as two, ...).
want=$("$real_nmcli" --offline connection modify wifi-sec.psk "$word" <"$keyfile" | grep '^psk=')
check "NetworkManager gets the name and password as given ($want)" \
    'grep -qxF "ssid=${name//\\/\\\\}" "$keyfile" && grep -qxF -- "$want" "$keyfile"'
spaced='  two leading spaces'
hotspot --password "$spaced"
want=$("$real_nmcli" --offline connection modify wifi-sec.psk "$spaced" <"$keyfile" | grep '^psk=')
check "a password starting with spaces is written as nmcli writes it ($want)" \
    '[ -n "$want" ] && grep -qxF -- "$want" "$keyfile" && [ "$(setting wifi_password)" = "$spaced" ]'
hotspot --password "$word"

# Off: no Wi-Fi keys for the console; on again: the same Wi-Fi as before.
: >"$tmp/calls"
hotspot off
check "off succeeds" '[ $? -eq 0 ]'
check "off deletes the connection" 'grep -qx "nmcli connection delete nurture-hotspot" "$tmp/calls"'
check "off leaves the console no Wi-Fi to show" '[ "$(setting wifi_ssid)" = "(none)" ]'
hotspot
check "on again brings back the same Wi-Fi" '[ "$(setting wifi_ssid)" = "$name" ] && [ "$(setting wifi_password)" = "$word" ]'
check "and no notes are left over" '! grep -q "^# off:" "$conf"'

# `tools/hotspot off` as a normal user (who cannot write the settings): it asks sudo to
# run it again with every argument, and that run, as root, turns the hotspot off. A
# copy of the script, so that the user can read it wherever this clone is.
mkdir -p "$tmp/user/tools" "$tmp/sudo"
cp "$src/tools/hotspot" "$tmp/user/tools/hotspot"
chmod -R a+rX "$tmp" && chmod 777 "$tmp/sudo" && chmod 755 "$tmp/etc"
as_user=()
if [ "$(id -u)" -eq 0 ]; then
    as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups --)
else
    chmod 555 "$tmp/etc"
fi
: >"$tmp/calls"
"${as_user[@]}" env PATH="$PATH" NURTURE_NM_DIR="$tmp/nm" "$tmp/user/tools/hotspot" \
    --conf "$conf" off >"$tmp/out" 2>&1
check "as a normal user it runs sudo ($(cat "$tmp/out"))" '[ -s "$tmp/sudo/argv" ]'
mapfile -d '' -t again <"$tmp/sudo/argv"
check "sudo is given every argument (${again[*]})" \
    '[ "${again[*]}" = "$(realpath "$tmp/user/tools/hotspot") --conf $conf off" ]'
chmod 755 "$tmp/etc"
[ ${#again[@]} -eq 0 ] || "${again[@]}" >"$tmp/out" 2>&1
check "and that run turns the hotspot off ($(cat "$tmp/out"))" \
    'grep -qx "nmcli connection delete nurture-hotspot" "$tmp/calls" && [ "$(setting wifi_ssid)" = "(none)" ] && [ ! -e "$keyfile" ]'
hotspot
check "on again as root" '[ "$(setting wifi_ssid)" = "$name" ] && [ -e "$keyfile" ]'

# --dry-run prints and changes nothing; mistakes are refused.
cp "$conf" "$tmp/before"
: >"$tmp/calls"
hotspot --dry-run --ssid Other
check "--dry-run prints the nmcli commands" 'grep -q "^+ nmcli --offline connection add type wifi .*ssid Other" "$tmp/out"'
check "--dry-run shows no password in the nmcli commands" '! grep "^+ nmcli" "$tmp/out" | grep -qF -- "$word"'
check "--dry-run runs nothing" '[ ! -s "$tmp/calls" ] && cmp -s "$conf" "$tmp/before"'
hotspot --password short
check "a short password is refused" '[ $? -ne 0 ] && grep -q "8 to 63" "$tmp/out" && cmp -s "$conf" "$tmp/before"'
hotspot --ssid 123456789012345678901234567890123
check "a long name is refused" '[ $? -ne 0 ] && cmp -s "$conf" "$tmp/before"'
hotspot --country England
check "a bad country is refused" '[ $? -ne 0 ] && grep -q "two letters" "$tmp/out"'
"$src/tools/hotspot" --conf "$conf" show >"$tmp/out" 2>&1
check "show prints the Wi-Fi ($(cat "$tmp/out"))" 'grep -qF "Wi-Fi:    $name" "$tmp/out"'

finish
