// <stdlib.h>
#pragma once

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

// Memory (16-byte aligned). Failures return nullptr and set errno to ENOMEM.
void* malloc(size_t size);
void free(void* pointer);
void* calloc(size_t count, size_t size);
// size 0 frees pointer and returns nullptr.
void* realloc(void* pointer, size_t size);
// alignment: a power of two (else nullptr, errno EINVAL).
void* aligned_alloc(size_t alignment, size_t size);
// Returns 0, EINVAL or ENOMEM; leaves errno alone.
int posix_memalign(void** result, size_t alignment, size_t size);
size_t malloc_usable_size(void* pointer);

// Runs the atexit handlers (newest first, static destructors among them),
// flushes stdio and ends the process.
__attribute__((noreturn)) void exit(int status);
// Ends the process at once with status 134 (as SIGABRT would).
__attribute__((noreturn)) void abort(void);
// At least 64 handlers; returns nonzero when the table is full.
int atexit(void (*handler)(void));

int abs(int x);
long labs(long x);
long long llabs(long long x);

// On overflow: the type's limit and errno ERANGE. No digits: 0 and *end = s.
long strtol(const char* s, char** end, int base);
unsigned long strtoul(const char* s, char** end, int base);
long long strtoll(const char* s, char** end, int base);
unsigned long long strtoull(const char* s, char** end, int base);
int atoi(const char* s);
long atol(const char* s);
long long atoll(const char* s);

// Decimal (correctly rounded, to nearest even), 0x hexadecimal, inf,
// infinity, nan, nan(chars). Overflow: HUGE_VAL and ERANGE; an inexact
// result below the normal range: the rounded value and ERANGE.
double strtod(const char* s, char** end);
float strtof(const char* s, char** end);
long double strtold(const char* s, char** end);
double atof(const char* s);

// An O(n log n) sort that needs no memory (not stable).
void qsort(void* base, size_t count, size_t size, int (*compare)(const void*, const void*));
void* bsearch(const void* key, const void* base, size_t count, size_t size,
              int (*compare)(const void*, const void*));

// The environment: environ starts as main's envp. setenv copies name and
// value; putenv makes entry itself part of the environment. Both replace
// an existing variable (setenv only if overwrite is nonzero). A name that
// is empty or holds '=' fails with EINVAL.
extern char** environ;
char* getenv(const char* name);
int setenv(const char* name, const char* value, int overwrite);
int unsetenv(const char* name);
int putenv(char* entry);

#ifdef __cplusplus
}
#endif
