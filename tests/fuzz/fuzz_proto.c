/* fuzz_proto.c: the phone remote's message decoder on arbitrary bytes: it must decode or
 * refuse, never crash, leak or read out of bounds. */
#include <stddef.h>
#include <stdint.h>

#include "remote/proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    proto_msg m;
    proto_error e = proto_decode((const char *)data, size, &m);
    if (e == PROTO_OK && m.type == PROTO_CMD && m.cmd.kind > REMOTE_BLANK) __builtin_trap();
    return 0;
}
