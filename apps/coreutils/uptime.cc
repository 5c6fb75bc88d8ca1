// uptime: how long the system has been running, from /proc/uptime:
// `up 1:02:03`, or `up 2 days, 1:02:03`.
#include <stdint.h>
#include <stdio.h>

#include "lib/options.h"
#include "lib/proc_text.h"
#include "lib/report.h"

using namespace coreutils;

int main(int argc, char** argv) {
  set_program_name("uptime");
  if (next_option(argc, argv, "") != -1 || optind != argc) return usage("");
  char text[128];
  if (!read_small_file("/proc/uptime", text, sizeof text)) return report_errno("/proc/uptime");
  uint64_t seconds;
  if (!parse_uptime_seconds(text, seconds)) return complain("/proc/uptime: not a number of seconds");
  char line[64];
  format_uptime(seconds, line, sizeof line);
  puts(line);
  if (fflush(stdout) != 0) return report_errno("stdout");
  return kExitOk;
}
