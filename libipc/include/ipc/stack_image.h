// The initial stack of a program the user-space loader starts (ipc::spawn,
// procmgr), built as bytes in the spawner's memory and then copied into the
// child: the SysV layout that libc/src/crt0.S reads, the same one
// kernel/boot/program_loader.cc builds for init.
//
//   sp -> argc, argv[0..argc), NULL, envp[0..envc), NULL,
//         auxv: AT_PAGESZ 4096, [kAuxTimebase f], [kAuxMemoryFrames m], [kAuxInheritance h],
//               [kAuxBootArchive b, kAuxBootArchiveSize s], [kAuxDebugConsole d], [kAuxReady r],
//               [kAuxHandles a, kAuxHandleCount n], AT_NULL 0,
//         ... the uint32 handle array (16-aligned), the strings (argv, then envp)
//   stack_top
//
// Host-testable: no syscalls, no heap.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "result.h"

namespace ipc {

inline constexpr uint64_t kAuxNull = 0;
inline constexpr uint64_t kAuxPageSize = 6;  // AT_PAGESZ

struct StackContents {
  // NUL-separated strings; a missing final NUL is supplied, and an empty
  // block is no strings at all.
  std::span<const char> argv;
  std::span<const char> envp;
  // Handle values in the child's table (auxv kAuxHandles); none: no pair.
  std::span<const uint32_t> handles;
  uint64_t stack_top;  // 16-aligned
  uint64_t page_size = 4096;
  uint64_t timebase = 0;  // ticks per second (auxv kAuxTimebase); 0: none passed
  uint64_t memory_frames = 0;  // auxv kAuxMemoryFrames; 0: none passed
  uint64_t inheritance = 0;  // auxv kAuxInheritance; 0: none passed
  uint64_t boot_archive = 0;  // auxv kAuxBootArchive; 0: none passed
  uint64_t boot_archive_size = 0;  // auxv kAuxBootArchiveSize, passed with boot_archive
  uint64_t debug_console = 0;  // auxv kAuxDebugConsole; 0: none passed
  uint64_t ready = 0;  // auxv kAuxReady; 0: none passed
};

struct StackImage {
  uint64_t sp;    // the initial sp: the image covers [sp, stack_top)
  size_t size;    // stack_top - sp, the bytes written to the front of `out`
};

// Lays the image out in out[0, size), where out[0] is the byte at sp.
// InvalidArgument for a stack_top that is not 16-aligned or too low,
// TooLarge if out cannot hold the image.
Result<StackImage> build_stack_image(const StackContents& contents, std::span<uint8_t> out);

// The number of strings in a NUL-separated block (as build_stack_image counts them).
size_t count_strings(std::span<const char> block);

}  // namespace ipc
