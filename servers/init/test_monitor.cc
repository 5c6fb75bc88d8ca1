#include "test_monitor.h"

#include <stdio.h>
#include <string.h>

#include "ipc/startup.h"
#include "ipc/syscall.h"
#include "resources.h"

namespace init {

namespace {

// Line input from the kernel's debug console, with echo and backspace.
size_t read_debug_line(char* line) {
  size_t length = 0;
  for (;;) {
    char c;
    if (sys::debug_read(&c, 1) != 1) continue;
    if (c == '\r' || c == '\n') {
      sys::debug_write(ipc::debug_console(), "\n", 1);
      line[length] = '\0';
      return length;
    }
    if (c == 0x7f || c == '\b') {
      if (length > 0) {
        --length;
        sys::debug_write(ipc::debug_console(), "\b \b", 3);
      }
      continue;
    }
    if (length + 1 < kMaxCommandLine) {
      line[length++] = c;
      sys::debug_write(ipc::debug_console(), &c, 1);
    }
  }
}

int split(char* line, char** words, int capacity) {
  int count = 0;
  for (char* p = line; *p && count < capacity;) {
    while (*p == ' ' || *p == '\n') *p++ = '\0';
    if (!*p) break;
    words[count++] = p;
    while (*p && *p != ' ' && *p != '\n') ++p;
  }
  return count;
}

bool run_builtin(char** words) {
  if (strcmp(words[0], "poweroff") == 0) {
    int64_t result = sys::poweroff(power_handle());
    printf("init: poweroff: %s\n", abi::error_name(sys::error_of(result)));
    return true;
  }
  if (strcmp(words[0], "devices") == 0) {
    show_devices();
    return true;
  }
  if (strcmp(words[0], "free") == 0) {
    sys::KernelMemory memory = sys::kernel_memory();
    printf("free frames: %lu\nkernel heap: %lu bytes\n", memory.free_frames, memory.heap_bytes);
    return true;
  }
  return false;
}

}  // namespace

void run_test_monitor(const ConsoleServices& services) {
  char line[kMaxCommandLine];
  char* words[32];
  for (;;) {
    printf("init> ");
    read_debug_line(line);
    int count = split(line, words, 32);
    if (count > 0 && !run_builtin(words)) run_command(words, count, services);
  }
}

}  // namespace init
