#include "redirect.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "shell.h"

namespace sh {

namespace {

constexpr int kFirstShellFd = 10;
// A here-document is handed over in a pipe, written whole before the
// command starts: it must fit the pipe's buffer (64 KiB on Linux and Tessera).
constexpr size_t kHereDocumentMax = 65536;

// The read end of a pipe holding body, or -1 (having said why).
int here_document(const Text& body) {
  if (body.size() > kHereDocumentMax) {
    complain("here-document", "longer than 64 KiB");
    return -1;
  }
  int ends[2];
  if (pipe(ends) != 0) {
    complain("here-document", strerror(errno));
    return -1;
  }
  put(ends[1], body.c_str());
  close(ends[1]);
  return set_apart(ends[0]);
}

int open_flags(RedirectKind kind) {
  switch (kind) {
    case RedirectKind::Read: return O_RDONLY;
    case RedirectKind::Write: return O_WRONLY | O_CREAT | O_TRUNC;
    case RedirectKind::Append: return O_WRONLY | O_CREAT | O_APPEND;
    case RedirectKind::ReadWrite: return O_RDWR | O_CREAT;
    default: return -1;
  }
}

// "n" of n>&word as a descriptor, or -1.
int descriptor(const char* text) {
  if (*text == '\0') return -1;
  long value = 0;
  for (; *text; ++text) {
    if (*text < '0' || *text > '9' || value > 1000000) return -1;
    value = value * 10 + (*text - '0');
  }
  return static_cast<int>(value);
}

}  // namespace

int set_apart(int fd) {
  if (fd < 0) return -1;
  int moved = fcntl(fd, F_DUPFD, kFirstShellFd);
  close(fd);
  if (moved >= 0) fcntl(moved, F_SETFD, FD_CLOEXEC);
  return moved;
}

Redirections::~Redirections() {
  for (int fd : opened_) close(fd);
}

bool Redirections::prepare(const Vec<Redirect>& redirects, Environment& environment) {
  for (const Redirect& redirect : redirects) {
    if (redirect.kind == RedirectKind::HereDocument) {
      int fd = here_document(redirect.literal ? redirect.target : expand_here_document(redirect.target, environment));
      if (fd < 0) return false;
      opened_.push(fd);
      add(redirect.fd, fd);
      continue;
    }
    Text target = expand_text(redirect.target, environment);
    int flags = open_flags(redirect.kind);
    if (flags >= 0) {
      int fd = set_apart(open(target.c_str(), flags, 0666));
      if (fd < 0) {
        complain(target.c_str(), strerror(errno));
        return false;
      }
      opened_.push(fd);
      add(redirect.fd, fd);
    } else if (target == "-") {
      add(redirect.fd, -1);
    } else {
      int source = descriptor(target.c_str());
      if (source < 0) {
        complain(target.c_str(), "bad file descriptor");
        return false;
      }
      add(redirect.fd, source);
    }
  }
  return true;
}

bool Redirections::add_to(posix_spawn_file_actions_t* actions) const {
  for (const RedirectStep& step : steps_) {
    int error = step.source < 0 ? posix_spawn_file_actions_addclose(actions, step.fd)
                                : posix_spawn_file_actions_adddup2(actions, step.source, step.fd);
    if (error != 0) {
      errno = error;
      return false;
    }
  }
  return true;
}

bool Redirections::apply() {
  for (const RedirectStep& step : steps_) {
    bool saved = false;
    for (const Saved& save : saved_) saved = saved || save.fd == step.fd;
    if (!saved) {
      int copy = fcntl(step.fd, F_DUPFD, kFirstShellFd);
      if (copy >= 0) fcntl(copy, F_SETFD, FD_CLOEXEC);
      saved_.push(Saved{step.fd, copy});
    }
    if (step.source < 0) {
      close(step.fd);
    } else if (dup2(step.source, step.fd) < 0) {
      complain(decimal(step.source).c_str(), strerror(errno));
      return false;
    }
  }
  return true;
}

void Redirections::keep() {
  for (const Saved& save : saved_) {
    if (save.copy >= 0) close(save.copy);
  }
  saved_.clear();
}

void Redirections::restore() {
  while (!saved_.empty()) {
    Saved& save = saved_.back();
    if (save.copy >= 0) {
      dup2(save.copy, save.fd);
      close(save.copy);
    } else {
      close(save.fd);
    }
    saved_.pop();
  }
}

}  // namespace sh
