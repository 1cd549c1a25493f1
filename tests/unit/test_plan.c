/* test_plan.c: the plan loader and the library, on the fixture library in
 * tests/plans/fixture and on plans built in memory. */
#include <stdlib.h>
#include <string.h>

#include "core/library.h"
#include "core/lint.h"
#include "core/plan.h"
#include "core/schema.h"
#include "testing.h"

#ifndef FIXTURE
#error "FIXTURE must name tests/plans"
#endif

static library lib;

static plan *load_text(const char *text, diag *d)
{
    return plan_load_buffer("mem.yaml", text, strlen(text), &lib, d);
}

TEST(test_plan__library_loads_fixture)
{
    const stroke *s = library_stroke(&lib, "indian-milking");
    CHECK(s != NULL);
    if (!s) return;
    CHECK_STR(s->name, "Indian milking");
    CHECK_INT(s->reps, 3);
    CHECK_INT(s->pass_ms, 3000);
    CHECK(s->sided);
    CHECK_INT(s->view, VIEW_BABY_FRONT);
    CHECK_INT(s->nhands, 2);
    CHECK_INT(s->hands[0].npts, 3);
    CHECK(s->hands[0].pts[2][1] > 0.88f && s->hands[0].pts[2][1] < 0.90f);
    CHECK(!s->hands[0].left && s->hands[1].left);
    CHECK(s->hands[1].from > 0.49f && s->hands[1].to > 0.99f);
    CHECK(library_stroke(&lib, "nope") == NULL);
    CHECK_STR(library_suggest_stroke(&lib, "water-whel"), "water-wheel");
    const card *k = library_card(&lib, "permission-baby");
    CHECK(k && k->steps.n == 3 && k->yes.n == 1 && k->no.n == 1 && k->if_no.n == 1);
}

TEST(test_plan__minimal_structure)
{
    diag d;
    diag_init(&d);
    plan *p = plan_load(FIXTURE "/good/minimal.yaml", &lib, &d);
    CHECK(p != NULL);
    CHECK_INT(d.count, 0);
    if (p) {
        CHECK_STR(p->name, "minimal");
        CHECK_STR(p->title, "A small class");
        CHECK_INT(p->audience, AUDIENCE_BABY);
        CHECK_INT(p->length_ms, 30 * 60000);
        CHECK_INT(p->nsegments, 7);
        CHECK_INT(p->massage[0], 2);
        CHECK_INT(p->massage[1], 5);
        const plan_segment *perm = &p->segments[1];
        CHECK_INT(perm->kind, KIND_PERMISSION);
        CHECK_INT(perm->nsteps, 3); /* the card's steps */
        CHECK_STR(perm->steps[1].title, "Ask: \"May I massage you?\"");
        CHECK_INT(perm->music, 0);
        const plan_segment *m = &p->segments[2];
        CHECK_INT(m->nsteps, 2);
        CHECK_INT(m->steps[0].time_ms, 30000);
        CHECK_INT(m->steps[0].side, SIDE_NONE);
        CHECK_INT(m->steps[1].side, SIDE_LEFT);
        CHECK_INT(m->steps[1].reps, 3);
        CHECK_INT(m->steps[1].time_ms, 3 * 3000);
        CHECK_STR(m->steps[1].title, "Indian milking");
        CHECK_INT(m->music, 80);
        CHECK_INT(m->chime, CHIME_END);
        CHECK(p->segments[3].auto_advance);
        CHECK_INT(p->segments[3].nsteps, 1);
        CHECK_STR(p->segments[3].steps[0].title, "Rest");
        CHECK_INT(p->segments[5].steps[0].reps, 4);
        CHECK_INT(p->segments[5].steps[0].time_ms, 4 * 2000);
    }
    plan_destroy(p);
    diag_release(&d);
}

TEST(test_plan__utf8_text_kept)
{
    diag d;
    diag_init(&d);
    plan *p = plan_load(FIXTURE "/good/french.yaml", &lib, &d);
    CHECK(p != NULL);
    if (p) {
        CHECK_STR(p->title, "Massage bébé, semaine 1 : jambes et pieds");
        CHECK(strstr(p->subtitle, "Καλώς") && strstr(p->subtitle, "Добро"));
        CHECK_STR(p->segments[0].steps[1].title, "Å, ä, ö");
        CHECK_STR(p->segments[0].steps[1].text, "Välkommen: vi börjar snart.");
        CHECK_INT(p->segments[1].music, 20);
        CHECK_INT(p->segments[3].chime, CHIME_BOTH);
        CHECK_INT(p->segments[3].steps[0].side, SIDE_BOTH);
        CHECK_INT(p->segments[3].steps[0].time_ms, 2 * 3 * 3000);
        CHECK_INT(p->segments[5].music, 80);
        CHECK_INT(p->week, 1);
    }
    plan_destroy(p);
    diag_release(&d);
}

TEST(test_plan__reports_every_problem)
{
    diag d;
    diag_init(&d);
    plan *p = load_text("title: T\naudience: babby\nlength: 5\nsegments: []\ncolour: red\n", &d);
    CHECK(p == NULL);
    CHECK_INT(d.count, 3);
    int saw_audience = 0, saw_length = 0, saw_key = 0, saw_two = 0;
    for (size_t i = 0; i < d.count; i++) {
        const diag_msg *m = &d.msgs[i];
        if (m->line == 2 && m->col == 11 && strstr(m->text, "did you mean 'baby'")) saw_audience++;
        if (m->line == 3 && strstr(m->text, "bare number")) saw_length++;
        if (m->line == 5 && m->col == 1 && strstr(m->text, "'colour'")) saw_key++;
        if (strstr(m->text, "two massage segments")) saw_two++;
    }
    CHECK_INT(saw_audience, 1);
    CHECK_INT(saw_length, 1);
    CHECK_INT(saw_key, 1);
    CHECK_INT(saw_two, 0); /* shape rules only once the segments themselves are fine */
    diag_release(&d);
}

TEST(test_plan__durations)
{
    int64_t ms = 0;
    CHECK(schema_parse_duration("45s", &ms) == 0 && ms == 45000);
    CHECK(schema_parse_duration("3m", &ms) == 0 && ms == 180000);
    CHECK(schema_parse_duration("1m30s", &ms) == 0 && ms == 90000);
    CHECK(schema_parse_duration("1h5m", &ms) == 0 && ms == 3900000);
    CHECK(schema_parse_duration("1h 5m", &ms) == 0 && ms == 3900000);
    CHECK(schema_parse_duration("-5m", &ms) == -1);
    CHECK(schema_parse_duration("5", &ms) == -1);
    CHECK(schema_parse_duration("", &ms) == -1);
    CHECK(schema_parse_duration("5m1h", &ms) == -1);
    CHECK(schema_parse_duration("3m3m", &ms) == -1);
    CHECK(schema_parse_duration("m", &ms) == -1);
    CHECK(schema_parse_duration("99999999999h", &ms) == -1);
    char buf[32];
    plan_format_clock(245000, buf, sizeof buf);
    CHECK_STR(buf, "4:05");
    plan_format_clock(3723000, buf, sizeof buf);
    CHECK_STR(buf, "1:02:03");
    plan_format_clock(-30000, buf, sizeof buf);
    CHECK_STR(buf, "-0:30");
}

TEST(test_plan__ids_and_suggestions)
{
    CHECK(schema_is_id("hug-and-glide"));
    CHECK(schema_is_id("a1"));
    CHECK(!schema_is_id("Hug"));
    CHECK(!schema_is_id("-a"));
    CHECK(!schema_is_id("a-"));
    CHECK(!schema_is_id("a--b"));
    CHECK(!schema_is_id(""));
    const char *const words[] = {"welcome", "talk", "massage"};
    CHECK_STR(diag_suggest("welcom", words, 3), "welcome");
    CHECK_STR(diag_suggest("masage", words, 3), "massage");
    CHECK(diag_suggest("zzzzzz", words, 3) == NULL);
}

/* Every prefix of a valid plan must load or fail cleanly (run under ASan/valgrind). */
TEST(test_plan__truncations_never_crash)
{
    size_t len;
    diag d;
    diag_init(&d);
    char *text = ydoc_read_file(FIXTURE "/good/french.yaml", &len, &d);
    CHECK(text != NULL);
    if (!text) return;
    int loaded = 0;
    for (size_t n = 0; n <= len; n++) {
        diag_release(&d);
        plan *p = plan_load_buffer("cut.yaml", text, n, &lib, &d);
        loaded += p != NULL;
        CHECK(p != NULL || d.count > 0); /* a failure always says why */
        plan_destroy(p);
    }
    CHECK(loaded >= 1); /* at least the whole file */
    diag_release(&d);
    free(text);
}

TEST(test_plan__warnings_are_not_errors)
{
    diag d;
    diag_init(&d);
    diag_add(&d, "a.yaml", 3, 5, "broken");
    diag_warn(&d, "a.yaml", 2, 1, "odd but fine");
    CHECK_INT(d.count, 2);
    CHECK_INT(d.warnings, 1);
    CHECK_INT(diag_errors(&d), 1);
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    diag_print(&d, out);
    fclose(out);
    CHECK_STR(text, "a.yaml:2:1: warning: odd but fine\na.yaml:3:5: broken\n");
    free(text);
    diag_release(&d);
}

TEST(test_plan__lint_on_a_plan_that_loads)
{
    /* Feed, then tummy at once; oil, then the face; 20m of segments in a 25m class. */
    static const char text[] =
        "title: T\n"
        "audience: baby\n"
        "length: 25m\n"
        "segments:\n"
        "  - {kind: permission, title: P, duration: 2m, card: permission-baby}\n"
        "  - kind: massage\n"
        "    title: M\n"
        "    duration: 5m\n"
        "    strokes: [{stroke: indian-milking}, {stroke: open-book-face}]\n"
        "  - {kind: rest, title: R, duration: 5m, feed: true}\n"
        "  - {kind: permission, title: P, duration: 2m, card: permission-baby}\n"
        "  - kind: massage\n"
        "    title: M\n"
        "    duration: 6m\n"
        "    strokes: [{stroke: wipe-hands}, {stroke: water-wheel}]\n";
    diag d;
    diag_init(&d);
    plan *p = load_text(text, &d);
    CHECK(p != NULL);
    CHECK_INT(d.count, 0);
    CHECK(p && p->segments[2].feed && !p->segments[0].feed);
    CHECK_INT(plan_lint(p, &d), 3);
    CHECK_INT(d.warnings, 3);
    CHECK_INT(diag_errors(&d), 0);
    int length = 0, oil = 0, feed = 0;
    for (size_t i = 0; i < d.count; i++) {
        const diag_msg *m = &d.msgs[i];
        CHECK(m->warning);
        if (m->line == 3 && m->col == 9) length++;
        if (m->line == 9 && strstr(m->text, "Open book")) oil++;
        if (m->line == 15 && strstr(m->text, "tummy strokes 2m9s after a feed")) feed++;
    }
    CHECK_INT(length, 1);
    CHECK_INT(oil, 1);
    CHECK_INT(feed, 1);
    plan_destroy(p);
    diag_release(&d);
}

int main(int argc, char **argv)
{
    testing_begin(argc, argv);
    diag d;
    diag_init(&d);
    if (library_load(&lib, FIXTURE "/fixture/scenes", &d) != 0) {
        diag_print(&d, stderr);
        return 1;
    }
    diag_release(&d);
    RUN(test_plan__library_loads_fixture);
    RUN(test_plan__minimal_structure);
    RUN(test_plan__utf8_text_kept);
    RUN(test_plan__reports_every_problem);
    RUN(test_plan__durations);
    RUN(test_plan__ids_and_suggestions);
    RUN(test_plan__truncations_never_crash);
    RUN(test_plan__warnings_are_not_errors);
    RUN(test_plan__lint_on_a_plan_that_loads);
    library_release(&lib);
    return testing_end();
}
