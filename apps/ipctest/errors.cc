// Handles and rights: every misuse gets its own error code.
#include "ipctest.h"

namespace ipctest {

namespace {
const char* const kTest = "errors";
}

int errors() {
  using abi::Error;
  int failures = 0;
  auto pair = ipc::channel_create();
  if (!expect(pair.ok(), kTest, "channel_create failed")) return 1;
  auto [a, b] = *pair;
  uint64_t words[4] = {1, 2, 3, 4};

  failures += !expect_error(code(ipc::channel_send(0x7ffff, 8, words)), Error::BadHandle, kTest, "made-up handle");
  // Same slot, another generation: a forged handle.
  failures += !expect_error(code(ipc::channel_send(a ^ (1u << 20), 8, words)), Error::BadHandle, kTest, "forged");
  // Slot 0 is never handed out (nor initialised), whatever the generation:
  // the fast path's lookup refuses it too.
  bool slot_zero_refused = true;
  for (uint32_t generation = 0; generation < (1u << 12); ++generation) {
    slot_zero_refused &= ipc::call(generation << 20, 0, words).status == static_cast<int64_t>(Error::BadHandle);
  }
  failures += !expect(slot_zero_refused, kTest, "a call on slot 0 was not refused as a bad handle");

  auto port = ipc::port_create();
  failures += !expect_error(code(ipc::channel_send(*port, 8, words)), Error::WrongType, kTest, "port as channel");
  failures += !expect_error(ipc::port_wait(a, 0).status, Error::WrongType, kTest, "channel as port");

  // handle_info tells type and rights.
  int64_t info = sys::handle_info(a);
  failures += !expect((info >> 32) == int64_t(abi::ObjectType::Channel), kTest, "handle_info type");
  failures += !expect((info & abi::rights::kWrite) != 0, kTest, "handle_info rights");

  // A read-only duplicate cannot send; rights can be dropped, never added.
  auto read_only = ipc::duplicate(a, abi::rights::kRead | abi::rights::kDuplicate);
  failures += !expect(read_only.ok(), kTest, "dup to read-only failed");
  failures += !expect_error(code(ipc::channel_send(*read_only, 8, words)), Error::AccessDenied, kTest,
                            "send without write right");
  failures += !expect_error(ipc::call(*read_only, 8, words).status, Error::AccessDenied, kTest,
                            "call without write right");
  failures += !expect_error(sys::handle_dup(*read_only, abi::rights::kRead | abi::rights::kWrite), Error::AccessDenied,
                            kTest, "dup adding a right");
  auto no_dup = ipc::duplicate(a, abi::rights::kRead);
  failures += !expect_error(sys::handle_dup(*no_dup, abi::rights::kRead), Error::AccessDenied, kTest,
                            "dup without duplicate right");

  // A closed handle is stale; the value is never accepted again.
  failures += !expect(ipc::close(*read_only).ok(), kTest, "close failed");
  failures += !expect_error(code(ipc::channel_send(*read_only, 8, words)), Error::BadHandle, kTest, "stale handle");
  failures += !expect_error(code(ipc::close(*read_only)), Error::BadHandle, kTest, "double close");

  // Bad info words.
  failures += !expect_error(code(ipc::channel_send(a, 1ull << 40, words)), Error::InvalidArgument, kTest,
                            "unknown info bits");
  // Bad IPC buffer address.
  failures += !expect_error(sys::call(abi::Syscall::SetIpcBuffer, 0x10), Error::BadAddress, kTest,
                            "IPC buffer in text");
  failures += !expect_error(sys::call(abi::Syscall::SetIpcBuffer, 0x3), Error::InvalidArgument, kTest,
                            "misaligned IPC buffer");
  drop(a);
  drop(b);
  return failures;
}

}  // namespace ipctest
