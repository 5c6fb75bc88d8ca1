// RingBuffer: the bytes a pipe holds, first in first out, in fixed storage.
// Host-tested (tests/host/pipe_test.cc).
#pragma once

#include <cstdint>
#include <cstring>

namespace pipe {

template <uint32_t Capacity>
class RingBuffer {
 public:
  uint32_t size() const { return size_; }
  uint32_t room() const { return Capacity - size_; }

  // Appends up to count bytes (as many as there is room for): how many.
  uint32_t put(const uint8_t* data, uint32_t count) {
    uint32_t n = count < room() ? count : room();
    uint32_t tail = (head_ + size_) % Capacity;
    uint32_t first = n < Capacity - tail ? n : Capacity - tail;  // up to the end of storage, then wrap
    memcpy(bytes_ + tail, data, first);
    memcpy(bytes_, data + first, n - first);
    size_ += n;
    return n;
  }

  // Removes up to count of the oldest bytes into out: how many.
  uint32_t take(uint8_t* out, uint32_t count) {
    uint32_t n = count < size_ ? count : size_;
    uint32_t first = n < Capacity - head_ ? n : Capacity - head_;
    memcpy(out, bytes_ + head_, first);
    memcpy(out + first, bytes_, n - first);
    head_ = (head_ + n) % Capacity;
    size_ -= n;
    return n;
  }

 private:
  uint8_t bytes_[Capacity];
  uint32_t head_ = 0;  // the oldest byte
  uint32_t size_ = 0;
};

}  // namespace pipe
