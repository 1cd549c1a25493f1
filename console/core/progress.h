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
 * `log_name` in the state folder, or NULL). Returns 0, or -1 with errno. */
int progress_save(const session *s, const char *plan_file, const char *log_name);

/* A saved class, as read for --resume. */
typedef struct progress_file {
    bool found;                       /* a saved class was read: the fields below are filled */
    char plan[PATH_MAX];              /* the plan file it was saved for */
    char log[128];                    /* its class log's file name in the state folder, or "" */
    int64_t saved_at;                 /* the wall clock (seconds since 1970) at the save, or 0 */
    session_saved saved;              /* `segments` is malloc'd: progress_file_release */
    char notice[PROGRESS_NOTICE_LEN]; /* for the screen: what was set aside, or "" */
} progress_file;

/* Read the saved class into `pf`: progress.json, else (missing or set aside) the one
 * before it. Returns 0 when a class was found; -1 when none was (`notice` then says
 * why when there was something to say). Never fails otherwise. */
int progress_load(progress_file *pf);
void progress_file_release(progress_file *pf);

/* Continue `s` from `pf` when it was saved for `plan_file` and fits the plan. Returns
 * 0, or -1 and changes nothing (a notice is put in `pf` when it was this plan's). */
int progress_restore(session *s, progress_file *pf, const char *plan_file, int64_t now_ms);

/* Parse the text of a progress file (`len` bytes) into `pf`. Returns 0, or -1 with
 * what is wrong in `why`. For the tests and the fuzzer; progress_load uses it. */
int progress_parse(const char *text, size_t len, progress_file *pf, char *why, size_t size);

#endif
