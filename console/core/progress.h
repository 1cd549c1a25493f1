/* progress.h: the class's place, kept on disk so a yanked power cable loses nothing.
 *
 * The main loop saves the session's progress (session_save) with the plan's file after
 * every change and every few seconds; `nurture --resume` reads it back and continues
 * where the class was. Files are written atomically (a temporary file, fsync, rename),
 * so a power cut leaves either the old or the new progress, never half of one.
 *
 * The file is small JSON (cJSON) in the state folder: $NURTURE_STATE_DIR, else
 * $XDG_STATE_HOME/nurture, else ~/.local/state/nurture. Main thread only. */
#ifndef NURTURE_PROGRESS_H
#define NURTURE_PROGRESS_H

#include <stddef.h>

#include "core/session.h"

/* The state folder, created if missing; NULL when there is none to be had. */
const char *progress_state_dir(void);

/* Save the progress of `s` (playing the plan in `plan_file`). Returns 0 or -1. */
int progress_save(const session *s, const char *plan_file);

/* Read the saved plan file's path into `plan_file`. Returns 0, or -1 when there is no
 * saved class (or it is unreadable, or the class had finished). */
int progress_saved_plan(char *plan_file, size_t size);

/* Restore saved progress into `s` when it was saved for `plan_file` and fits the plan.
 * Returns 0, or -1 and changes nothing. */
int progress_restore(session *s, const char *plan_file, int64_t now_ms);

#endif
