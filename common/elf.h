// ELF64 executable parser: checks that a file is a static RISC-V executable
// the kernel can load into a fresh address space, and lists its loadable
// segments. It only reads the file; mapping and copying is the loader's job.
//
// The file is untrusted: every offset and size is checked against the file
// and the allowed user range with overflow-safe arithmetic, so a loader that
// trusts the result never reads past the file nor maps outside the range.
// Freestanding: no heap, no libc.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "result.h"

namespace tessera {

inline constexpr uint64_t kElfPageSize = 4096;

struct ElfLimits {
  uint64_t user_base;   // every segment lies in [user_base, user_top)
  uint64_t user_top;
  size_t max_segments;  // values above ElfImage::kMaxSegments act as it
};

// One PT_LOAD segment: memory [vaddr, vaddr + memsz) is file bytes
// [offset, offset + filesz) followed by zeros. Invariants after parse_elf:
// memsz > 0, filesz <= memsz, the file range is inside the file, the memory
// range is inside the limits, and vaddr == offset modulo the segment's
// alignment.
struct ElfSegment {
  uint64_t vaddr;
  uint64_t memsz;
  uint64_t offset;
  uint64_t filesz;
  bool readable;
  bool writable;
  bool executable;
};

struct ElfImage {
  static constexpr size_t kMaxSegments = 8;

  uint64_t entry;  // inside an executable segment
  // In program-header order; no two share a page.
  std::array<ElfSegment, kMaxSegments> segments;
  size_t count;  // >= 1
};

// Validates `file` and lists its loadable segments. PT_LOAD segments with
// memsz 0 are skipped; other program headers are ignored, except PT_INTERP
// (a dynamically linked program cannot run here). Errors: Malformed for any
// inconsistency or a PT_INTERP, OutOfRange for a segment outside the user
// range, TooLarge for more segments than allowed, InvalidArgument for limits
// with user_base >= user_top or max_segments == 0.
Result<ElfImage> parse_elf(std::span<const uint8_t> file, const ElfLimits& limits);

}  // namespace tessera
