/* textview.c: see textview.h. */
#include "app/textview.h"

#include <poll.h>
#include <stdio.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "core/units.h"
#include "platform/clock.h"

static void print_event(const session *s, const session_event *ev)
{
    const plan *p = session_plan(s);
    const plan_segment *seg = &p->segments[ev->segment];
    switch (ev->kind) {
    case SESSION_EV_SEGMENT_STARTED:
        printf("\n== %d/%zu %s: %s ==\n", ev->segment + 1, p->nsegments, plan_kind_name(seg->kind),
               seg->title);
        break;
    case SESSION_EV_STEP_STARTED: {
        const plan_step *st = &seg->steps[ev->step];
        printf("  %d.%d  %s%s%s\n", ev->segment + 1, ev->step + 1, st->title, st->text ? " - " : "",
               st->text ? st->text : "");
        break;
    }
    case SESSION_EV_TWO_MINUTES: printf("  (two minutes left)\n"); break;
    case SESSION_EV_TIME_UP: printf("  (time is up)\n"); break;
    case SESSION_EV_PAUSED: printf("  (paused)\n"); break;
    case SESSION_EV_RESUMED: printf("  (resumed)\n"); break;
    case SESSION_EV_TIME_CHANGED: printf("  (time changed)\n"); break;
    case SESSION_EV_CLASS_FINISHED: printf("\n== The class is finished ==\n"); break;
    }
}

static void print_status(const session *s)
{
    char left[32], cls[32];
    plan_format_clock(session_remaining_ms(s), left, sizeof left);
    plan_format_clock(session_class_ms(s), cls, sizeof cls);
    printf("\r  %s left   class %s%s   ", left, cls, session_paused(s) ? "   PAUSED" : "");
    fflush(stdout);
}

static int key_command(int key, session_cmd *cmd)
{
    switch (key) {
    case 'n':
    case ' ':
    case '\n':
    case '\r': *cmd = (session_cmd){.kind = SESSION_NEXT}; break;
    case 'b': *cmd = (session_cmd){.kind = SESSION_BACK}; break;
    case 'p': *cmd = (session_cmd){.kind = SESSION_TOGGLE_PAUSE}; break;
    case '+': *cmd = (session_cmd){.kind = SESSION_ADJUST, .delta_ms = MINUTE_MS}; break;
    case '-': *cmd = (session_cmd){.kind = SESSION_ADJUST, .delta_ms = -MINUTE_MS}; break;
    case 'r': *cmd = (session_cmd){.kind = SESSION_RESTART}; break;
    default: return -1;
    }
    return 0;
}

void textview_run(session *s, volatile sig_atomic_t *quit)
{
    struct termios saved, raw;
    int tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0;
    if (tty) {
        raw = saved;
        raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
        raw.c_cc[VMIN] = 1;
        raw.c_cc[VTIME] = 0;
        tcsetattr(STDIN_FILENO, TCSANOW, &raw);
    }
    int stdin_open = 1;
    long last_second = -1;
    while (!*quit) {
        struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
        int ready = stdin_open ? poll(&pfd, 1, 200) : (usleep(200000), 0);
        int64_t now = clock_now_ms();
        if (ready > 0) {
            char key;
            if (read(STDIN_FILENO, &key, 1) != 1) {
                stdin_open = 0; /* keep running the class without a keyboard */
            } else if (key == 'q') {
                break;
            } else {
                session_cmd cmd;
                if (key_command(key, &cmd) == 0) session_apply(s, &cmd, now);
            }
        }
        session_tick(s, now);
        session_event ev;
        int changed = 0;
        while (session_next_event(s, &ev)) {
            if (!changed) printf("\n");
            changed = 1;
            print_event(s, &ev);
        }
        long second = (long)(session_remaining_ms(s) / 1000);
        if (changed || second != last_second) {
            print_status(s);
            last_second = second;
        }
    }
    printf("\n");
    if (tty) tcsetattr(STDIN_FILENO, TCSANOW, &saved);
}
