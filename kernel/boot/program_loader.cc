#include "boot/program_loader.h"

#include "abi/error.h"
#include "lib/cpio.h"
#include "lib/elf.h"
#include "mm/layout.h"
#include "object/process.h"
#include "object/thread.h"
#include "sched/scheduler.h"

namespace kernel {

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
    TRY(space.add_region(start, end - start, segment_flags(s)));
    // The bss part is zero already: frames come zeroed.
    TRY(space.load(s.vaddr, file.data() + s.offset, s.filesz));
  }
  return {};
}

// Builds the initial stack: strings at the top, then (downwards, 16-aligned)
// auxv, envp, argv, argc, with sp pointing at argc.
Result<uint64_t> build_stack(AddressSpace& space, std::span<const char> argv_block) {
  TRY(space.add_region(kUserStackTop - kUserStackSize, kUserStackSize, pte::kRead | pte::kWrite));
  uint64_t strings = kUserStackTop - page_round_up(argv_block.size() + 1);
  TRY(space.copy_out(strings, argv_block.data(), argv_block.size()));

  uint64_t pointers[kMaxArgs + 1];
  size_t argc = 0;
  for (size_t i = 0; i < argv_block.size() && argc < kMaxArgs;) {
    pointers[argc++] = strings + i;
    while (i < argv_block.size() && argv_block[i] != '\0') ++i;
    ++i;
  }
  pointers[argc] = 0;
  uint64_t words = 1 + (argc + 1) + 1 + 4;  // argc, argv+NULL, envp NULL, auxv pairs
  uint64_t sp = (strings - words * 8) & ~uint64_t{15};
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
  TRY(push(kAuxNull));
  TRY(push(0));
  return sp;
}

}  // namespace

void boot_archive_init(std::span<const uint8_t> archive) { boot_archive = archive; }

Result<Process*> spawn_from_archive(std::string_view path, std::span<const char> argv_block) {
  if (argv_block.size() > kMaxArgBytes) return Error::TooLarge;
  CpioReader reader(boot_archive);
  auto entry = reader.find(path);
  if (!entry) return entry.error();
  ElfLimits limits{kUserImageBase, kUserImageTop, ElfImage::kMaxSegments};
  auto image = parse_elf(entry->data, limits);
  if (!image) return image.error();

  std::string_view name = path.substr(path.rfind('/') + 1);
  auto created = Process::create(name.data(), name.size());
  if (!created) return created.error();
  Process* process = *created;
  Status loaded = load_segments(process->space(), entry->data, *image);
  auto sp = loaded ? build_stack(process->space(), argv_block) : Result<uint64_t>(loaded.error());
  auto thread = sp ? Thread::create_user(process, image->entry, *sp, 0, Thread::kDefaultPriority)
                   : Result<Thread*>(sp.error());
  if (!thread) {
    process->release();
    return thread.error();
  }
  process->add_thread(*thread);
  sched::make_ready(*thread);
  return process;
}

}  // namespace kernel
