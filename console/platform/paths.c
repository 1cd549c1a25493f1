/* paths.c: see paths.h. */
#include "platform/paths.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char data_dir[PATH_MAX];
static char scenes_dir[PATH_MAX + 8];

static int has_scenes(const char *dir)
{
    char p[PATH_MAX];
    struct stat st;
    int n = snprintf(p, sizeof p, "%s/scenes", dir);
    return n > 0 && (size_t)n < sizeof p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static void find_data_dir(void)
{
    const char *env = getenv("NURTURE_DATA");
    if (env && *env) {
        snprintf(data_dir, sizeof data_dir, "%s", env);
        return;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            char cand[PATH_MAX + 32];
            snprintf(cand, sizeof cand, "%s/../share/nurture", exe);
            if (has_scenes(cand) && realpath(cand, data_dir)) return;
        }
    }
#ifdef NURTURE_SOURCE_DATA
    if (has_scenes(NURTURE_SOURCE_DATA)) {
        snprintf(data_dir, sizeof data_dir, "%s", NURTURE_SOURCE_DATA);
        return;
    }
#endif
#ifdef NURTURE_INSTALL_DATA
    snprintf(data_dir, sizeof data_dir, "%s", NURTURE_INSTALL_DATA);
#else
    snprintf(data_dir, sizeof data_dir, "/usr/local/share/nurture");
#endif
}

const char *paths_data_dir(void)
{
    if (!data_dir[0]) {
        find_data_dir();
        snprintf(scenes_dir, sizeof scenes_dir, "%s/scenes", data_dir);
    }
    return data_dir;
}

const char *paths_scenes_dir(void)
{
    paths_data_dir();
    return scenes_dir;
}

int paths_plan_file(const char *name, char *out, size_t size)
{
    size_t len = strlen(name);
    int n;
    if (strchr(name, '/') || (len > 5 && !strcmp(name + len - 5, ".yaml")))
        n = snprintf(out, size, "%s", name);
    else
        n = snprintf(out, size, "%s/%s.yaml", paths_scenes_dir(), name);
    return n < 0 || (size_t)n >= size ? -1 : 0;
}

static int is_plan_file(const struct dirent *e)
{
    size_t n = strlen(e->d_name);
    return e->d_name[0] != '.' && n > 5 && !strcmp(e->d_name + n - 5, ".yaml");
}

int paths_list_plans(char ***names)
{
    struct dirent **ents;
    int n = scandir(paths_scenes_dir(), &ents, is_plan_file, alphasort);
    if (n < 0) return -1;
    char **out = calloc((size_t)n + 1, sizeof(*out));
    for (int i = 0; i < n; i++) {
        if (out) out[i] = strndup(ents[i]->d_name, strlen(ents[i]->d_name) - 5);
        free(ents[i]);
    }
    free(ents);
    if (!out) return -1;
    *names = out;
    return n;
}
