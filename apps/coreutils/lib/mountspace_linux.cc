// The host's mountspace calls (mountspace.h): Linux mount namespaces.
#include <errno.h>
#include <sched.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>

#include "mountspace.h"

namespace coreutils {

namespace {

// /proc/self/mounts writes blanks and backslashes in paths as \ooo.
void unescape_octal(char* text) {
  char* out = text;
  for (const char* p = text; *p;) {
    if (p[0] == '\\' && p[1] >= '0' && p[1] <= '7' && p[2] >= '0' && p[2] <= '7' && p[3] >= '0' && p[3] <= '7') {
      *out++ = char((p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0'));
      p += 4;
    } else {
      *out++ = *p++;
    }
  }
  *out = '\0';
}

}  // namespace

int mount_bind(const char* from, const char* to) { return mount(from, to, nullptr, MS_BIND, nullptr); }

int mount_remove(const char* path) { return umount(path); }

int mount_list(void (*visit)(const char* path, void* context), void* context) {
  FILE* mounts = fopen("/proc/self/mounts", "r");
  if (!mounts) return -1;
  char line[4096];
  while (fgets(line, sizeof line, mounts)) {
    // device mount-point type options ...
    char* point = strchr(line, ' ');
    if (!point) continue;
    ++point;
    char* end = strchr(point, ' ');
    if (end) *end = '\0';
    unescape_octal(point);
    visit(point, context);
  }
  fclose(mounts);
  return 0;
}

int run_in_private_mountspace(char* const argv[], char* const envp[], int& status) {
  // A new mount namespace for this process, whose mounts do not propagate
  // back; the child inherits it.
  if (unshare(CLONE_NEWNS) != 0) return -1;
  if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) return -1;
  pid_t pid;
  int error = posix_spawnp(&pid, argv[0], nullptr, nullptr, argv, envp);
  if (error != 0) {
    errno = error;
    return -1;
  }
  int wait_status = 0;
  while (waitpid(pid, &wait_status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 128 + WTERMSIG(wait_status);
  return 0;
}

}  // namespace coreutils
