// <spawn.h>: starting programs (docs/posix.md). File actions run in order,
// against a copy of the caller's descriptors, before the child starts.
#pragma once

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int __count;
  int __capacity;
  struct __spawn_action* __actions;
} posix_spawn_file_actions_t;

// Flags are taken and kept, and have no effect: there are no process
// groups, signal masks or scheduling policies to set (docs/posix.md).
typedef struct {
  short __flags;
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

int posix_spawnattr_init(posix_spawnattr_t* attributes);
int posix_spawnattr_destroy(posix_spawnattr_t* attributes);
int posix_spawnattr_setflags(posix_spawnattr_t* attributes, short flags);
int posix_spawnattr_getflags(const posix_spawnattr_t* attributes, short* flags);

#ifdef __cplusplus
}
#endif
