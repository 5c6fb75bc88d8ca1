// free: memory in KiB, from /proc/meminfo (lib/proc_text.h):
//                total        used        free
//     Mem:      131072       20480      110592
#include <stdint.h>
#include <stdio.h>

#include "lib/options.h"
#include "lib/proc_text.h"
#include "lib/report.h"

using namespace coreutils;

int main(int argc, char** argv) {
  set_program_name("free");
  if (next_option(argc, argv, "") != -1 || optind != argc) return usage("");
  static char meminfo[8192];
  if (!read_small_file("/proc/meminfo", meminfo, sizeof meminfo)) return report_errno("/proc/meminfo");
  uint64_t total, free_kib;
  if (!proc_number(meminfo, "MemTotal", total) || !proc_number(meminfo, "MemFree", free_kib)) {
    return complain("/proc/meminfo: no MemTotal or MemFree line");
  }
  printf("%-4s %11s %11s %11s\n", "", "total", "used", "free");
  printf("%-4s %11llu %11llu %11llu\n", "Mem:", (unsigned long long)total,
         (unsigned long long)(total - free_kib), (unsigned long long)free_kib);
  if (fflush(stdout) != 0) return report_errno("stdout");
  return kExitOk;
}
