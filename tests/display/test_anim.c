/* test_anim: stroke motion as pure math: easing, smooth paths at constant speed,
 * hands taking turns, mirroring, and counting repetitions per side. */
#include <math.h>

#include "screen/anim.h"
#include "testing.h"

#define NEAR(a, b) (fabsf((float)(a) - (float)(b)) < 1e-3f)

static float line[2][2] = {{0.2f, 0.2f}, {0.2f, 0.8f}};
static float zigzag[4][2] = {{0.1f, 0.1f}, {0.5f, 0.3f}, {0.1f, 0.6f}, {0.5f, 0.9f}};
static float loop[9][2] = {{0.5f, 0.3f},   {0.64f, 0.36f}, {0.7f, 0.5f},
                           {0.64f, 0.64f}, {0.5f, 0.7f},   {0.36f, 0.64f},
                           {0.3f, 0.5f},   {0.36f, 0.36f}, {0.5f, 0.3f}};

TEST(test_anim__ease_is_calm_at_both_ends)
{
    CHECK(NEAR(anim_ease(0.0f), 0.0f));
    CHECK(NEAR(anim_ease(1.0f), 1.0f));
    CHECK(NEAR(anim_ease(0.5f), 0.5f));
    CHECK(NEAR(anim_ease(-3.0f), 0.0f));
    CHECK(NEAR(anim_ease(7.0f), 1.0f));
    /* slow start and end, fast middle */
    CHECK(anim_ease(0.1f) < 0.1f);
    CHECK(anim_ease(0.9f) > 0.9f);
    for (float u = 0.0f; u < 1.0f; u += 0.01f)
        CHECK(anim_ease(u + 0.01f) >= anim_ease(u));
}

TEST(test_anim__path_passes_through_its_points)
{
    anim_pt a = anim_path_point(zigzag, 4, 0.0f), b = anim_path_point(zigzag, 4, 1.0f);
    CHECK(NEAR(a.x, 0.1f) && NEAR(a.y, 0.1f));
    CHECK(NEAR(b.x, 0.5f) && NEAR(b.y, 0.9f));
    /* some point of the curve is at each inner control point */
    for (int k = 1; k < 3; k++) {
        float best = 1.0f;
        for (int i = 0; i <= 1000; i++) {
            anim_pt p = anim_path_point(zigzag, 4, i / 1000.0f);
            float d = hypotf(p.x - zigzag[k][0], p.y - zigzag[k][1]);
            if (d < best) best = d;
        }
        CHECK(best < 0.005f);
    }
}

TEST(test_anim__path_is_walked_at_constant_speed)
{
    CHECK(NEAR(anim_path_length(line, 2), 0.6f));
    anim_pt m = anim_path_point(line, 2, 0.5f);
    CHECK(NEAR(m.x, 0.2f) && NEAR(m.y, 0.5f));
    float len = anim_path_length(zigzag, 4);
    anim_pt prev = anim_path_point(zigzag, 4, 0.0f);
    for (int i = 1; i <= 20; i++) {
        anim_pt p = anim_path_point(zigzag, 4, i / 20.0f);
        float step = hypotf(p.x - prev.x, p.y - prev.y);
        CHECK(fabsf(step - len / 20) < len / 20 * 0.15f); /* chords of equal arcs */
        prev = p;
    }
}

TEST(test_anim__a_closed_path_is_smooth_where_it_joins)
{
    CHECK(anim_path_closed(loop, 9));
    CHECK(!anim_path_closed(zigzag, 4));
    anim_pt a = anim_path_point(loop, 9, 0.01f), b = anim_path_point(loop, 9, 0.99f);
    anim_pt s = anim_path_point(loop, 9, 0.0f);
    /* the curve leaves the start in the direction it arrived from */
    float ax = a.x - s.x, ay = a.y - s.y, bx = s.x - b.x, by = s.y - b.y;
    CHECK(ax * bx + ay * by > 0.0f);
    for (int i = 0; i <= 100; i++) {
        anim_pt p = anim_path_point(loop, 9, i / 100.0f);
        CHECK(fabsf(hypotf(p.x - 0.5f, p.y - 0.5f) - 0.2f) < 0.02f); /* stays on the circle */
    }
}

TEST(test_anim__degenerate_paths_stay_put)
{
    float same[3][2] = {{0.3f, 0.4f}, {0.3f, 0.4f}, {0.3f, 0.4f}};
    anim_pt p = anim_path_point(same, 3, 0.5f);
    CHECK(NEAR(p.x, 0.3f) && NEAR(p.y, 0.4f));
    CHECK(NEAR(anim_path_length(same, 3), 0.0f));
}

static stroke_hand hand(float (*pts)[2], size_t n, bool left, float from, float to)
{
    return (stroke_hand){.left = left, .from = from, .to = to, .pts = pts, .npts = n};
}

TEST(test_anim__hands_take_turns)
{
    stroke_hand r = hand(line, 2, false, 0.0f, 0.5f), l = hand(line, 2, true, 0.5f, 1.0f);
    anim_hand r1 = anim_hand_at(&r, 0.25f, false), l1 = anim_hand_at(&l, 0.25f, false);
    CHECK(r1.active && !l1.active);
    CHECK(NEAR(r1.pos.y, 0.5f)); /* half-way through its part, eased: the middle */
    CHECK(l1.alpha < 0.5f);      /* waiting, faint, at its start */
    CHECK(NEAR(l1.pos.y, 0.2f));
    anim_hand r2 = anim_hand_at(&r, 0.75f, false), l2 = anim_hand_at(&l, 0.75f, false);
    CHECK(!r2.active && l2.active);
    CHECK(NEAR(l2.pos.y, 0.5f));
    /* the hand is in different places at different times of the pass */
    anim_hand a = anim_hand_at(&r, 0.1f, false), b = anim_hand_at(&r, 0.4f, false);
    CHECK(b.pos.y - a.pos.y > 0.2f);
}

TEST(test_anim__the_other_side_is_the_mirror_image)
{
    stroke_hand h = hand(zigzag, 4, true, 0.0f, 1.0f);
    for (int i = 0; i <= 10; i++) {
        anim_hand a = anim_hand_at(&h, i / 10.0f, false), b = anim_hand_at(&h, i / 10.0f, true);
        CHECK(NEAR(a.pos.x, 1.0f - b.pos.x) && NEAR(a.pos.y, b.pos.y));
        CHECK(a.left && !b.left); /* the other hand does it on the other side */
    }
    anim_pt p = anim_mirror((anim_pt){0.25f, 0.6f});
    CHECK(NEAR(p.x, 0.75f) && NEAR(p.y, 0.6f));
}

TEST(test_anim__trail_follows_the_hand_newest_first)
{
    stroke_hand h = hand(line, 2, true, 0.0f, 1.0f);
    anim_pt t[8];
    size_t n = anim_trail(&h, 0.6f, false, 0.2f, t, 8);
    CHECK(n == 8);
    anim_hand now = anim_hand_at(&h, 0.6f, false);
    CHECK(NEAR(t[0].y, now.pos.y));
    for (size_t i = 1; i < n; i++)
        CHECK(t[i].y <= t[i - 1].y); /* further back along the way it came */
    CHECK(anim_trail(&h, 0.0f, false, 0.2f, t, 8) == 1);
    stroke_hand late = hand(line, 2, true, 0.5f, 1.0f);
    CHECK(anim_trail(&late, 0.2f, false, 0.2f, t, 8) == 0); /* not moving: no trail */
}

static stroke sided_stroke(stroke_hand *h)
{
    return (stroke){
        .id = "s", .name = "S", .reps = 3, .pass_ms = 2000, .sided = true, .hands = h, .nhands = 1};
}

TEST(test_anim__repetitions_are_counted_per_side)
{
    stroke_hand h = hand(line, 2, true, 0.0f, 1.0f);
    stroke s = sided_stroke(&h);
    plan_step st = {.title = "S", .stroke = &s, .reps = 2, .side = SIDE_BOTH};
    anim_cycle c = anim_cycle_at(&s, &st, 0);
    CHECK_INT(c.rep, 1);
    CHECK_INT(c.reps, 2);
    CHECK_INT(c.side, SIDE_LEFT);
    CHECK(!c.mirrored && c.both && !c.done);
    c = anim_cycle_at(&s, &st, 2500);
    CHECK_INT(c.rep, 2);
    CHECK(NEAR(c.phase, 0.25f));
    c = anim_cycle_at(&s, &st, 4100); /* third pass: the right side, first repetition */
    CHECK_INT(c.rep, 1);
    CHECK_INT(c.side, SIDE_RIGHT);
    CHECK(c.mirrored);
    c = anim_cycle_at(&s, &st, 7999);
    CHECK_INT(c.rep, 2);
    CHECK(!c.done);
    c = anim_cycle_at(&s, &st, 8000);
    CHECK(c.done);
    CHECK_INT(c.rep, 2);
    CHECK(c.mirrored);
}

TEST(test_anim__one_side_and_unsided)
{
    stroke_hand h = hand(line, 2, true, 0.0f, 1.0f);
    stroke s = sided_stroke(&h);
    plan_step right = {.title = "S", .stroke = &s, .reps = 3, .side = SIDE_RIGHT};
    anim_cycle c = anim_cycle_at(&s, &right, 100);
    CHECK(c.mirrored && c.side == SIDE_RIGHT && !c.both);
    plan_step left = {.title = "S", .stroke = &s, .reps = 0, .side = SIDE_LEFT};
    c = anim_cycle_at(&s, &left, 100);
    CHECK(!c.mirrored && c.side == SIDE_LEFT);
    CHECK_INT(c.reps, 3); /* the stroke's own count */
    s.sided = false;
    plan_step none = {.title = "S", .stroke = &s, .reps = 1, .side = SIDE_NONE};
    c = anim_cycle_at(&s, &none, 2100);
    CHECK(!c.mirrored && c.side == SIDE_NONE && c.done);
}

TEST(test_anim__timed_steps_count_down_and_change_sides_between_passes)
{
    stroke_hand h = hand(line, 2, true, 0.0f, 1.0f);
    stroke s = sided_stroke(&h);
    plan_step st = {.title = "S", .stroke = &s, .time_ms = 30000, .side = SIDE_BOTH};
    anim_cycle c = anim_cycle_at(&s, &st, 1000);
    CHECK_INT(c.reps, 0);
    CHECK_INT(c.left_ms, 29000);
    CHECK(!c.mirrored);
    /* Half-time (15 s) falls inside the eighth 2 s pass: the side changes at the pass
     * boundary nearest it, 16 s, and never in the middle of a pass. */
    c = anim_cycle_at(&s, &st, 15500);
    CHECK(!c.mirrored && c.side == SIDE_LEFT && NEAR(c.phase, 0.75f));
    c = anim_cycle_at(&s, &st, 15999);
    CHECK(!c.mirrored && c.side == SIDE_LEFT);
    c = anim_cycle_at(&s, &st, 16000);
    CHECK(c.mirrored && c.side == SIDE_RIGHT && NEAR(c.phase, 0.0f));
    c = anim_cycle_at(&s, &st, 16100);
    CHECK(c.mirrored && NEAR(c.phase, 0.05f));
    c = anim_cycle_at(&s, &st, 31000);
    CHECK(c.done);
    CHECK_INT(c.left_ms, 0);
}

/* One hand with three parts of a pass and another hand: each hand is drawn once. */
TEST(test_anim__each_hand_is_drawn_once)
{
    float pts[2][2] = {{0.4f, 0.4f}, {0.5f, 0.5f}};
    stroke_hand hands[4] = {
        {.left = false, .from = 0.0f, .to = 0.2f, .pts = pts, .npts = 2},
        {.left = false, .from = 0.3f, .to = 0.6f, .pts = pts, .npts = 2},
        {.left = false, .from = 0.7f, .to = 1.0f, .pts = pts, .npts = 2},
        {.left = true, .from = 0.0f, .to = 1.0f, .pts = pts, .npts = 2},
    };
    stroke s = {.hands = hands, .nhands = 4};
    for (float phase = 0.0f; phase <= 1.0f; phase += 0.01f) {
        int right = 0;
        for (size_t i = 0; i < 3; i++)
            right += anim_hand_shown(&s, i, phase);
        CHECK_INT(right, 1);
        CHECK(anim_hand_shown(&s, 3, phase));
    }
    CHECK(anim_hand_shown(&s, 1, 0.45f)); /* doing the second part */
    CHECK(anim_hand_shown(&s, 2, 0.65f)); /* waiting for the third */
    CHECK(anim_hand_shown(&s, 0, 0.25f) == false);
    CHECK(anim_hand_shown(&s, 1, 0.25f)); /* between parts: the next one */
}

int main(int argc, char **argv)
{
    testing_begin(argc, argv);
    RUN(test_anim__ease_is_calm_at_both_ends);
    RUN(test_anim__each_hand_is_drawn_once);
    RUN(test_anim__path_passes_through_its_points);
    RUN(test_anim__path_is_walked_at_constant_speed);
    RUN(test_anim__a_closed_path_is_smooth_where_it_joins);
    RUN(test_anim__degenerate_paths_stay_put);
    RUN(test_anim__hands_take_turns);
    RUN(test_anim__the_other_side_is_the_mirror_image);
    RUN(test_anim__trail_follows_the_hand_newest_first);
    RUN(test_anim__repetitions_are_counted_per_side);
    RUN(test_anim__one_side_and_unsided);
    RUN(test_anim__timed_steps_count_down_and_change_sides_between_passes);
    return testing_end();
}
