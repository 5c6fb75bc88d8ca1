// Disk: spans of bytes split into a partial head block, whole blocks, and
// a partial tail block.
#include "disk.h"

#include <string.h>

namespace fatfs {

namespace {

// Walks count bytes from byte: whole(first block, blocks, done) for each
// run of whole blocks, partial(byte, chunk, done) for a piece of one block;
// done is how many bytes came before.
template <class Whole, class Partial>
Status split_span(uint64_t byte, uint32_t count, uint32_t block, Whole&& whole, Partial&& partial) {
  uint32_t done = 0;
  while (done < count) {
    uint32_t left = count - done;
    uint32_t in_block = uint32_t(byte % block);
    uint32_t moved;
    if (in_block == 0 && left >= block) {
      moved = left / block * block;
      TRY(whole(byte / block, moved / block, done));
    } else {
      moved = block - in_block < left ? block - in_block : left;
      TRY(partial(byte, moved, done));
    }
    byte += moved, done += moved;
  }
  return {};
}

}  // namespace

Status Disk::read_span(uint64_t byte, uint8_t* out, uint32_t count) {
  return split_span(
      byte, count, block_,
      [&](uint64_t lba, uint32_t blocks, uint32_t done) { return cache_.read_blocks(lba, blocks, out + done); },
      [&](uint64_t at, uint32_t chunk, uint32_t done) -> Status {
        auto p = read(at);
        if (!p) return p.error();
        memcpy(out + done, *p, chunk);
        return {};
      });
}

Status Disk::write_span(uint64_t byte, const uint8_t* data, uint32_t count) {
  return split_span(
      byte, count, block_,
      [&](uint64_t lba, uint32_t blocks, uint32_t done) { return cache_.write_blocks(lba, blocks, data + done); },
      [&](uint64_t at, uint32_t chunk, uint32_t done) -> Status {
        auto p = modify(at);
        if (!p) return p.error();
        memcpy(*p, data + done, chunk);
        return {};
      });
}

}  // namespace fatfs
