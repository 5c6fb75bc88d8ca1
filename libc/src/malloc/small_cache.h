// Small blocks that free() keeps back from the heap for the next malloc of
// the same payload size. A server allocates and frees the same few objects
// for every request (ramfs: an open file and its channel per open); TLSF
// would merge each freed block with its free neighbours and split it off
// again on the next malloc, which costs a few hundred instructions a pair.
// A kept block stays allocated as far as the heap knows; its first word
// links it into its size's list.
//
// Bounded (kPerSize blocks of each size up to kLargest bytes: 2,304 bytes
// at most), so memory a program gave back is never held out of the heap's
// reach for long. Not thread-safe: malloc.cc holds its heap lock.
#pragma once

#include <cstddef>
#include <cstdint>

namespace tessera {

class SmallCache {
 public:
  static constexpr size_t kGranule = 16;  // payload sizes are multiples of it
  static constexpr size_t kLargest = 128;
  static constexpr uint32_t kPerSize = 4;

  // A kept block of exactly `payload` bytes (a multiple of kGranule), or
  // null if there is none.
  void* take(size_t payload) {
    if (payload == 0 || payload > kLargest) return nullptr;
    size_t i = index(payload);
    Kept* block = lists_[i];
    if (!block) return nullptr;
    lists_[i] = block->next;
    --counts_[i];
    return block;
  }

  // Keeps block, whose payload is `payload` bytes; false (block not taken)
  // if that size is not kept or its list is full.
  bool keep(void* block, size_t payload) {
    if (payload == 0 || payload > kLargest) return false;
    size_t i = index(payload);
    if (counts_[i] == kPerSize) return false;
    auto* kept = static_cast<Kept*>(block);
    kept->next = lists_[i];
    lists_[i] = kept;
    ++counts_[i];
    return true;
  }

 private:
  struct Kept {
    Kept* next;
  };
  static constexpr size_t kSizes = kLargest / kGranule;
  static size_t index(size_t payload) { return payload / kGranule - 1; }

  Kept* lists_[kSizes] = {};
  uint8_t counts_[kSizes] = {};
};

}  // namespace tessera
