#include "render.h"

namespace procfs {

Text& Text::add(std::string_view text) {
  for (char c : text) {
    if (size_ == capacity_) break;
    buffer_[size_++] = c;
  }
  return *this;
}

Text& Text::add_number(uint64_t value, size_t width) {
  char digits[20];
  size_t n = 0;
  do {
    digits[n++] = char('0' + value % 10);
    value /= 10;
  } while (value);
  for (size_t pad = n; pad < width; ++pad) add(" ");
  while (n) add(std::string_view(&digits[--n], 1));
  return *this;
}

size_t render_status(const ProcessStatus& s, char* out, size_t capacity) {
  Text t(out, capacity);
  t.add("Name:\t").add(s.name).add("\n");
  t.add("State:\t").add(s.running ? "R (running)" : "Z (zombie)").add("\n");
  t.add("Pid:\t").add_number(uint64_t(s.pid)).add("\n");
  t.add("PPid:\t").add_number(uint64_t(s.ppid)).add("\n");
  t.add("VmRSS:\t").add_number(s.rss_bytes / 1024).add(" kB\n");
  t.add("Threads:\t").add_number(s.threads).add("\n");
  return t.size();
}

size_t render_meminfo(uint64_t total_bytes, uint64_t free_bytes, uint64_t kernel_heap_bytes, char* out,
                      size_t capacity) {
  // Linux pads each label to 16 columns and the number to 8.
  Text t(out, capacity);
  t.add("MemTotal:       ").add_number(total_bytes / 1024, 8).add(" kB\n");
  t.add("MemFree:        ").add_number(free_bytes / 1024, 8).add(" kB\n");
  t.add("KernelHeapBytes:").add_number(kernel_heap_bytes, 8).add("\n");
  return t.size();
}

size_t render_uptime(uint64_t ticks, uint64_t ticks_per_second, char* out, size_t capacity) {
  Text t(out, capacity);
  if (ticks_per_second == 0) return 0;  // no timebase: procfs does not start without one
  uint64_t hundredths = ticks / ticks_per_second * 100 + ticks % ticks_per_second * 100 / ticks_per_second;
  t.add_number(hundredths / 100).add(".").add_number(hundredths / 10 % 10).add_number(hundredths % 10).add("\n");
  return t.size();
}

}  // namespace procfs
