// <unistd.h>: descriptors, paths and processes (docs/posix.md), getopt and
// the sleeps (docs/libc.md).
#pragma once

#include <getopt.h>
#include <stddef.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define STDIN_FILENO 0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

ssize_t read(int fd, void* buffer, size_t count);
ssize_t write(int fd, const void* data, size_t count);
ssize_t pread(int fd, void* buffer, size_t count, off_t offset);
ssize_t pwrite(int fd, const void* data, size_t count, off_t offset);
off_t lseek(int fd, off_t offset, int whence);
int close(int fd);
int dup(int fd);
int dup2(int fd, int target);
int isatty(int fd);
int pipe(int fds[2]);
int pipe2(int fds[2], int flags);

// Process groups and the console's foreground (docs/posix.md, "The shell
// and the console"): a process leads its own group; its children join
// groups it chooses, and tcsetpgrp hands one of them the console's Ctrl-C.
pid_t getpgrp(void);
int setpgid(pid_t pid, pid_t group);
pid_t tcgetpgrp(int fd);
int tcsetpgrp(int fd, pid_t group);
int fsync(int fd);
int ftruncate(int fd, off_t size);
int truncate(const char* path, off_t size);
void sync(void);

int access(const char* path, int mode);
int chdir(const char* path);
char* getcwd(char* buffer, size_t size);
int rmdir(const char* path);
int unlink(const char* path);

pid_t getpid(void);
pid_t getppid(void);
__attribute__((noreturn)) void _exit(int status);
typedef unsigned int useconds_t;

// sysconf's names (glibc's numbers); the values are this system's limits
// (<limits.h>, docs/posix.md "Limits"). -1 with EINVAL for any other name.
#define _SC_ARG_MAX 0
#define _SC_OPEN_MAX 4
#define _SC_PAGESIZE 30
#define _SC_PAGE_SIZE _SC_PAGESIZE
long sysconf(int name);

// Returns 0, or the seconds left (rounded up) when a signal's handler ran.
unsigned int sleep(unsigned int seconds);
// Waits until a signal's handler has run; always -1 (EINTR).
int pause(void);
// 0, or -1 with errno EINVAL when microseconds is 1,000,000 or more.
int usleep(useconds_t microseconds);

#ifdef __cplusplus
}
#endif
