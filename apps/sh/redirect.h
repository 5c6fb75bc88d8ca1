// Redirections made ready to apply: the shell opens the files itself (so an
// error names the file and the command does not run), and a command's
// redirections become steps "make fd a copy of source" or "close fd", in
// the order written. A spawned command gets them as posix_spawn file
// actions; a built-in gets them applied in the shell and undone after.
#pragma once

#include <spawn.h>

#include "expand.h"
#include "syntax.h"

namespace sh {

struct RedirectStep {
  int fd;
  int source;  // -1: close fd
};

class Redirections {
 public:
  Redirections() = default;
  Redirections(const Redirections&) = delete;
  Redirections& operator=(const Redirections&) = delete;
  ~Redirections();

  // Makes fd a copy of source (a pipe end) first of all.
  void add(int fd, int source) { steps_.push(RedirectStep{fd, source}); }
  // Opens the files of redirects; false (having said why) when one fails.
  bool prepare(const Vec<Redirect>& redirects, Environment& environment);
  // The steps as file actions; false (errno set) when one cannot be added.
  bool add_to(posix_spawn_file_actions_t* actions) const;
  // Applies the steps to the shell itself (false, having said why, when
  // one fails); restore() undoes what was applied.
  bool apply();
  void restore();
  // What apply() did stays (`exec >file`): restore() has nothing to undo.
  void keep();

 private:
  struct Saved {
    int fd;
    int copy;  // -1: fd was not open
  };

  Vec<RedirectStep> steps_;
  Vec<int> opened_;  // files this shell opened, closed when done
  Vec<Saved> saved_;
};

// Moves fd out of the way of the descriptors a command is given (to 10 or
// above) and marks it close-on-exec; returns the new descriptor or -1.
int set_apart(int fd);

}  // namespace sh
