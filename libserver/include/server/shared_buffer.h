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
  // With read_only_ok, a membuf the client shared read-only is mapped
  // read-only (it still serves writeBulk; check writable() before filling).
  Status map(ipc::Handle membuf, uint32_t size, bool read_only_ok = false);
  void unmap();
  // A second handle to membuf, with the same rights: for whoever else is
  // to map the buffer (a file server's block device).
  static Result<ipc::Handle> duplicate(ipc::Handle membuf);

  uint8_t* data() const { return data_; }
  uint32_t size() const { return size_; }
  bool writable() const { return writable_; }

 private:
  uint8_t* data_ = nullptr;
  uint32_t size_ = 0;
  bool writable_ = false;
};

}  // namespace server
