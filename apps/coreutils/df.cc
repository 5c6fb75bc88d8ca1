// df [PATH...]: how full the file system holding each path is; with no
// path, every mount of the caller's mountspace that holds blocks (pseudo
// file systems such as /proc hold none). Sizes in KiB:
//     Mounted on             1K-blocks         Used    Available Use%
#include <stdint.h>
#include <stdio.h>

#include "lib/fs_usage.h"
#include "lib/mountspace.h"
#include "lib/options.h"
#include "lib/report.h"

using namespace coreutils;

namespace {

void print_row(const char* path, const FsUsage& usage) {
  auto to_kib = [&](uint64_t blocks) { return blocks * usage.block_size / 1024; };
  uint64_t used = usage.blocks - usage.free_blocks;
  uint64_t usable = used + usage.available_blocks;
  char percent[8] = "-";
  // Rounded up, as df does: a file system 99.5% full is not shown as 99%.
  if (usable > 0) snprintf(percent, sizeof percent, "%llu%%", (unsigned long long)((used * 100 + usable - 1) / usable));
  printf("%-20s %12llu %12llu %12llu %4s\n", path, (unsigned long long)to_kib(usage.blocks),
         (unsigned long long)to_kib(used), (unsigned long long)to_kib(usage.available_blocks), percent);
}

struct Context {
  int result;
};

void print_mount(const char* path, void* context) {
  FsUsage usage;
  if (fs_usage(path, usage) != 0) {
    static_cast<Context*>(context)->result = report_errno(path);
    return;
  }
  if (usage.blocks > 0) print_row(path, usage);
}

}  // namespace

int main(int argc, char** argv) {
  set_program_name("df");
  if (next_option(argc, argv, "") != -1) return usage("[path...]");
  printf("%-20s %12s %12s %12s %4s\n", "Mounted on", "1K-blocks", "Used", "Available", "Use%");
  Context context{kExitOk};
  if (optind == argc && mount_list(print_mount, &context) != 0) context.result = report_errno("mounts");
  for (int i = optind; i < argc; ++i) {
    FsUsage usage;
    if (fs_usage(argv[i], usage) != 0) context.result = report_errno(argv[i]);
    else print_row(argv[i], usage);
  }
  if (fflush(stdout) != 0) return report_errno("stdout");
  return context.result;
}
