// The part of <stdio.h> that exists so far: formatted output to the console.
#pragma once

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

int printf(const char* format, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char* format, va_list args);
int snprintf(char* buffer, size_t capacity, const char* format, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char* buffer, size_t capacity, const char* format, va_list args);
int puts(const char* s);
int putchar(int c);

#ifdef __cplusplus
}
#endif
