/* classlog.h: the class log, one JSON Lines file per class run, and its summary.
 *
 * Each class writes logs/class-YYYYMMDD-HHMMSS.jsonl in the state folder (progress.h),
 * one JSON object a line, each written whole with one write() and synced to the card
 * before the next (so a power cut loses at most the line being written). A class
 * continued with --resume appends to its own file. Only the newest CLASSLOG_KEEP files
 * are kept.
 *
 * Every line has "ev", "at" (the wall clock, UTC, ISO 8601) and "class_ms" (the class
 * clock); those a person caused have "by" ("keys", or "phone" and the first characters
 * of the paired phone's device id). The events:
 *   class     the class started: "plan" (file), "title", "segments" [{title, planned_ms}]
 *   resumed   continued after a stop: "segment", "step" (the place saved), "off_s" (the
 *             wall clock's gap since the last save, when known), "counted" (true: the
 *             time off was counted as class time, the lines after it run on from there)
 *   entered   a step was entered: "segment", "step", "title", "planned_ms" (the step's)
 *   left      a step was left: "segment", "step", "planned_ms", "step_ms" (its active
 *             time), "segment_ms" (the segment's active time so far), "segment_total_ms"
 *             (planned plus minutes added or removed)
 *   pause, unpause ("paused_ms": how long it was paused)
 *   time      minutes added or removed: "segment", "delta_ms", "segment_total_ms"
 *   two_minutes, time_up  the segment's warnings: "segment"
 *   finished  the class finished;  quit  the console was quit
 *   notice    "text": what the screen said had gone wrong
 *   sound     the sound device came or went, or the music said something (a file
 *             skipped, a folder with nothing to play): "device" (true/false), "text"
 *
 * Writing is for the main thread; reading (classlog_summary) is pure. */
#ifndef NURTURE_CLASSLOG_H
#define NURTURE_CLASSLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/session.h"

#define CLASSLOG_KEEP 200

typedef struct classlog classlog;

/* Open the log of the class of `s` in `state_dir`/logs: with `resume_name` (a file name
 * of that folder) append to it when it is there, else start a new file (removing the
 * oldest beyond CLASSLOG_KEEP). NULL with errno when none can be opened: the class
 * goes on without. */
classlog *classlog_open(const char *state_dir, const char *resume_name, const session *s);

/* Write "quit" (with `quit`) and close. NULL is fine. */
void classlog_close(classlog *l, const session *s, bool quit);

/* The log's file name (in state_dir/logs), for progress_save. */
const char *classlog_name(const classlog *l);

/* The first line: "class" for a new class, "resumed" for one continued (`off_s` < 0:
 * not known; `counted`: the time off was counted as class time). */
void classlog_begin(classlog *l, const session *s, bool resumed, int64_t off_s, bool counted);

/* One event of the session, caused by `by` (NULL: by itself, the clock). */
void classlog_event(classlog *l, const session *s, const session_event *ev, const char *by);

/* A notice the screen shows. */
void classlog_notice(classlog *l, const session *s, const char *text);

/* The sound device came (`device`) or went, or its notice changed; `text` says what
 * the screen says, or NULL. */
void classlog_sound(classlog *l, const session *s, bool device, const char *text);

/* Whether every line so far was written (false once one failed: a full or read-only
 * card); the error of the first that failed in errno_out. */
bool classlog_ok(const classlog *l, int *errno_out);

/* The newest log file of `state_dir`/logs into `path`. Returns 0, or -1 if none. */
int classlog_last(const char *state_dir, char *path, size_t size);

/* A summary of the log `text` (`len` bytes) for a person to read, or as CSV: planned
 * versus actual per segment, minutes added and removed and by whom, pauses, overtime.
 * Lines that are not whole JSON (the last one, after a power cut) are skipped and
 * counted. Returns 0, or -1 when it is no class log (no "class" line). */
int classlog_summary(const char *text, size_t len, bool csv, FILE *out);

#endif
