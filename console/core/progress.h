/* progress.h: the class's place, kept on disk so a yanked power cable loses nothing.
 *
 * The main loop saves the session's progress (session_save) with the plan's file after
 * every change and every few seconds; `nurture --resume` reads it back and continues
 * where the class was. Files are written atomically (a temporary file, fsync, rename),
 * so a power cut leaves either the old or the new progress, never half of one; and the
 * file each save replaces is kept beside it (progress.prev.json), so a newest file
 * found damaged all the same (a card that lies about fsync, a torn sector) falls back
 * one save.
 *
 * Reading never crashes and never resets in silence: a progress file that cannot be
 * used (empty, cut short, torn, not JSON, from a future version, a folder, out of
 * range) is set aside as progress.json.bad-YYYYMMDD-HHMMSS for inspection, the one
 * before it is tried, and a notice for the screen says what happened.
 *
 * Each save records the wall clock's time and whether the wall clock could be trusted
 * then (kept right by NTP: clock.h). On --resume, progress_judge_stop weighs the stop:
 * trusted at the save and now, and between 0 and 2 hours long, it counts as class time
 * (the session is restored as of the moment it stopped and run on to now); otherwise
 * the clocks go on from where they were saved, and the notice says why.
 *
 * The file is small JSON (cJSON) in the state folder: $NURTURE_STATE_DIR, else
 * $XDG_STATE_HOME/nurture, else ~/.local/state/nurture. Main thread only. */
#ifndef NURTURE_PROGRESS_H
#define NURTURE_PROGRESS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/session.h"

#define PROGRESS_NOTICE_LEN 200

/* The state folder, created if missing; NULL when there is none to be had. */
const char *progress_state_dir(void);

/* Save the progress of `s` (playing the plan in `plan_file`, its class log named
 * `log_name` in the state folder, or NULL), with the wall clock's time and whether it
 * is `wall_trusted` now. Returns 0, or -1 with errno. */
int progress_save(const session *s, const char *plan_file, const char *log_name, bool wall_trusted);

/* A saved class, as read for --resume. */
typedef struct progress_file {
    bool found;                       /* a saved class was read: the fields below are filled */
    char plan[PATH_MAX];              /* the plan file it was saved for */
    char log[128];                    /* its class log's file name in the state folder, or "" */
    int64_t saved_at;                 /* the wall clock (seconds since 1970) at the save, or 0 */
    bool wall_trusted;                /* it was trusted then (false in files without it) */
    session_saved saved;              /* `segments` is malloc'd: progress_file_release */
    char notice[PROGRESS_NOTICE_LEN]; /* for the screen: what was set aside, or "" */
    bool set_aside;                   /* a saved file was unusable: `notice` says which */
} progress_file;

/* Read the saved class into `pf`: progress.json, else (missing or set aside) the one
 * before it. Returns 0 when a class was found; -1 when none was (`notice` then says
 * why when there was something to say). Never fails otherwise. */
int progress_load(progress_file *pf);
void progress_file_release(progress_file *pf);

/* Continue `s` from `pf` when it was saved for `plan_file` and fits the plan, with
 * `now_ms` as the moment it was saved (session_restore). Returns 0, or -1 and changes
 * nothing (a notice is put in `pf` when it was this plan's). */
int progress_restore(session *s, progress_file *pf, const char *plan_file, int64_t now_ms);

/* A stop (the console off, from the last save to now) and what --resume makes of it. */
#define PROGRESS_COUNT_MAX_S (2 * 3600) /* the longest stop counted as class time */

typedef enum progress_stop_why {
    PROGRESS_STOP_COUNTED,   /* trusted at the save and now, 0 to 2 hours: class time */
    PROGRESS_STOP_UNKNOWN,   /* the save has no wall time */
    PROGRESS_STOP_UNTRUSTED, /* the wall clock was not synchronised at the save or now */
    PROGRESS_STOP_BACKWARDS, /* the wall clock is before the save: it was set back */
    PROGRESS_STOP_TOO_LONG,  /* over 2 hours: another class, or a clock set forward */
} progress_stop_why;

typedef struct progress_stop {
    progress_stop_why why;
    int64_t off_s; /* the wall clock's gap since the save (may be wrong), -1 unknown */
} progress_stop;

/* Weigh the stop since the save of `pf` at the wall clock's `wall_now_s`, which is
 * `trusted_now` or not. Pure. */
progress_stop progress_judge_stop(const progress_file *pf, int64_t wall_now_s, bool trusted_now);

/* The screen's one line for it, short enough for a 1024x768 screen ("Continued after
 * 3 min off: counted as class time"). */
void progress_stop_notice(const progress_stop *st, char *buf, size_t size);

/* Parse the text of a progress file (`len` bytes) into `pf`. Returns 0, or -1 with
 * what is wrong in `why`. For the tests and the fuzzer; progress_load uses it. */
int progress_parse(const char *text, size_t len, progress_file *pf, char *why, size_t size);

#endif
