/* settings.h: the console's settings files, so a kiosk needs no command line.
 *
 * Read in order, later files overriding earlier ones:
 *   /etc/nurture/nurture.conf                     the machine's settings
 *   $XDG_CONFIG_HOME/nurture/nurture.conf         a user's override (~/.config/...)
 * or only the file named by $NURTURE_CONFIG when it is set. A missing file is fine.
 *
 * The files are YAML, `key: value` lines. Their keys are those of the options table
 * (cli.h), which gives each key's kind, range and default, and `nurture --help` lists
 * them; the command line wins. For example:
 *   plan: baby-week-2        (--plan)          remote: false   (--no-remote)
 *   volume: 60               (--volume)        music: built-in (no --music)
 *   pin: "246810"            (--pin)           window: true    (--window)
 * (tools/hotspot writes the wifi_ssid and wifi_password keys into /etc/nurture/nurture.conf.)
 * An unknown key or a bad value is an error reported as FILE:LINE:COL: message. */
#ifndef NURTURE_SETTINGS_H
#define NURTURE_SETTINGS_H

#include "core/cli.h"
#include "core/diag.h"

/* Apply the settings files to `o`. Returns 0, or -1 with the problems in `d`. The
 * strings put into `o` stay valid until settings_release(). Main thread, at start. */
int settings_apply(cli_options *o, diag *d);

/* The options to run with: the table's defaults (cli_init), the settings files over them
 * (settings_apply), the command line over both (cli_parse). Returns 0; -1 for a bad
 * command line (its message printed to `err`); 1 when the command line is right but
 * the settings have problems (in `d`, for the caller to print or pass over). */
int settings_options(int argc, char **argv, cli_options *o, diag *d, FILE *err);

/* Free what settings_apply kept. */
void settings_release(void);

#endif
