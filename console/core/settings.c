/* settings.c: see settings.h. */
#include "core/settings.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/schema.h"
#include "core/ydoc.h"

static arena kept; /* strings handed to cli_options */

static int apply_file(const char *path, cli_options *o, diag *d)
{
    size_t n;
    const cli_option *table = cli_table(&n);
    const char *keys[n + 1];
    size_t nkeys = 0;
    for (size_t i = 0; i < n; i++)
        if (table[i].key) keys[nkeys++] = table[i].key;
    keys[nkeys] = NULL;
    arena tree;
    arena_init(&tree);
    ynode *root;
    schema_ctx c = {.mem = &kept, .path = path, .d = d};
    if (ydoc_load_file(&tree, path, &root, d) != 0) {
        arena_release(&tree);
        return -1;
    }
    if (schema_keys(&c, root, "the settings", keys, NULL) == 0 || root->kind == YNODE_MAP) {
        for (size_t i = 0; i < n; i++) {
            const cli_option *opt = &table[i];
            const ynode *at = opt->key ? ydoc_get(root, opt->key) : NULL;
            if (!at) continue;
            int before = c.errors;
            if (opt->kind == CLI_FLAG) {
                bool on = schema_bool(&c, root, opt->key, false);
                if (c.errors == before) cli_set_flag(opt, on, o);
                continue;
            }
            /* A number's own message ("should be a whole number") before its range. */
            if (opt->kind == CLI_INT) schema_int(&c, root, opt->key, INT_MIN, INT_MAX, 0);
            if (c.errors != before) continue;
            const char *value = schema_text(&c, root, opt->key, false);
            char why[128];
            if (value && cli_set(opt, value, o, why, sizeof why))
                schema_error(&c, at, "'%s': %s", opt->key, why);
        }
        for (size_t i = 0; i < n && !c.errors; i++) {
            const cli_option *need = table[i].needs ? cli_find(table[i].needs) : NULL;
            const ynode *at = table[i].key ? ydoc_get(root, table[i].key) : NULL;
            if (at && need && need->key && !cli_is_set(need, o))
                schema_error(&c, at, "'%s' goes with '%s'", table[i].key, need->key);
        }
    }
    arena_release(&tree);
    return c.errors ? -1 : 0;
}

int settings_apply(cli_options *o, diag *d)
{
    const char *only = getenv("NURTURE_CONFIG");
    if (only && *only) return access(only, F_OK) == 0 ? apply_file(only, o, d) : 0;
    int rc = 0;
    if (access("/etc/nurture/nurture.conf", F_OK) == 0)
        rc |= apply_file("/etc/nurture/nurture.conf", o, d);
    char user[PATH_MAX];
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    int n = -1;
    if (xdg && *xdg)
        n = snprintf(user, sizeof user, "%s/nurture/nurture.conf", xdg);
    else if (home && *home)
        n = snprintf(user, sizeof user, "%s/.config/nurture/nurture.conf", home);
    if (n > 0 && (size_t)n < sizeof user && access(user, F_OK) == 0) rc |= apply_file(user, o, d);
    return rc;
}

int settings_options(int argc, char **argv, cli_options *o, diag *d, FILE *err)
{
    cli_init(o);
    int settings = settings_apply(o, d);
    if (cli_parse(argc, argv, o, err)) return -1;
    return settings ? 1 : 0;
}

void settings_release(void)
{
    arena_release(&kept);
}
