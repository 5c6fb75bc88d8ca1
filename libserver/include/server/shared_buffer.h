// The buffer a client shares with an open file (File.setBuffer) for bulk
// reads and writes: mapped once, unmapped when replaced or when the file
// closes. The IDL checks every bulk range against size() before a handler
// runs.
#pragma once

#include <cstdint>

#include "ipc/ipc.h"
#include "result.h"

namespace server {

class SharedBuffer {
 public:
  SharedBuffer() = default;
  SharedBuffer(const SharedBuffer&) = delete;
  SharedBuffer& operator=(const SharedBuffer&) = delete;
  ~SharedBuffer() { unmap(); }

  // Maps size bytes of membuf (read/write) in place of the current one, and
  // closes the membuf handle in every case (the mapping keeps the buffer).
  Status map(ipc::Handle membuf, uint32_t size);
  void unmap();

  uint8_t* data() const { return data_; }
  uint32_t size() const { return size_; }

 private:
  uint8_t* data_ = nullptr;
  uint32_t size_ = 0;
};

}  // namespace server
