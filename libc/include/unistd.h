// <unistd.h>: for now only what the C-library side provides: getopt and
// the sleeps. The POSIX file and process calls join it with the fd layer.
#pragma once

#include <getopt.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef unsigned int useconds_t;

// Returns 0 (no signal interrupts a sleep here).
unsigned int sleep(unsigned int seconds);
// 0, or -1 with errno EINVAL when microseconds is 1,000,000 or more.
int usleep(useconds_t microseconds);

#ifdef __cplusplus
}
#endif
