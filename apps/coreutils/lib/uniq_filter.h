// uniq's core: of each run of equal adjacent lines, one goes out; with -c
// prefixed by the run's length (`%7zu `, as GNU uniq prints it), with -d
// only runs of more than one line.
#pragma once

#include <stddef.h>

#include "input.h"
#include "sink.h"

namespace coreutils {

struct UniqOptions {
  bool count = false;
  bool repeated_only = false;
};

class UniqFilter {
 public:
  UniqFilter(Sink out, UniqOptions options) : out_(out), options_(options) {}

  // One line, without its newline. False: out of memory (errno ENOMEM).
  bool feed(const char* line, size_t length);
  void finish();

 private:
  void emit();

  Sink out_;
  UniqOptions options_;
  Buffer run_line_;     // the line of the current run
  size_t run_length_ = 0;
};

}  // namespace coreutils
