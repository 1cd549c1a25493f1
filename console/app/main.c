/* main.c: nurture, the classroom console. Reads the command line, loads the stroke
 * library and the plan, and runs the class. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "core/classlog.h"
#include "core/cli.h"
#include "core/diag.h"
#include "core/library.h"
#include "core/lint.h"
#include "platform/clock.h"
#include "platform/fsutil.h"
#include "platform/paths.h"
#include "screen/display.h"
#include "core/plan.h"
#include "core/progress.h"
#include "core/session.h"
#include "core/settings.h"
#include "app/textview.h"
#include "screen/art.h"

static volatile sig_atomic_t quit_requested;

static void on_signal(int sig)
{
    (void)sig;
    quit_requested = 1;
}

/* The stroke library with its rig, and every art file the rig names: checked here, or,
 * given `job` and a library that loaded, started on a thread of its own
 * (art_check_start; then `job->rg` is set, and the caller joins it). */
static int load_library(library *lib, diag *d, art_check_job *job)
{
    int rc = library_load(lib, paths_scenes_dir(), d);
    if (!lib->rig) return rc;
    if (job && rc == 0)
        art_check_start(job, lib->rig);
    else if (art_check(lib->rig, d) != 0)
        rc = -1;
    return rc;
}

/* Is `path` a file of the library in `folder` ("strokes" or "cards")? */
static int in_folder(const char *path, const char *folder)
{
    char real[PATH_MAX];
    if (!realpath(path, real)) return 0;
    char *slash = strrchr(real, '/');
    if (!slash) return 0;
    *slash = '\0';
    slash = strrchr(real, '/');
    return slash && !strcmp(slash + 1, folder);
}

/* Is `path` inside the data folder's own library (already checked by loading it)? */
static int in_own_library(const char *path)
{
    char real[PATH_MAX], own[PATH_MAX];
    if (!realpath(path, real)) return 0;
    if (!realpath(paths_scenes_dir(), own)) return 0;
    size_t n = strlen(own);
    return !strncmp(real, own, n) && real[n] == '/' && strchr(real + n + 1, '/');
}

static app_exit run_check(const cli_options *o)
{
    diag d;
    diag_init(&d);
    library lib;
    int bad = load_library(&lib, &d, NULL) != 0;
    int checked = 0;
    for (int i = 0; i < o->nfiles; i++) {
        const char *f = o->files[i];
        int cards = in_folder(f, "cards");
        if (cards || in_folder(f, "strokes")) {
            if (!in_own_library(f)) bad |= library_check_file(&lib, f, cards, &d) != 0;
        } else {
            plan *p = plan_load(f, &lib, &d);
            bad |= p == NULL;
            plan_lint(p, &d); /* advice on a plan that loads: warnings */
            /* and how its texts fit the smallest screen it may meet, a 4:3 projector */
            char err[256];
            if (p && display_lint(p, 1024, 768, &d, err, sizeof err) < 0)
                fprintf(stderr, "nurture: cannot check how the texts fit the screen: %s\n", err);
            plan_destroy(p);
        }
        checked++;
    }
    diag_print(&d, stderr);
    size_t warnings = d.warnings;
    if (!bad && !warnings)
        printf("%d file%s checked: all fine.\n", checked, checked == 1 ? "" : "s");
    else if (!bad)
        printf("%d file%s checked: no errors, %zu warning%s%s.\n", checked, checked == 1 ? "" : "s",
               warnings, warnings == 1 ? "" : "s", o->strict ? " (--strict: not accepted)" : "");
    diag_release(&d);
    library_release(&lib);
    return bad || (o->strict && warnings) ? EXIT_INVALID : EXIT_OK;
}

/* --log [FILE|last]: the summary of a class's log. */
static app_exit run_log(const cli_options *o)
{
    char path[PATH_MAX];
    const char *want = o->nfiles ? o->files[0] : "last";
    if (strcmp(want, "last")) {
        snprintf(path, sizeof path, "%s", want);
    } else if (classlog_last(progress_state_dir(), path, sizeof path) != 0) {
        fprintf(stderr, "nurture: no class log in %s/logs\n",
                progress_state_dir() ? progress_state_dir() : "(no state folder)");
        return EXIT_INVALID;
    }
    size_t len;
    char *text = fsutil_read_file(path, CLASSLOG_READ_MAX, &len);
    if (!text) {
        fprintf(stderr, "nurture: cannot read %s: %s\n", path, strerror(errno));
        return EXIT_INVALID;
    }
    int rc = classlog_summary(text, len, o->csv ? CLASSLOG_CSV : CLASSLOG_TEXT, stdout);
    free(text);
    if (rc != 0) fprintf(stderr, "nurture: %s is not a class log\n", path);
    return rc ? EXIT_INVALID : EXIT_OK;
}

static app_exit run_list(const library *lib)
{
    char **names;
    int n = paths_list_plans(&names);
    if (n < 0) {
        fprintf(stderr, "nurture: cannot read %s\n", paths_scenes_dir());
        return EXIT_INVALID;
    }
    app_exit status = EXIT_OK;
    for (int i = 0; i < n; i++) {
        char file[PATH_MAX];
        diag d;
        diag_init(&d);
        plan *p = paths_plan_file(names[i], file, sizeof file) ? NULL : plan_load(file, lib, &d);
        if (p) {
            char len[32];
            plan_format_clock(p->length_ms, len, sizeof len);
            printf("%-16s %-5s %6s  %s\n", names[i], p->audience == AUDIENCE_PEER ? "peer" : "baby",
                   len, p->title);
        } else {
            printf("%-16s (has problems: nurture --check %s)\n", names[i], file);
            status = EXIT_INVALID;
        }
        plan_destroy(p);
        diag_release(&d);
        free(names[i]);
    }
    free(names);
    return status;
}

/* `check`: the art check still running (main), or NULL. Wherever the class cannot start,
 * a broken art file is said first, as when the check ran before anything else. */
static app_exit run_class(const cli_options *o, const library *lib, art_check_job *check)
{
    char file[PATH_MAX];
    /* --resume continues the saved class, unless another plan is asked for; whatever
     * cannot be used of what was saved is set aside and said (progress.h). */
    progress_file pf = {0};
    if (o->resume && progress_load(&pf) == 0 && pf.saved.finished) {
        snprintf(pf.notice, sizeof pf.notice, "The saved class had finished: it starts afresh");
        pf.found = false;
    }
    int resumed = o->resume && !o->plan_given && pf.found;
    if (resumed) snprintf(file, sizeof file, "%s", pf.plan);
    if (!resumed && paths_plan_file(o->plan, file, sizeof file)) {
        if (app_art_joined(&check, &pf) != 0) {
            progress_file_release(&pf);
            return EXIT_INVALID;
        }
        fprintf(stderr, "nurture: the plan name '%s' is too long\n", o->plan);
        progress_file_release(&pf);
        return EXIT_USAGE;
    }
    diag d;
    diag_init(&d);
    plan *p = plan_load(file, lib, &d);
    if (!p && app_art_joined(&check, &pf) != 0) {
        diag_release(&d);
        progress_file_release(&pf);
        return EXIT_INVALID;
    }
    if (!p && resumed && !paths_plan_file(o->plan, file, sizeof file)) {
        /* the saved class's plan is gone or broken: the asked-for plan, and say so */
        diag_print(&d, stderr);
        diag_release(&d);
        diag_init(&d);
        snprintf(pf.notice, sizeof pf.notice, "The saved class's plan cannot be read: %s starts",
                 o->plan);
        p = plan_load(file, lib, &d);
    }
    if (!p) {
        diag_print(&d, stderr);
        diag_release(&d);
        progress_file_release(&pf);
        fprintf(stderr, "nurture: the plan '%s' cannot be used (see nurture --list)\n", o->plan);
        return EXIT_INVALID;
    }
    diag_release(&d);
    if (o->render) {
        app_exit rc = app_render(o, p);
        plan_destroy(p);
        return rc;
    }
    if (!o->text) {
        app_exit rc = app_run(o, p, o->resume ? &pf : NULL, check);
        progress_file_release(&pf);
        plan_destroy(p);
        return rc;
    }
    /* the text view does not continue a class, but what was set aside is said */
    if (pf.notice[0]) fprintf(stderr, "nurture: %s\n", pf.notice);
    progress_file_release(&pf);
    int64_t now = clock_now_ms();
    session *s = session_create(p, now);
    if (!s) {
        plan_destroy(p);
        return EXIT_INVALID;
    }
    app_exit status = app_go_to_start(s, o, now) == 0 ? EXIT_OK : EXIT_USAGE;
    if (status == EXIT_OK) {
        signal(SIGINT, on_signal);
        signal(SIGTERM, on_signal);
        textview_run(s, &quit_requested);
    }
    session_destroy(s);
    plan_destroy(p);
    return status;
}

int main(int argc, char **argv)
{
    cli_options o;
    diag sd;
    diag_init(&sd);
    int rc = settings_options(argc, argv, &o, &sd, stderr);
    if (rc < 0) return EXIT_USAGE;
    /* Broken settings stop the console, except for help and checks. */
    if (rc > 0 && !o.help && !o.version && !o.check && !o.log) {
        diag_print(&sd, stderr);
        fprintf(stderr, "nurture: the settings have problems (see above)\n");
        diag_release(&sd);
        return EXIT_INVALID;
    }
    diag_release(&sd);
    if (o.help) {
        cli_usage(stdout);
        return EXIT_OK;
    }
    if (o.version) {
        printf("nurture %s\n", NURTURE_VERSION);
        return EXIT_OK;
    }
    if (o.check) return run_check(&o);
    if (o.log) return run_log(&o);
    /* The sound's way out (--audio): ALSA's default device, which the music opens, is
     * the default of this card. */
    if (o.audio_card) setenv("ALSA_CARD", o.audio_card, 1);

    diag d;
    diag_init(&d);
    library lib;
    /* A class in a window checks its art on a thread of its own while the window opens
     * (app_run joins it); the other modes, which open none, check it here. */
    bool window = !o.list && !o.text && !o.render;
    art_check_job job = {0};
    int bad = load_library(&lib, &d, window ? &job : NULL) != 0;
    art_check_job *check = job.rg ? &job : NULL;
    if (bad) {
        app_library_problems(&d);
        diag_release(&d);
        library_release(&lib);
        return EXIT_INVALID;
    }
    diag_release(&d);
    app_exit status = o.list ? run_list(&lib) : run_class(&o, &lib, check);
    if (check) { /* joined by now; a join again only makes sure before the rig goes */
        art_check_join(check, &d);
        diag_release(&d);
    }
    library_release(&lib);
    settings_release();
    return status;
}
