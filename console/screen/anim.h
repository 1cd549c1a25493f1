/* anim.h: the motion of a stroke, as pure math (no SDL, no clock, no allocation).
 *
 * A stroke's hands glide along smooth curves through their path points (Catmull-Rom,
 * walked at constant speed by arc length), eased in and out within the part of a pass
 * each hand moves in. A step's passes are counted from the step clock: repetitions
 * per side, the side changing half-way for a stroke done on both sides. The other side
 * is the mirror image (x becomes 1 - x) and swaps which hand is which.
 *
 * Coordinates are the view's unit square (see scenes/README.md). Safe from any thread. */
#ifndef NURTURE_ANIM_H
#define NURTURE_ANIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/library.h"
#include "core/plan.h"
#include "core/rig.h"

typedef struct anim_pt {
    float x, y;
} anim_pt;

/* Ease in and out (a half cosine): 0 -> 0, 1 -> 1, slow at both ends. u is clamped. */
float anim_ease(float u);

/* Is the path a loop (its last point is its first)? */
bool anim_path_closed(const float (*pts)[2], size_t n);

/* The length of the smooth curve through the points. */
float anim_path_length(const float (*pts)[2], size_t n);

/* The point at fraction u (0 to 1, clamped) of the curve's length. The curve passes
 * through every point; a closed path's curve is smooth where it joins. */
anim_pt anim_path_point(const float (*pts)[2], size_t n, float u);

/* Where one hand is at `phase` (0 to 1) of a pass. */
typedef struct anim_hand {
    anim_pt pos;
    float alpha; /* 1 while moving; faded while lifted or waiting */
    bool active; /* inside its [from, to] part of the pass */
    bool left;   /* the hand to draw (after mirroring) */
    float along; /* eased progress along its path, 0 to 1 (0 when not active) */
} anim_hand;

anim_hand anim_hand_at(const stroke_hand *h, float phase, bool mirrored);

/* Is hands[i] of `s` the one to draw at `phase`? A stroke may give one hand several
 * parts of a pass (the letters of "I love you"); each hand is drawn once: at the part
 * it is doing, or else at the one it waits for next. */
bool anim_hand_shown(const stroke *s, size_t i, float phase);

/* The points a hand passed through in the last `span` of a pass (newest first), for a
 * fading trail. Writes at most `max` points; returns how many (0 when not active). */
size_t anim_trail(const stroke_hand *h, float phase, bool mirrored, float span, anim_pt *out,
                  size_t max);

/* Where a step of a massage segment is, `step_ms` after it began. */
typedef struct anim_cycle {
    float phase;     /* 0 to 1 within the current pass */
    bool mirrored;   /* the side on the right of the screen */
    plan_side side;  /* the side under way: SIDE_LEFT or SIDE_RIGHT of the screen, or
                        SIDE_NONE; never SIDE_BOTH (see `both`) */
    bool both;       /* both sides in this step (left first) */
    int rep;         /* the repetition under way on this side, 1-based (0 when timed) */
    int reps;        /* repetitions per side (0 when timed) */
    bool done;       /* every repetition (or the planned time) is over */
    int64_t left_ms; /* timed steps: time left, else 0 */
} anim_cycle;

anim_cycle anim_cycle_at(const stroke *s, const plan_step *st, int64_t step_ms);

/* The pose of the baby's parts at `phase` of a pass of `s` (every part at rest when
 * the stroke moves none). Mirrored, a left part's move is done by the right part, the
 * other way round. */
void anim_pose(const stroke *s, const rig_view *v, float phase, bool mirrored, rig_pose *out);

/* Where a hand that holds a landmark is, in a pose (mirrored: the other side's one). */
anim_pt anim_held(const rig_view *v, const rig_pose *pose, int landmark, bool mirrored);

/* Mirror a point of a view (x becomes 1 - x). */
anim_pt anim_mirror(anim_pt p);

#endif
