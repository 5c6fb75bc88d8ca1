// <spawn.h>: starting programs (docs/posix.md). File actions run in order,
// against a copy of the caller's descriptors, before the child starts.
#pragma once

#include <signal.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int __count;
  int __capacity;
  struct __spawn_action* __actions;
} posix_spawn_file_actions_t;

// POSIX_SPAWN_SETPGROUP puts the child in a process group, which libc
// keeps for the console's foreground (tcsetpgrp, docs/posix.md). The
// signal mask and defaults are kept and have no effect: no signal reaches
// a handler. There are no user ids or scheduling policies to set.
typedef struct {
  short __flags;
  pid_t __pgroup;
  sigset_t __sigdefault;
  sigset_t __sigmask;
} posix_spawnattr_t;

#define POSIX_SPAWN_RESETIDS 1
#define POSIX_SPAWN_SETPGROUP 2
#define POSIX_SPAWN_SETSIGDEF 4
#define POSIX_SPAWN_SETSIGMASK 8

int posix_spawn(pid_t* pid, const char* path, const posix_spawn_file_actions_t* actions,
                const posix_spawnattr_t* attributes, char* const argv[], char* const envp[]);
int posix_spawnp(pid_t* pid, const char* file, const posix_spawn_file_actions_t* actions,
                 const posix_spawnattr_t* attributes, char* const argv[], char* const envp[]);

int posix_spawn_file_actions_init(posix_spawn_file_actions_t* actions);
int posix_spawn_file_actions_destroy(posix_spawn_file_actions_t* actions);
int posix_spawn_file_actions_addopen(posix_spawn_file_actions_t* actions, int fd, const char* path, int flags,
                                     mode_t mode);
int posix_spawn_file_actions_addclose(posix_spawn_file_actions_t* actions, int fd);
int posix_spawn_file_actions_adddup2(posix_spawn_file_actions_t* actions, int fd, int target);
// glibc's (2.35): the child's process group takes the terminal on fd (the
// child's, after the actions before) before the child runs, so no Ctrl-C
// typed as it starts is lost (tcsetpgrp, docs/posix.md).
int posix_spawn_file_actions_addtcsetpgrp_np(posix_spawn_file_actions_t* actions, int fd);

int posix_spawnattr_init(posix_spawnattr_t* attributes);
int posix_spawnattr_destroy(posix_spawnattr_t* attributes);
int posix_spawnattr_setflags(posix_spawnattr_t* attributes, short flags);
int posix_spawnattr_getflags(const posix_spawnattr_t* attributes, short* flags);
int posix_spawnattr_setpgroup(posix_spawnattr_t* attributes, pid_t group);
int posix_spawnattr_getpgroup(const posix_spawnattr_t* attributes, pid_t* group);
int posix_spawnattr_setsigdefault(posix_spawnattr_t* attributes, const sigset_t* signals);
int posix_spawnattr_getsigdefault(const posix_spawnattr_t* attributes, sigset_t* signals);
int posix_spawnattr_setsigmask(posix_spawnattr_t* attributes, const sigset_t* mask);
int posix_spawnattr_getsigmask(const posix_spawnattr_t* attributes, sigset_t* mask);

#ifdef __cplusplus
}
#endif
