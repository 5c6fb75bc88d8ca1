// The one user-space loader: builds a new process from a static ELF image
// held in this process's memory, with the builder syscalls (process_create,
// mem_map_at, process_write, handle_give, thread_start). ipc::spawn (from
// the boot archive) and procmgr (from files read through vfs) both start
// programs with it; the kernel loads only init (kernel/boot).
//
// The image must have passed tessera::parse_elf: segments lie in the user
// image range and share no page. Nothing here allocates.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "elf.h"
#include "ipc/load_plan.h"
#include "ipc/message.h"
#include "ipc/stack_image.h"
#include "result.h"

namespace ipc {

// Where the image's bytes are. The kernel copies straight from ordinary
// memory; it never reads a device mapping (mmio_map, as the boot archive
// is mapped), so those bytes go through a buffer on this thread's stack.
enum class ImageMemory { Ordinary, Device };

// A process under construction: closing its last handle before it has a
// thread destroys it, so a builder that is not started leaves nothing.
class ProgramBuilder {
 public:
  ProgramBuilder() = default;
  ProgramBuilder(const ProgramBuilder&) = delete;
  ProgramBuilder& operator=(const ProgramBuilder&) = delete;
  ~ProgramBuilder();

  // An empty process named `name` (cut to the kernel's 31 bytes).
  Status create(std::string_view name);
  // Maps the loadable segments and fills them from file (the bss stays as
  // the kernel gives it: zero), and maps the stack region. With `shared`, a
  // membuf holding file from its offset 0 that nobody will write, the
  // segments nobody writes are mapped from it, sharing its pages, instead
  // of copied (ipc::shareable); it needs `map`.
  Status load(std::span<const uint8_t> file, const tessera::ElfImage& image, ImageMemory memory,
              Handle shared = 0);
  // Moves `handle` into the new process: its value there.
  Result<uint32_t> give(Handle handle);
  // Gives the new process a read-only handle to this process's boot
  // archive (ipc/boot_archive.h) and names it in contents; nothing if this
  // process has none.
  Status give_boot_archive(StackContents& contents);
  // Gives the new process a copy of this process's debug console
  // (ipc::debug_console) and names it in contents; nothing if this process
  // has none.
  Status give_debug_console(StackContents& contents);
  // Lays out the initial stack (contents.stack_top must be
  // abi::kUserStackTop) in scratch, copies it in and starts the first
  // thread at the entry point. Returns the process handle (basic, read,
  // manage); the builder no longer holds it.
  Result<Handle> start(const StackContents& contents, std::span<uint8_t> scratch);

 private:
  // Moves a copy of handle with rights into the new process.
  Result<uint32_t> give_copy(Handle handle, uint32_t rights);

  Handle process_ = 0;
  uint64_t entry_ = 0;
};

}  // namespace ipc
