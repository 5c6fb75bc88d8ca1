#include "ipc/program_builder.h"

#include "abi/address_space.h"
#include "abi/rights.h"
#include "ipc/boot_archive.h"
#include "ipc/startup.h"
#include "ipc/syscall.h"

namespace ipc {

namespace {

constexpr size_t kMaxName = 31;  // the kernel's Process::kNameLength - 1
constexpr size_t kBounceBytes = 2048;
// What a child may do with the boot archive: map it and read, pass it on.
constexpr uint32_t kArchiveRights =
    abi::rights::kRead | abi::rights::kMap | abi::rights::kTransfer | abi::rights::kDuplicate;
// What a child may do with the debug console: write it, pass it on.
constexpr uint32_t kDebugConsoleRights = abi::rights::kWrite | abi::rights::kTransfer | abi::rights::kDuplicate;

Status status_of(int64_t result) { return result < 0 ? Status(static_cast<Error>(result)) : Status(); }

// process_write from a device mapping, one stack buffer at a time.
Status write_through_buffer(Handle process, uint64_t address, const uint8_t* from, uint64_t length) {
  uint8_t buffer[kBounceBytes];
  for (uint64_t done = 0; done < length;) {
    uint64_t n = length - done < kBounceBytes ? length - done : kBounceBytes;
    for (uint64_t i = 0; i < n; ++i) buffer[i] = from[done + i];
    TRY(status_of(sys::process_write(process, address + done, buffer, n)));
    done += n;
  }
  return {};
}

}  // namespace

ProgramBuilder::~ProgramBuilder() {
  if (process_) (void)sys::handle_close(process_);
}

Status ProgramBuilder::create(std::string_view name) {
  if (name.empty()) return Error::InvalidArgument;
  int64_t created = sys::process_create(name.data(), name.size() < kMaxName ? name.size() : kMaxName);
  if (created < 0) return static_cast<Error>(created);
  process_ = static_cast<Handle>(created);
  return {};
}

Status ProgramBuilder::load(std::span<const uint8_t> file, const tessera::ElfImage& image, ImageMemory memory,
                           Handle shared) {
  for (size_t i = 0; i < image.count; ++i) {
    const tessera::ElfSegment& s = image.segments[i];
    SegmentMapping m = mapping_of(s);
    if (shared && shareable(s)) {
      TRY(status_of(sys::membuf_map_at(shared, process_, m.start, shared_offset(s), m.size, m.prot)));
      continue;
    }
    TRY(status_of(sys::mem_map_at(process_, m.start, m.size, m.prot)));
    if (s.filesz == 0) continue;
    const uint8_t* bytes = file.data() + s.offset;
    if (memory == ImageMemory::Device) {
      TRY(write_through_buffer(process_, s.vaddr, bytes, s.filesz));
    } else {
      TRY(status_of(sys::process_write(process_, s.vaddr, bytes, s.filesz)));
    }
  }
  entry_ = image.entry;
  // The stack's top is charged now (abi::kUserStackCharged); the rest only
  // when touched.
  uint64_t stack_base = abi::kUserStackTop - abi::kUserStackSize;
  uint64_t charged_base = abi::kUserStackTop - abi::kUserStackCharged;
  TRY(status_of(sys::mem_map_at(process_, stack_base, charged_base - stack_base,
                                abi::kProtRead | abi::kProtWrite | abi::kMapLazy)));
  return status_of(sys::mem_map_at(process_, charged_base, abi::kUserStackCharged, abi::kProtRead | abi::kProtWrite));
}

Result<uint32_t> ProgramBuilder::give(Handle handle) {
  int64_t given = sys::handle_give(process_, handle);
  if (given < 0) return static_cast<Error>(given);
  return static_cast<uint32_t>(given);
}

Result<uint32_t> ProgramBuilder::give_copy(Handle handle, uint32_t rights) {
  int64_t copy = sys::handle_dup(handle, rights);
  if (copy < 0) return static_cast<Error>(copy);
  auto given = give(static_cast<Handle>(copy));
  if (!given) (void)sys::handle_close(static_cast<Handle>(copy));
  return given;
}

Status ProgramBuilder::give_boot_archive(StackContents& contents) {
  std::span<const uint8_t> archive = boot_archive();
  if (archive.empty()) return {};
  auto given = give_copy(boot_archive_handle(), kArchiveRights);
  if (!given) return given.error();
  contents.boot_archive = *given;
  contents.boot_archive_size = archive.size();
  return {};
}

Status ProgramBuilder::give_debug_console(StackContents& contents) {
  Handle console = debug_console();
  if (!console) return {};
  auto given = give_copy(console, kDebugConsoleRights);
  if (!given) return given.error();
  contents.debug_console = *given;
  return {};
}

Result<Handle> ProgramBuilder::start(const StackContents& contents, std::span<uint8_t> scratch) {
  auto stack = build_stack_image(contents, scratch);
  if (!stack) return stack.error();
  TRY(status_of(sys::process_write(process_, stack->sp, scratch.data(), stack->size)));
  int64_t thread = sys::thread_start(process_, entry_, stack->sp, 0);
  if (thread < 0) return static_cast<Error>(thread);
  (void)sys::handle_close(static_cast<Handle>(thread));
  Handle process = process_;
  process_ = 0;
  return process;
}

}  // namespace ipc
