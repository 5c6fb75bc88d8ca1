#include "ipc/process.h"

#include <string_view>

#include "abi/address_space.h"
#include "abi/rights.h"
#include "abi/syscall.h"
#include "cpio.h"
#include "ipc/boot_archive.h"
#include "ipc/program_builder.h"
#include "ipc/syscall.h"
#include "ipc/time.h"

namespace ipc {

namespace {

constexpr size_t kMaxArgs = 1024;
constexpr size_t kMaxPath = 128;
constexpr size_t kStackImageBytes = 4096;
constexpr std::string_view kProgramDirectory = "bin/";

// Appends text to buffer[used..capacity); false if it does not fit.
bool append(char* buffer, size_t capacity, size_t& used, std::string_view text) {
  if (text.size() > capacity - used) return false;
  text.copy(buffer + used, text.size());
  used += text.size();
  return true;
}

Status check_transferable(Handle handle) {
  int64_t info = sys::handle_info(handle);
  if (info < 0) return static_cast<Error>(info);
  return uint64_t(info) & abi::rights::kTransfer ? Status{} : Error::AccessDenied;
}

// Every handle (and the ready end, if any) exists, may be transferred, and
// is named once: checked before anything moves, so that these errors leave
// the caller all of them.
Status check_transferable(std::span<const Handle> handles, Handle ready) {
  if (handles.size() > kMaxSpawnHandles) return Error::TooLarge;
  for (size_t i = 0; i < handles.size(); ++i) {
    TRY(check_transferable(handles[i]));
    if (handles[i] == ready) return Error::InvalidArgument;
    for (size_t j = 0; j < i; ++j) {
      if (handles[j] == handles[i]) return Error::InvalidArgument;
    }
  }
  return ready == kInvalidHandle ? Status{} : check_transferable(ready);
}

}  // namespace

Result<Handle> spawn_from_archive(std::string_view path, std::span<const char> argv,
                                  std::span<const Handle> handles, Handle ready) {
  if (argv.empty() || path.empty()) return Error::InvalidArgument;
  if (argv.size() > kMaxArgs) return Error::TooLarge;
  TRY(check_transferable(handles, ready));
  std::span<const uint8_t> bytes = boot_archive();
  if (bytes.empty()) return Error::AccessDenied;
  auto file = tessera::CpioReader(bytes).find(path);
  if (!file) return file.error();
  tessera::ElfLimits limits{abi::kUserImageBase, abi::kUserImageTop, tessera::ElfImage::kMaxSegments};
  auto image = tessera::parse_elf(file->data, limits);
  if (!image) return Error::Malformed;

  ProgramBuilder builder;
  TRY(builder.create(program_name(path)));
  TRY(builder.load(file->data, *image, ImageMemory::Device));
  StackContents contents{argv, {}, {}, abi::kUserStackTop};
  contents.timebase = ticks_per_second();
  contents.memory_frames = aux_value(abi::kAuxMemoryFrames);
  TRY(builder.give_boot_archive(contents));
  TRY(builder.give_debug_console(contents));
  uint32_t installed[kMaxSpawnHandles];
  for (size_t i = 0; i < handles.size(); ++i) {
    auto given = builder.give(handles[i]);
    if (!given) return given.error();
    installed[i] = *given;
  }
  contents.handles = {installed, handles.size()};
  if (ready != kInvalidHandle) {
    auto given = builder.give(ready);
    if (!given) return given.error();
    contents.ready = *given;
  }
  uint8_t stack[kStackImageBytes];
  return builder.start(contents, stack);
}

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
  return spawn_from_archive({path, path_length}, {args, used}, handles);
}

int64_t wait(Handle process, uint64_t deadline) { return sys::process_wait(process, deadline); }

}  // namespace ipc
