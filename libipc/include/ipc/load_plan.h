// What the program loader decides before any syscall (host-testable): where
// each ELF segment goes and with which access, and the new process's name.
#pragma once

#include <cstdint>
#include <string_view>

#include "elf.h"

namespace ipc {

// The pages a loadable segment takes in the new process and their access
// (abi::kProt*). A segment without any access is mapped readable, since a
// mapping needs one.
struct SegmentMapping {
  uint64_t start;
  uint64_t size;
  uint64_t prot;
};
SegmentMapping mapping_of(const tessera::ElfSegment& segment);

// Whether a segment's pages can be the file's own pages, mapped from a
// buffer that holds the file from its offset 0 and that nobody writes
// (procmgr's image cache): nobody writes the segment, it holds no bss
// (whose bytes must read zero), and its file offset and address share
// their place in a page. Its pages then start at this offset of the file.
bool shareable(const tessera::ElfSegment& segment);
uint64_t shared_offset(const tessera::ElfSegment& segment);

// The last component of path: the name a new process is given.
std::string_view program_name(std::string_view path);

}  // namespace ipc
