// One fsbench figure: "name value unit", then how many runs its median is
// of and the IPC round trips one operation makes (docs/benchmarks.md).
#pragma once

#include <stdio.h>

#include "../ipcbench/measure.h"
#include "ipc/message.h"

namespace fsbench {

inline void figure(const char* name, uint64_t value, const char* unit, int runs, int roundtrips) {
  bench::report(name, value, unit);
  char extra[64];
  snprintf(extra, sizeof extra, "%s_runs", name);
  bench::report(extra, uint64_t(runs), "count");
  snprintf(extra, sizeof extra, "%s_ipc_roundtrips", name);
  bench::report(extra, uint64_t(roundtrips), "count");
}

// fatfs on /disk (fat.cc): the 1 MiB sequential figures, creating 1,000
// small files, stat, open and close. Returns the number of failures.
int fat_figures(ipc::Handle vfs, ipc::Handle buffer, uint8_t* shared);

}  // namespace fsbench
