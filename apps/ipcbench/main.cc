// ipcbench: IPC costs in guest instructions (run it under -icount shift=0
// as `ipcbench --icount`; `make bench` does). It prints every figure, one
// per line; `ipcbench serve-<role>` is the server side, started by the
// figures. `ipcbench smp` prints the figures of several harts instead.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipc/process.h"
#include "measure.h"
#include "roles.h"

int main(int argc, char** argv) {
  if (argc >= 2 && strncmp(argv[1], "serve-", 6) == 0) {
    auto handles = ipc::startup_handles();
    if (handles.empty()) return 2;
    const char* role = argv[1] + 6;
    if (argc >= 3 && sys::thread_pin(atoi(argv[2])) != 0) return 2;  // the hart to serve on
    if (strcmp(role, "registers") == 0) return bench::serve_registers(handles[0]);
    if (strcmp(role, "messages") == 0) return bench::serve_messages(handles[0]);
    if (strcmp(role, "stub") == 0) return bench::serve_stub(handles[0]);
    if (strcmp(role, "membuf") == 0 && handles.size() > 1) return bench::serve_membuf(handles[0], handles[1]);
    return 2;
  }
  printf("ipcbench: start\n");
  bench::say_what_figures_count("ipcbench", argc, argv);
  if (argc >= 2 && strcmp(argv[1], "smp") == 0) bench::run_smp_figures();
  else bench::run_figures();
  printf("ipcbench: done\n");
  return 0;
}
