// Loads a static ELF program into a new process from user space: the file
// is opened through the child's own Vfs session and read through the File
// channel vfs returns; the process is built by the one user-space loader
// (ipc/program_builder.h, shared with init).
//
// It may run in several threads at once; it allocates nothing. A program
// its spawner started before is not read again while the file is unchanged:
// the file is opened (so access is checked as ever) and its bytes come from
// procmgr's image cache (image_cache.h). A program loaded from the cache
// shares its read-only segments (its text) with every other process
// loaded from the same cached image: they are the cache's pages, mapped,
// not copied; only its writable data is copied.
//
// Everything in the file is untrusted: common/elf checks it before
// anything is mapped, and a bad file is an error (Malformed), never a
// crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "ipc/load_plan.h"
#include "ipc/message.h"
#include "result.h"

namespace procmgr {

struct LoadRequest {
  int64_t owner;               // the spawner's pid: whose cached images may serve (image_cache.h)
  std::string_view path;       // absolute, as the child's Vfs session sees it
  std::span<const char> argv;  // NUL-separated; empty: argv is just path
  std::span<const char> envp;  // NUL-separated
  ipc::Handle vfs;             // the child's Vfs session (consumed)
  bool private_mounts;         // give the child vfs.clone(true) instead
  ipc::Handle session;         // client end of its ProcessManager session (consumed)
  ipc::Handle inheritance;     // what it inherits: its third startup handle (consumed)
  std::span<uint8_t> stack;    // where the stack image is built (stack_image_capacity)
  ipc::Handle view;            // out: a clone(false) of the child's session, for mountView (0: none)
};

// Builds and starts the program; returns the process handle (basic, read,
// manage). Errors: the Vfs's (NotFound, ...), IsDirectory, Malformed for a
// file that is no loadable program, TooLarge, NoMemory, and the kernel's.
// The request's handles are consumed on every path.
Result<ipc::Handle> load_program(LoadRequest& request);

// Room enough for the stack image of a program started with path, argv
// and envp (blocks as LoadRequest has them, each NUL possibly missing).
size_t stack_image_capacity(std::string_view path, std::span<const char> argv, std::span<const char> envp);

// Drops the images owner's spawns read (image_cache.h): it has ended.
void forget_images(int64_t owner);

// The last component of path: the new process's name.
using ipc::program_name;

}  // namespace procmgr
