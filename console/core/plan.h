/* plan.h: a class plan, loaded from a YAML file in scenes/ and checked.
 *
 * A plan is an ordered list of segments (welcome, talk, permission ritual, massage,
 * rest, ...). Each segment is shown as one or more steps: a massage segment has a step
 * per stroke, a permission segment a step per part of the ritual, others the steps
 * they list or a single one. Every class has exactly two massage segments and each
 * is opened by a permission segment: the loader refuses a plan without them.
 *
 * The format is documented in scenes/README.md. A plan is immutable after plan_load()
 * and may be read from any thread; it borrows the library it was loaded against, which
 * must outlive it. */
#ifndef NURTURE_PLAN_H
#define NURTURE_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/library.h"
#include "core/units.h"

typedef enum plan_kind {
    KIND_WELCOME,    /* arrival, sharing circle, the day's plan, the join code */
    KIND_TALK,       /* a discussion topic with prompts */
    KIND_SAFETY,     /* safety guidance card */
    KIND_PERMISSION, /* the permission ritual: never advances by itself */
    KIND_MASSAGE,    /* strokes, animated */
    KIND_REST,       /* feed, cuddle, talk */
    KIND_SWAP,       /* peer massage: partners change places */
    KIND_RELAXATION, /* quiet time, touch relaxation */
    KIND_CLOSING,    /* thank you and goodbye */
    KIND_COUNT
} plan_kind;

typedef enum plan_audience { AUDIENCE_BABY, AUDIENCE_PEER } plan_audience;

typedef enum plan_side { SIDE_NONE, SIDE_BOTH, SIDE_LEFT, SIDE_RIGHT } plan_side;

typedef enum plan_chime { CHIME_NONE, CHIME_END, CHIME_BOTH } plan_chime;

typedef struct plan_step {
    const char *title;    /* stroke name or step title, never NULL */
    const char *text;     /* instruction or step text, may be NULL */
    const stroke *stroke; /* massage steps only, else NULL */
    int reps;             /* repetitions (per side), 0 when timed or not a stroke */
    plan_side side;       /* SIDE_NONE unless a stroke done on a side */
    int64_t time_ms;      /* planned length of the step, 0 when unknown */
    int line, col;
} plan_step;

typedef struct plan_segment {
    plan_kind kind;
    const char *title;
    const char *text;    /* may be NULL */
    int64_t duration_ms; /* planned, > 0 */
    bool auto_advance;   /* move on when the time is up (never for permission) */
    bool feed;           /* rest segments: the babies may feed (`feed: true`) */
    int music;           /* music level in percent, 0 = silent */
    plan_chime chime;    /* when a chime sounds */
    const card *card;    /* may be NULL */
    strv prompts;        /* talk prompts, may be empty */
    plan_step *steps;    /* nsteps >= 1 */
    size_t nsteps;
    int line, col;
} plan_segment;

typedef struct plan {
    arena mem;
    const char *file; /* path it was loaded from */
    const char *name; /* file name without directory and .yaml */
    const char *title;
    const char *subtitle; /* may be NULL */
    plan_audience audience;
    int week;                    /* 0 when not part of a course */
    int64_t length_ms;           /* planned length of the class */
    int length_line, length_col; /* where the length is written */
    plan_segment *segments;
    size_t nsegments;
    int massage[2]; /* indices of the two massage segments */
    const library *lib;
} plan;

/* Load and check the plan in `path`. Returns a new plan, or NULL after adding every
 * problem found to `d`. Never crashes and never leaks, whatever the bytes. */
plan *plan_load(const char *path, const library *lib, diag *d);

/* As plan_load, from bytes already in memory; `path` is used in messages. */
plan *plan_load_buffer(const char *path, const char *bytes, size_t len, const library *lib,
                       diag *d);

/* Free a plan; NULL is a no-op. */
void plan_destroy(plan *p);

/* Does step `step` of `seg` show the permission cues (the yes and no cues and what to
 * do on a no)? The last step of a permission segment whose card has cues does. */
bool plan_step_shows_cues(const plan_segment *seg, int step);

/* The card's paragraph when the segment shows it besides its own text (a card text the
 * same as the segment's shows once), else NULL. */
const char *plan_card_text(const plan_segment *seg);

/* The kind's name as written in files ("welcome", "massage", ...). */
const char *plan_kind_name(plan_kind kind);

/* Format milliseconds as a clock for people: "4:05", "1:02:03", "-0:30". */
void plan_format_clock(int64_t ms, char *buf, size_t size);

/* Format a planned duration for people, to the nearest minute: "25 min", "1h05". */
void plan_format_minutes(int64_t ms, char *buf, size_t size);

#endif
