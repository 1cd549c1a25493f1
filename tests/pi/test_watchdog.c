/* test_watchdog.c: the systemd notifier against a notify socket of our own, as systemd
 * would hold it (an AF_UNIX datagram socket named by $NOTIFY_SOCKET). */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "testing.h"
#include "platform/watchdog.h"

static int sock = -1;
static char sock_path[108];

/* Listen where $NOTIFY_SOCKET says, with the watchdog at `usec` (0: none). */
static void pretend_systemd(long long usec)
{
    char num[32];
    setenv("NOTIFY_SOCKET", sock_path, 1);
    if (usec) {
        snprintf(num, sizeof num, "%lld", usec);
        setenv("WATCHDOG_USEC", num, 1);
        snprintf(num, sizeof num, "%ld", (long)getpid());
        setenv("WATCHDOG_PID", num, 1);
    } else {
        unsetenv("WATCHDOG_USEC");
        unsetenv("WATCHDOG_PID");
    }
}

/* The next message on the socket, "" when none came within a short while. */
static const char *next_message(void)
{
    static char buf[512];
    ssize_t n = recv(sock, buf, sizeof buf - 1, 0);
    buf[n > 0 ? n : 0] = '\0';
    return buf;
}

TEST(test_watchdog__off_outside_systemd)
{
    unsetenv("NOTIFY_SOCKET");
    watchdog *w = watchdog_create();
    CHECK(w == NULL);
    /* Every call on NULL is a no-op. */
    watchdog_ready(w, "x");
    watchdog_kick(w, 1000);
    watchdog_status(w, "y");
    watchdog_stopping(w);
    CHECK_INT(watchdog_interval_ms(w), 0);
    watchdog_destroy(w);
    CHECK_STR(next_message(), "");
}

TEST(test_watchdog__ready_status_kicks)
{
    pretend_systemd(30 * 1000000LL);
    watchdog *w = watchdog_create();
    CHECK(w != NULL);
    if (!w) return;
    CHECK_INT(watchdog_interval_ms(w), 30000);
    watchdog_ready(w, "Baby massage, week 1");
    CHECK_STR(next_message(), "READY=1");
    CHECK_STR(next_message(), "STATUS=Baby massage, week 1");
    watchdog_status(w, "Baby massage, week 1"); /* unchanged: nothing sent */
    watchdog_status(w, "two\nlines");
    CHECK_STR(next_message(), "STATUS=two lines");
    /* Kicks: the first at once, then no more often than a quarter of the interval. */
    watchdog_kick(w, 1000);
    CHECK_STR(next_message(), "WATCHDOG=1");
    watchdog_kick(w, 1000 + 7499);
    CHECK_STR(next_message(), "");
    watchdog_kick(w, 1000 + 7500);
    CHECK_STR(next_message(), "WATCHDOG=1");
    watchdog_stopping(w);
    CHECK_STR(next_message(), "STOPPING=1");
    watchdog_destroy(w);
}

TEST(test_watchdog__no_watchdog_no_kicks)
{
    pretend_systemd(0);
    watchdog *w = watchdog_create();
    CHECK(w != NULL);
    CHECK_INT(watchdog_interval_ms(w), 0);
    watchdog_kick(w, 1000);
    CHECK_STR(next_message(), "");
    watchdog_ready(w, NULL);
    CHECK_STR(next_message(), "READY=1");
    CHECK_STR(next_message(), "");
    watchdog_destroy(w);
}

TEST(test_watchdog__watchdog_of_another_process)
{
    pretend_systemd(30 * 1000000LL);
    setenv("WATCHDOG_PID", "1", 1); /* meant for someone else: no kicks from us */
    watchdog *w = watchdog_create();
    CHECK(w != NULL);
    CHECK_INT(watchdog_interval_ms(w), 0);
    watchdog_destroy(w);
}

int main(int argc, char **argv)
{
    testing_begin(argc, argv);
    const char *tmp = getenv("TMPDIR");
    snprintf(sock_path, sizeof sock_path, "%s/nurture-notify-%ld", tmp && *tmp ? tmp : "/tmp",
             (long)getpid());
    sock = socket(AF_UNIX, SOCK_DGRAM, 0);
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    snprintf(addr.sun_path, sizeof addr.sun_path, "%s", sock_path);
    unlink(sock_path);
    if (sock < 0 || bind(sock, (struct sockaddr *)&addr, sizeof addr) != 0) {
        perror("notify socket");
        return 1;
    }
    struct timeval tv = {.tv_usec = 200000};
    setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    RUN(test_watchdog__off_outside_systemd);
    RUN(test_watchdog__ready_status_kicks);
    RUN(test_watchdog__no_watchdog_no_kicks);
    RUN(test_watchdog__watchdog_of_another_process);
    close(sock);
    unlink(sock_path);
    return testing_end();
}
