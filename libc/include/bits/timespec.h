// time_t and struct timespec, shared by <time.h> and the POSIX headers
// that need them (sys/stat.h's file times).
#pragma once

typedef long time_t;

struct timespec {
  time_t tv_sec;
  long tv_nsec;
};
