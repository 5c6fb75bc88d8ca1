// A request of raw bytes, for the tests that check what a server answers to
// malformed messages (devfstest files, pipetest malformed).
#pragma once

#include <string.h>

#include "abi/error.h"
#include "ipc/ipc.h"

namespace apptest {

// Sends bytes as a call on end; returns the reply's status field (Ok for a
// reply that is not an error reply), or the call's own error.
inline abi::Error raw_call(ipc::Handle end, const void* bytes, uint32_t length) {
  ipc::Message& m = ipc::buffer();
  memcpy(m.data, bytes, length);
  m.bytes = length;
  m.handle_count = 0;
  Status s = ipc::call(end, m);
  if (!s) return s.error();
  if (m.bytes != 8 || m.handle_count != 0) return abi::Error::Ok;
  int32_t status;
  memcpy(&status, m.data + 4, 4);
  return static_cast<abi::Error>(status);
}

}  // namespace apptest
