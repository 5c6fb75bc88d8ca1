#include "ipc/process.h"

#include <string.h>
#include <sys/auxv.h>

#include "abi/syscall.h"
#include "ipc/syscall.h"

namespace ipc {

namespace {
constexpr size_t kMaxArgs = 1024;
constexpr size_t kMaxPath = 128;
}  // namespace

Result<Handle> spawn(std::span<const char* const> argv, std::span<const Handle> handles) {
  if (argv.empty()) return Error::InvalidArgument;
  char path[kMaxPath];
  size_t name_length = strlen(argv[0]);
  if (name_length + 5 > kMaxPath) return Error::TooLarge;
  memcpy(path, "bin/", 4);
  memcpy(path + 4, argv[0], name_length);
  char args[kMaxArgs];
  size_t used = 0;
  for (const char* arg : argv) {
    size_t n = strlen(arg) + 1;
    if (used + n > kMaxArgs) return Error::TooLarge;
    memcpy(args + used, arg, n);
    used += n;
  }
  int64_t r = sys::process_spawn(path, name_length + 4, args, used, handles.data(), handles.size());
  if (r < 0) return static_cast<Error>(r);
  return static_cast<Handle>(r);
}

std::span<const Handle> startup_handles() {
  auto* handles = reinterpret_cast<const Handle*>(getauxval(abi::kAuxHandles));
  size_t count = getauxval(abi::kAuxHandleCount);
  return handles ? std::span<const Handle>(handles, count) : std::span<const Handle>();
}

int64_t wait(Handle process, uint64_t deadline) { return sys::process_wait(process, deadline); }

}  // namespace ipc
