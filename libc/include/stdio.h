// <stdio.h>: buffered streams on file descriptors (docs/posix.md), over a
// swappable backend (tessera/stdio_backend.h), formatted output through the
// system's one printf engine (common/format.h: %d %i %u %x %X %o %c %s %p %%
// with flags, width, precision, hh h l ll z t j; %f %F %e %E %g %G %a %A
// with L, correctly rounded: common/format_float.h), and formatted input
// (the scanf family, docs/libc.md).
//
// stdin, stdout and stderr use fds 0, 1 and 2. stderr is unbuffered;
// stdout is line-buffered on a terminal (a device such as /dev/console),
// fully buffered otherwise, and unbuffered on the kernel's debug console
// (programs without descriptors, init among them, print a prompt and then
// read the console directly). An unbuffered stream still writes each call's
// output at once, in one write. Reading stdin flushes stdout first.
#pragma once

#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

// The tag is glibc's, whose <wchar.h> (reached through libstdc++ headers such as
// <string_view>) declares the same typedef; the definition is libc's own.
typedef struct _IO_FILE FILE;

extern FILE* stdin;
extern FILE* stdout;
extern FILE* stderr;

#define EOF (-1)
#define BUFSIZ 4096
#define _IOFBF 0
#define _IOLBF 1
#define _IONBF 2
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define FILENAME_MAX 1024

int printf(const char* format, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char* format, va_list args);
int fprintf(FILE* file, const char* format, ...) __attribute__((format(printf, 2, 3)));
int vfprintf(FILE* file, const char* format, va_list args);
int snprintf(char* buffer, size_t capacity, const char* format, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char* buffer, size_t capacity, const char* format, va_list args);
int sprintf(char* buffer, const char* format, ...) __attribute__((format(printf, 2, 3)));
int vsprintf(char* buffer, const char* format, va_list args);

int fputc(int c, FILE* file);
int putc(int c, FILE* file);
int putchar(int c);
int fputs(const char* s, FILE* file);
int puts(const char* s);
size_t fwrite(const void* data, size_t size, size_t count, FILE* file);
// file nullptr: every stream.
int fflush(FILE* file);
// Streams always use their own buffer of BUFSIZ bytes: buffer and size
// are not used.
int setvbuf(FILE* file, char* buffer, int mode, size_t size);
void setbuf(FILE* file, char* buffer);

// mode: "r", "w", "a", each with "+", and "b" (no effect), "x" (O_EXCL),
// "e" (O_CLOEXEC).
FILE* fopen(const char* path, const char* mode);
FILE* fdopen(int fd, const char* mode);
int fclose(FILE* file);
int fileno(FILE* file);
size_t fread(void* buffer, size_t size, size_t count, FILE* file);
int fseek(FILE* file, long offset, int whence);
long ftell(FILE* file);
void rewind(FILE* file);
int ungetc(int c, FILE* file);
// Reads a line (through delimiter) into *line, grown with realloc.
ssize_t getline(char** line, size_t* capacity, FILE* file);
ssize_t getdelim(char** line, size_t* capacity, int delimiter, FILE* file);

int rename(const char* from, const char* to);
int remove(const char* path);

// On the kernel's debug console input is raw bytes without echo ('\r'
// reads as '\n').
int fgetc(FILE* file);
int getc(FILE* file);
int getchar(void);
char* fgets(char* buffer, int capacity, FILE* file);

// Pushes c back for the next read (one character is always possible);
// clears end of file. Returns c, or EOF.
int ungetc(int c, FILE* file);

// Conversions d i u o x X p c s [ n % a e f g (and A E F G), '*', widths,
// hh h l ll j z t L. Return the number of fields assigned, or EOF when the
// input ends before the first conversion. fscanf reads through fgetc and
// ungetc. A floating field stops at 1023 characters.
int scanf(const char* format, ...) __attribute__((format(scanf, 1, 2)));
int vscanf(const char* format, va_list args);
int fscanf(FILE* file, const char* format, ...) __attribute__((format(scanf, 2, 3)));
int vfscanf(FILE* file, const char* format, va_list args);
int sscanf(const char* s, const char* format, ...) __attribute__((format(scanf, 2, 3)));
int vsscanf(const char* s, const char* format, va_list args);

// Writes "prefix: strerror(errno)" (or only the message) and a newline to stderr.
void perror(const char* prefix);

int ferror(FILE* file);
int feof(FILE* file);
void clearerr(FILE* file);

#ifdef __cplusplus
}
#endif
