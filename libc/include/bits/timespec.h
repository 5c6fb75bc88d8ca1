// time_t and struct timespec, shared by <time.h> and the POSIX headers
// that need them (sys/stat.h's file times). <sys/types.h> brings glibc's
// scalar types (see there), whose headers define the same struct under the
// guard used here, so whichever comes first stands.
#pragma once

typedef long time_t;

#ifndef _STRUCT_TIMESPEC
#define _STRUCT_TIMESPEC 1
struct timespec {
  time_t tv_sec;
  long tv_nsec;
};
#endif
