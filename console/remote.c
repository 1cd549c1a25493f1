/* remote.c: see remote.h. (Placeholder: no phone remote until it lands; every
 * function accepts NULL, "no remote".) */
#include "remote.h"

#include <stdio.h>
#include <string.h>

remote *remote_create(const remote_config *cfg, char *err, size_t errlen)
{
    (void)cfg;
    snprintf(err, errlen, "the phone remote is not built yet");
    return NULL;
}

void remote_destroy(remote *r)
{
    (void)r;
}

bool remote_next_command(remote *r, remote_cmd *cmd)
{
    (void)r, (void)cmd;
    return false;
}

void remote_reply(remote *r, const remote_cmd *cmd, int error, const char *message)
{
    (void)r, (void)cmd, (void)error, (void)message;
}

void remote_publish(remote *r, const session *s, const audio_status *au, bool blank, int64_t now_ms)
{
    (void)r, (void)s, (void)au, (void)blank, (void)now_ms;
}

void remote_revoke_all(remote *r)
{
    (void)r;
}

void remote_get_status(const remote *r, remote_status *st)
{
    (void)r;
    memset(st, 0, sizeof(*st));
}
