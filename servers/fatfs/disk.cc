// Disk: spans of bytes split into a partial head block, whole blocks, and
// a partial tail block.
#include "disk.h"

#include <string.h>

namespace fatfs {

Status Disk::read_span(uint64_t byte, uint8_t* out, uint32_t count) {
  while (count > 0) {
    uint32_t in_block = uint32_t(byte % block_);
    if (in_block == 0 && count >= block_) {
      uint32_t blocks = count / block_;
      TRY(cache_.read_blocks(byte / block_, blocks, out));
      uint32_t moved = blocks * block_;
      byte += moved, out += moved, count -= moved;
      continue;
    }
    uint32_t chunk = room(byte) < count ? room(byte) : count;
    auto p = read(byte);
    if (!p) return p.error();
    memcpy(out, *p, chunk);
    byte += chunk, out += chunk, count -= chunk;
  }
  return {};
}

Status Disk::write_span(uint64_t byte, const uint8_t* data, uint32_t count) {
  while (count > 0) {
    uint32_t in_block = uint32_t(byte % block_);
    if (in_block == 0 && count >= block_) {
      uint32_t blocks = count / block_;
      TRY(cache_.write_blocks(byte / block_, blocks, data));
      uint32_t moved = blocks * block_;
      byte += moved, data += moved, count -= moved;
      continue;
    }
    uint32_t chunk = room(byte) < count ? room(byte) : count;
    auto p = modify(byte);
    if (!p) return p.error();
    memcpy(*p, data, chunk);
    byte += chunk, data += chunk, count -= chunk;
  }
  return {};
}

}  // namespace fatfs
