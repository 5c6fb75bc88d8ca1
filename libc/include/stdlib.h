// The part of <stdlib.h> that exists so far.
#pragma once

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

[[noreturn]] void exit(int status);
[[noreturn]] void abort(void);
int atoi(const char* s);
long strtol(const char* s, char** end, int base);
unsigned long strtoul(const char* s, char** end, int base);

#ifdef __cplusplus
}
#endif
