#include "ipc/process.h"

#include <string_view>

#include "abi/syscall.h"
#include "ipc/syscall.h"

namespace ipc {

namespace {
constexpr size_t kMaxArgs = 1024;
constexpr size_t kMaxPath = 128;
constexpr std::string_view kProgramDirectory = "bin/";

// Appends text to buffer[used..capacity); false if it does not fit.
bool append(char* buffer, size_t capacity, size_t& used, std::string_view text) {
  if (text.size() > capacity - used) return false;
  text.copy(buffer + used, text.size());
  used += text.size();
  return true;
}
}  // namespace

Result<Handle> spawn(std::span<const char* const> argv, std::span<const Handle> handles) {
  if (argv.empty()) return Error::InvalidArgument;
  char path[kMaxPath];
  size_t path_length = 0;
  if (!append(path, kMaxPath, path_length, kProgramDirectory) || !append(path, kMaxPath, path_length, argv[0])) {
    return Error::TooLarge;
  }
  char args[kMaxArgs];
  size_t used = 0;
  for (const char* arg : argv) {
    // Each argument goes in with its terminating NUL.
    if (!append(args, kMaxArgs, used, std::string_view(arg, std::string_view(arg).size() + 1))) return Error::TooLarge;
  }
  int64_t r = sys::process_spawn(path, path_length, args, used, handles.data(), handles.size());
  if (r < 0) return static_cast<Error>(r);
  return static_cast<Handle>(r);
}

int64_t wait(Handle process, uint64_t deadline) { return sys::process_wait(process, deadline); }

}  // namespace ipc
