// <sys/time.h>: gettimeofday, over clock_gettime(CLOCK_REALTIME).
#pragma once

#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef long suseconds_t;

struct timeval {
  time_t tv_sec;
  suseconds_t tv_usec;
};

// timezone must be null (there are no time zones).
int gettimeofday(struct timeval* now, void* timezone);

#ifdef __cplusplus
}
#endif
