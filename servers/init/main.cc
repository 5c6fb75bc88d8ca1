// init: the first user process. For now it is the boot-time console: it
// prints its arguments, runs the program its command line names (if any),
// then reads commands from the console and runs each program from the boot
// archive, reporting how it ended. (The supervisor that starts the servers
// from a boot configuration replaces this loop when the servers exist.)
#include <stdio.h>
#include <string.h>

#include "abi/syscall.h"
#include "ipc/syscall.h"

namespace {

constexpr size_t kLineMax = 256;

void report(const char* program, int64_t status) {
  if (status >= 0 && (status & abi::kExitFault)) {
    printf("init: %s was killed by a fault (cause %ld)\n", program, long(status & 0xff));
  } else if (status >= 0) {
    printf("init: %s exited with status %ld\n", program, long(status));
  } else {
    printf("init: %s: %s\n", program, abi::error_name(sys::error_of(status)));
  }
}

// Runs bin/<words[0]> with all words as its argv and waits for it.
void run(char* const* words, int count) {
  char path[64];
  int path_length = snprintf(path, sizeof path, "bin/%s", words[0]);
  if (path_length >= int(sizeof path)) {
    printf("init: %s: name too long\n", words[0]);
    return;
  }
  char args[kLineMax + 8];
  size_t args_length = 0;
  for (int i = 0; i < count; ++i) {
    size_t n = strlen(words[i]) + 1;
    memcpy(args + args_length, words[i], n);
    args_length += n;
  }
  int64_t child = sys::process_spawn(path, size_t(path_length), args, args_length);
  if (sys::failed(child)) {
    report(words[0], child);
    return;
  }
  report(words[0], sys::process_wait(uint32_t(child)));
  sys::handle_close(uint32_t(child));
}

// Reads one line with echo and backspace; returns its length.
size_t read_line(char* line) {
  size_t length = 0;
  for (;;) {
    char c;
    if (sys::debug_read(&c, 1) != 1) continue;
    if (c == '\r' || c == '\n') {
      sys::debug_write("\n", 1);
      line[length] = '\0';
      return length;
    }
    if (c == 0x7f || c == '\b') {
      if (length > 0) {
        --length;
        sys::debug_write("\b \b", 3);
      }
      continue;
    }
    if (length + 1 < kLineMax) {
      line[length++] = c;
      sys::debug_write(&c, 1);
    }
  }
}

int split(char* line, char** words, int capacity) {
  int count = 0;
  for (char* p = line; *p && count < capacity;) {
    while (*p == ' ') *p++ = '\0';
    if (!*p) break;
    words[count++] = p;
    while (*p && *p != ' ') ++p;
  }
  return count;
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t instret = sys::read_instret();
  printf("init: started at instret %lu\n", instret);
  for (int i = 0; i < argc; ++i) printf("init: argv[%d] = \"%s\"\n", i, argv[i]);
  if (argc > 1) run(argv + 1, argc - 1);

  char line[kLineMax];
  char* words[32];
  for (;;) {
    printf("init> ");
    read_line(line);
    int count = split(line, words, 32);
    if (count == 0) continue;
    if (strcmp(words[0], "poweroff") == 0) sys::poweroff();
    if (strcmp(words[0], "free") == 0) {
      printf("free frames: %ld\n", long(sys::frames_free()));
      continue;
    }
    run(words, count);
  }
}
