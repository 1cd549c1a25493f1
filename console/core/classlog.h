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
 *   music     a person changed the music: "what" is "volume" (with "volume", percent),
 *             "mute", "unmute" or "skip" (the next track), with "by"
 *   track     a music file started: "file", its name
 * Texts from outside the console's own files (file names, notices) are made valid UTF-8
 * (core/utf8.h) before they are written, so every line is readable JSON.
 *
 * Writing is for the main thread; reading (classlog_sum_*, classlog_summary) is pure
 * but for classlog_sum_own, which reads the class's own file. */
#ifndef NURTURE_CLASSLOG_H
#define NURTURE_CLASSLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/session.h"

#define CLASSLOG_KEEP     200
#define CLASSLOG_READ_MAX (64 * 1024 * 1024) /* the longest log that is summed up */

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

/* A person changed the music (`volume`: the new volume, for CLASSLOG_VOLUME), caused
 * by `by` ("keys", "phone 3fa9c1"). */
typedef enum classlog_music_kind {
    CLASSLOG_VOLUME,
    CLASSLOG_MUTE,
    CLASSLOG_UNMUTE,
    CLASSLOG_SKIP, /* on to the next track */
} classlog_music_kind;
void classlog_music(classlog *l, const session *s, classlog_music_kind what, int volume,
                    const char *by);

/* A music file started playing: its name, as it is (any bytes). */
void classlog_track(classlog *l, const session *s, const char *file);

/* Whether every line so far was written (false once one failed: a full or read-only
 * card); the error of the first that failed in errno_out. */
bool classlog_ok(const classlog *l, int *errno_out);

/* The newest log file of `state_dir`/logs into `path`. Returns 0, or -1 if none. */
int classlog_last(const char *state_dir, char *path, size_t size);

/* A log summed up: planned versus actual per segment, minutes added and removed and by
 * whom, pauses, overtime, the music, the notices. Read once, printed in any of the
 * forms:
 *   CLASSLOG_TEXT  for a person to read (`nurture --log`)
 *   CLASSLOG_CSV   a row per segment, for a spreadsheet (`--csv`)
 *   CLASSLOG_JSON  one object: "title", "plan", "started", "ended" ("finished", "quit"
 *                  or "cut-off"), "class_ms", "resumes", "segments" [{"segment" (from
 *                  0), "title", "planned_ms", "added_ms", "removed_ms", "took_ms" (null
 *                  when not reached), "over_ms", "pauses", "paused_ms", "reached",
 *                  "cut_off"}], "total" {"planned_ms", "added_ms", "removed_ms",
 *                  "took_ms", "over_ms", "over_segments"}, "pauses" {"count",
 *                  "total_ms"}, "minutes" [{"by", "added", "removed" (how many times),
 *                  "added_ms", "removed_ms"}], "music" {"tracks", "volume_changes",
 *                  "mutes", "skips"}, "notices" {"count", "first"}, "damaged_lines"
 * Lines that are not whole JSON (the last one, after a power cut) are skipped and
 * counted. Owned by whoever read it; any thread. */
typedef struct classlog_sum classlog_sum;
typedef enum classlog_format { CLASSLOG_TEXT, CLASSLOG_CSV, CLASSLOG_JSON } classlog_format;

/* The log `text` (`len` bytes) summed up; NULL when it is no class log (no "class"
 * line) or out of memory. */
classlog_sum *classlog_sum_read(const char *text, size_t len);

/* The class's own log as written so far, read back and summed up (when the class
 * finishes: the phones' summary); NULL when it cannot be read. Main thread. */
classlog_sum *classlog_sum_own(const classlog *l);

void classlog_sum_print(const classlog_sum *m, classlog_format format, FILE *out);
void classlog_sum_destroy(classlog_sum *m); /* NULL is fine */

/* Read and print in one: 0, or -1 when it is no class log. */
int classlog_summary(const char *text, size_t len, classlog_format format, FILE *out);

#endif
