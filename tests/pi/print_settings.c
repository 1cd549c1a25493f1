/* print_settings.c: the options nurture would run with, settings files and command
 * line together, one `key: value` a line (for tests/pi's scripts). Exit 1 when the
 * settings have problems (printed as FILE:LINE:COL: message), 2 for a bad command
 * line, as nurture does. */
#include <stdio.h>

#include "core/cli.h"
#include "core/settings.h"

static const char *or_none(const char *s)
{
    return s ? s : "(none)";
}

int main(int argc, char **argv)
{
    cli_options o;
    diag d;
    diag_init(&d);
    int rc = settings_options(argc, argv, &o, &d, stderr);
    diag_print(&d, stderr); /* with a bad command line too */
    diag_release(&d);
    if (rc) return rc < 0 ? 2 : 1;
    printf("plan: %s\nport: %d\nvolume: %d\n", o.plan, o.port, o.volume);
    printf("audio: %s\naudio_card: %s\n", or_none(o.audio), or_none(o.audio_card));
    printf("wifi_ssid: %s\nwifi_password: %s\n", or_none(o.wifi_ssid), or_none(o.wifi_password));
    settings_release();
    return 0;
}
