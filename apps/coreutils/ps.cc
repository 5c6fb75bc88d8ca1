// ps: every live process, by pid, from /proc/<pid>/status (lib/proc_text.h):
//     PID    PPID STATE THREADS  RSS(KiB) NAME
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/number.h"
#include "lib/options.h"
#include "lib/proc_text.h"
#include "lib/report.h"

using namespace coreutils;

namespace {

// The pids under /proc, sorted; false with errno on failure.
bool list_pids(uint64_t*& pids, size_t& count) {
  DIR* proc = opendir("/proc");
  if (!proc) return false;
  size_t capacity = 0;
  pids = nullptr;
  count = 0;
  bool ok = true;
  for (;;) {
    errno = 0;
    struct dirent* entry = readdir(proc);
    if (!entry) {
      ok = errno == 0;
      break;
    }
    uint64_t pid;
    if (!parse_unsigned(entry->d_name, pid)) continue;  // meminfo, self, ...
    if (count == capacity) {
      capacity = capacity ? capacity * 2 : 64;
      uint64_t* grown = static_cast<uint64_t*>(realloc(pids, capacity * sizeof(uint64_t)));
      if (!grown) {
        errno = ENOMEM;
        ok = false;
        break;
      }
      pids = grown;
    }
    pids[count++] = pid;
  }
  int error = errno;
  closedir(proc);
  errno = error;
  qsort(pids, count, sizeof(uint64_t), [](const void* a, const void* b) {
    uint64_t x = *static_cast<const uint64_t*>(a), y = *static_cast<const uint64_t*>(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return ok;
}

void print_process(uint64_t pid) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%llu/status", (unsigned long long)pid);
  static char status[8192];
  // A process that ended since /proc was read is simply not shown.
  if (!read_small_file(path, status, sizeof status)) return;
  char name[64] = "?", state[32] = "?", ppid[24] = "?", threads[24] = "?", rss[32] = "-";
  proc_field(status, "Name", name, sizeof name);
  proc_field(status, "State", state, sizeof state);
  proc_field(status, "PPid", ppid, sizeof ppid);
  proc_field(status, "Threads", threads, sizeof threads);
  uint64_t rss_kib;
  if (proc_number(status, "VmRSS", rss_kib)) snprintf(rss, sizeof rss, "%llu", (unsigned long long)rss_kib);
  // "S (sleeping)": the letter is enough.
  if (char* blank = strchr(state, ' ')) *blank = '\0';
  printf("%7llu %7s %-5s %7s %9s %s\n", (unsigned long long)pid, ppid, state, threads, rss, name);
}

}  // namespace

int main(int argc, char** argv) {
  set_program_name("ps");
  if (next_option(argc, argv, "") != -1 || optind != argc) return usage("");
  uint64_t* pids = nullptr;
  size_t count = 0;
  if (!list_pids(pids, count)) {
    free(pids);
    return report_errno("/proc");
  }
  printf("%7s %7s %-5s %7s %9s %s\n", "PID", "PPID", "STATE", "THREADS", "RSS(KiB)", "NAME");
  for (size_t i = 0; i < count; ++i) print_process(pids[i]);
  free(pids);
  if (fflush(stdout) != 0) return report_errno("stdout");
  return kExitOk;
}
