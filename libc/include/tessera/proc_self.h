// /proc/self: procfs cannot see which process asks (vfs forwards paths, not
// callers), so libc's path layer rewrites a path that starts with
// /proc/self to /proc/<getpid()> before it asks vfs (docs/posix.md,
// "procfs"). Header-only and freestanding: host-tested in
// tests/host/procfs_test.cc.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tessera {

// Writes path with a leading "/proc/self" component replaced by
// "/proc/<pid>" into out (NUL-terminated): its length, or 0 if path does
// not start so or the result does not fit in capacity.
inline size_t rewrite_proc_self(std::string_view path, int64_t pid, char* out, size_t capacity) {
  constexpr std::string_view kSelf = "/proc/self";
  // Not compare(pos, n, ...): it may throw, and nothing here can.
  if (path.size() < kSelf.size() || std::string_view(path.data(), kSelf.size()) != kSelf) return 0;
  if (path.size() > kSelf.size() && path[kSelf.size()] != '/') return 0;  // /proc/selfish
  char digits[20];
  size_t n = 0;
  uint64_t value = static_cast<uint64_t>(pid);
  do {
    digits[n++] = char('0' + value % 10);
    value /= 10;
  } while (value);
  std::string_view rest(path.data() + kSelf.size(), path.size() - kSelf.size());
  size_t length = 6 + n + rest.size();  // "/proc/", the pid, the rest
  if (length + 1 > capacity) return 0;
  size_t at = 0;
  for (char c : std::string_view("/proc/")) out[at++] = c;
  while (n) out[at++] = digits[--n];
  for (char c : rest) out[at++] = c;
  out[at] = '\0';
  return length;
}

}  // namespace tessera
