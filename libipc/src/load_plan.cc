#include "ipc/load_plan.h"

#include "abi/address_space.h"
#include "abi/syscall.h"

namespace ipc {

SegmentMapping mapping_of(const tessera::ElfSegment& s) {
  uint64_t start = abi::page_round_down(s.vaddr);
  uint64_t prot = (s.readable ? abi::kProtRead : 0) | (s.writable ? abi::kProtWrite : 0) |
                  (s.executable ? abi::kProtExec : 0);
  return {start, abi::page_round_up(s.vaddr + s.memsz) - start, prot ? prot : abi::kProtRead};
}

bool shareable(const tessera::ElfSegment& s) {
  return !s.writable && s.filesz > 0 && s.filesz == s.memsz && s.offset % abi::kPageSize == s.vaddr % abi::kPageSize;
}

uint64_t shared_offset(const tessera::ElfSegment& s) { return abi::page_round_down(s.offset); }

std::string_view program_name(std::string_view path) {
  size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return path;
  // Not substr: it may throw, and nothing here can.
  return {path.data() + slash + 1, path.size() - slash - 1};
}

}  // namespace ipc
