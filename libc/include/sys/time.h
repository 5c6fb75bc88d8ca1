// <sys/time.h>: gettimeofday, over clock_gettime(CLOCK_REALTIME).
#pragma once

#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef long suseconds_t;

// Under glibc's guard, as struct timespec (bits/timespec.h).
#ifndef __timeval_defined
#define __timeval_defined 1
struct timeval {
  time_t tv_sec;
  suseconds_t tv_usec;
};
#endif

// timezone must be null (there are no time zones).
int gettimeofday(struct timeval* now, void* timezone);

#ifdef __cplusplus
}
#endif
