#include "uniq_filter.h"

#include <stdio.h>
#include <string.h>

namespace coreutils {

void UniqFilter::emit() {
  if (run_length_ == 0 || (options_.repeated_only && run_length_ < 2)) return;
  if (options_.count) {
    char prefix[32];
    int n = snprintf(prefix, sizeof prefix, "%7zu ", run_length_);
    out_.put(prefix, size_t(n));
  }
  if (run_line_.size > 0) out_.put(run_line_.data, run_line_.size);
  out_.put("\n", 1);
}

bool UniqFilter::feed(const char* line, size_t length) {
  // An empty line leaves the buffer without memory: memcmp may not see it.
  if (run_length_ > 0 && length == run_line_.size && (length == 0 || memcmp(line, run_line_.data, length) == 0)) {
    ++run_length_;
    return true;
  }
  emit();
  run_line_.size = 0;
  run_length_ = 0;
  if (!run_line_.append(line, length)) return false;
  run_length_ = 1;
  return true;
}

void UniqFilter::finish() {
  emit();
  run_length_ = 0;
}

}  // namespace coreutils
