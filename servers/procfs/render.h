// The text of procfs's files, in Linux's formats (host-tested:
// tests/host/procfs_test.cc). Each renders into a caller's buffer and
// returns the length; text that does not fit is cut at the buffer's end.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace procfs {

// Appends text to a fixed buffer, dropping what does not fit.
class Text {
 public:
  Text(char* buffer, size_t capacity) : buffer_(buffer), capacity_(capacity) {}
  Text& add(std::string_view text);
  // Decimal, right-aligned in at least `width` columns.
  Text& add_number(uint64_t value, size_t width = 0);
  size_t size() const { return size_; }

 private:
  char* buffer_;
  size_t capacity_;
  size_t size_ = 0;
};

struct ProcessStatus {
  int64_t pid;
  int64_t ppid;
  std::string_view name;
  bool running;  // else ended, not yet reaped: a zombie
  uint32_t threads;
  uint64_t rss_bytes;  // resident memory
};

// /proc/<pid>/status: "Name:\t<name>\nState:\tR (running)\nPid:\t<pid>\n
// PPid:\t<ppid>\nVmRSS:\t<n> kB\nThreads:\t<n>\n" (Z (zombie) once ended).
size_t render_status(const ProcessStatus& status, char* out, size_t capacity);
// /proc/meminfo: "MemTotal:       <kB, width 8> kB\nMemFree: ..." as Linux,
// then "KernelHeapBytes:<bytes, width 8>\n", the kernel heap's size to the
// byte (a leak check compares it exactly; the unit is in the name, as
// Linux's HugePages_ lines have none).
size_t render_meminfo(uint64_t total_bytes, uint64_t free_bytes, uint64_t kernel_heap_bytes, char* out,
                      size_t capacity);
// /proc/uptime: "<seconds>.<hundredths>\n", Linux's first field.
size_t render_uptime(uint64_t ticks, uint64_t ticks_per_second, char* out, size_t capacity);

}  // namespace procfs
