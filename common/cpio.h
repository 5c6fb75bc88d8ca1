// Reader for the boot archive, a cpio "newc" archive (as written by
// image/mkarchive.py or `cpio -o -H newc`) that the kernel finds in memory
// and serves init and the boot-time servers from.
//
// The archive is untrusted: every header field is parsed strictly (8 hex
// digits), every name and file is checked to lie inside the archive, and
// every walk is bounded because each entry moves the offset forward by at
// least one header. Entries are views into the archive, which must outlive
// them. Freestanding: no heap, no libc.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "result.h"

namespace tessera {

struct CpioEntry {
  std::string_view name;          // as stored, without the NUL; never empty
  std::span<const uint8_t> data;  // the file's contents (empty for directories)
  uint32_t mode;                  // file type and permission bits (S_IFREG | 0755, ...)
  size_t next_offset;             // where the following header starts
};

class CpioReader {
 public:
  explicit CpioReader(std::span<const uint8_t> archive) : archive_(archive) {}

  // The entry called `name`; a leading "./" on either the archive's name or
  // `name` is ignored, so "bin/init" finds "./bin/init". NotFound once the
  // trailer is reached without a match; Malformed if a header before the
  // match is corrupt or the archive ends without a trailer.
  Result<CpioEntry> find(std::string_view name) const;

  // Iteration in archive order. NotFound at the TRAILER!!! entry;
  // Malformed for a corrupt header or an archive cut short.
  Result<CpioEntry> first() const { return entry_at(0); }
  Result<CpioEntry> next(const CpioEntry& entry) const { return entry_at(entry.next_offset); }

 private:
  Result<CpioEntry> entry_at(size_t offset) const;

  std::span<const uint8_t> archive_;
};

}  // namespace tessera
