#include "remote.h"

#include <stdio.h>

#include "ipc/ipc.h"
#include "ipc/process.h"

namespace bench {

Remote Remote::start(const char* role, ipc::Handle extra, const char* hart) {
  auto pair = ipc::channel_create();
  const char* argv[] = {"ipcbench", role, hart};
  ipc::Handle handles[] = {pair->b, extra};
  auto child = ipc::spawn(std::span<const char* const>(argv, hart ? 3 : 2),
                          std::span<const ipc::Handle>(handles, extra ? 2 : 1));
  if (!child) printf("ipcbench: cannot start %s: %s\n", role, abi::error_name(child.error()));
  return Remote{pair->a, child ? *child : 0};
}

void Remote::stop() {
  (void)ipc::close(end);
  ipc::wait(process);
  (void)ipc::close(process);
}

}  // namespace bench
