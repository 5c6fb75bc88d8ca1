#include "boot/program_loader.h"

#include "abi/error.h"
#include "cpio.h"
#include "elf.h"
#include "mm/frames.h"
#include "mm/layout.h"
#include "object/process.h"
#include "object/thread.h"
#include "sched/scheduler.h"

namespace kernel {

using tessera::CpioReader;
using tessera::ElfImage;
using tessera::ElfLimits;
using tessera::ElfSegment;
using tessera::parse_elf;

namespace {

std::span<const uint8_t> boot_archive;

constexpr size_t kMaxArgBytes = 64 * 1024;
constexpr size_t kMaxArgs = 256;  // the pointer array lives on the kernel stack
constexpr uint64_t kAuxPageSize = 6;  // AT_PAGESZ
constexpr uint64_t kAuxNull = 0;

uint64_t segment_flags(const ElfSegment& s) {
  return (s.readable ? pte::kRead : 0) | (s.writable ? pte::kWrite | pte::kRead : 0) |
         (s.executable ? pte::kExec : 0);
}

Status load_segments(AddressSpace& space, std::span<const uint8_t> file, const ElfImage& image) {
  for (size_t i = 0; i < image.count; ++i) {
    const ElfSegment& s = image.segments[i];
    uint64_t start = page_round_down(s.vaddr);
    uint64_t end = page_round_up(s.vaddr + s.memsz);
    TRY(space.add_region(start, end - start, segment_flags(s), AddressSpace::Commit::Charged));
    // The bss part is zero already: frames come zeroed.
    TRY(space.load(s.vaddr, file.data() + s.offset, s.filesz));
  }
  return {};
}

// Copies bytes to the stack below top, 16-aligned; returns their address.
Result<uint64_t> place(AddressSpace& space, uint64_t top, const void* bytes, size_t length) {
  uint64_t at = (top - length) & ~uint64_t{15};
  TRY(space.copy_out(at, bytes, length));
  return at;
}

// Builds the initial stack: strings at the top, then the boot resource
// array, then (downwards, 16-aligned) auxv, envp, argv, argc, with
// sp pointing at argc.
Result<uint64_t> build_stack(AddressSpace& space, const StartInfo& info) {
  constexpr uint64_t kStackBase = kUserStackTop - kUserStackSize, kChargedBase = kUserStackTop - abi::kUserStackCharged;
  TRY(space.add_region(kStackBase, kChargedBase - kStackBase, pte::kRead | pte::kWrite, AddressSpace::Commit::Lazy));
  TRY(space.add_region(kChargedBase, abi::kUserStackCharged, pte::kRead | pte::kWrite, AddressSpace::Commit::Charged));
  std::span<const char> argv_block = info.argv_block;
  uint64_t strings = kUserStackTop - page_round_up(argv_block.size() + 1);
  TRY(space.copy_out(strings, argv_block.data(), argv_block.size()));
  auto resources = place(space, strings, info.boot_resources.data(), info.boot_resources.size_bytes());
  if (!resources) return resources.error();

  uint64_t pointers[kMaxArgs + 1];
  size_t argc = 0;
  for (size_t i = 0; i < argv_block.size() && argc < kMaxArgs;) {
    pointers[argc++] = strings + i;
    while (i < argv_block.size() && argv_block[i] != '\0') ++i;
    ++i;
  }
  pointers[argc] = 0;
  // argc, argv + NULL, envp NULL, then auxv: page size, timebase, memory
  // frames and null, and two pairs for the boot resource array if given.
  uint64_t aux_pairs = 4 + (info.boot_resources.empty() ? 0 : 2);
  uint64_t words = 1 + (argc + 1) + 1 + 2 * aux_pairs;
  uint64_t sp = (*resources - words * 8) & ~uint64_t{15};
  uint64_t at = sp;
  auto push = [&](uint64_t v) -> Status {
    Status s = space.copy_out(at, &v, sizeof v);
    at += 8;
    return s;
  };
  TRY(push(argc));
  for (size_t i = 0; i <= argc; ++i) TRY(push(pointers[i]));
  TRY(push(0));  // envp: empty for now
  TRY(push(kAuxPageSize));
  TRY(push(kPageSize));
  TRY(push(abi::kAuxTimebase));
  TRY(push(sched::ticks_per_second()));
  TRY(push(abi::kAuxMemoryFrames));
  TRY(push(frames::total_count()));
  if (!info.boot_resources.empty()) {
    TRY(push(abi::kAuxBootInfo));
    TRY(push(*resources));
    TRY(push(abi::kAuxBootInfoCount));
    TRY(push(info.boot_resources.size()));
  }
  TRY(push(kAuxNull));
  TRY(push(0));
  return sp;
}

}  // namespace

void boot_archive_init(std::span<const uint8_t> archive) { boot_archive = archive; }

Result<LoadedProgram> load_program(std::string_view path, unsigned max_priority) {
  CpioReader reader(boot_archive);
  auto entry = reader.find(path);
  if (!entry) return entry.error();
  ElfLimits limits{kUserImageBase, kUserImageTop, ElfImage::kMaxSegments};
  auto image = parse_elf(entry->data, limits);
  if (!image) return image.error();

  std::string_view name = path.substr(path.rfind('/') + 1);
  auto created = Process::create(name.data(), name.size(), max_priority);
  if (!created) return created.error();
  auto process = RefPtr<Process>::adopt(*created);
  TRY(load_segments(process->space(), entry->data, *image));
  return LoadedProgram{std::move(process), image->entry};
}

Status start_program(const LoadedProgram& program, const StartInfo& info) {
  if (info.argv_block.size() > kMaxArgBytes) return Error::TooLarge;
  auto sp = build_stack(program.process->space(), info);
  if (!sp) return sp.error();
  auto thread = Thread::create_user(program.process.get(), program.entry, *sp, 0, program.process->start_priority());
  if (!thread) return thread.error();
  program.process->add_thread(*thread);
  sched::make_ready(*thread);  // the creator's reference: the scheduler's until the thread is gone
  return {};
}

}  // namespace kernel
