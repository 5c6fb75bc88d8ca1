// Handles and rights: every misuse gets its own error code.
#include "ipctest.h"

namespace ipctest {

namespace {
const char* const kTest = "errors";

// channel_create_bound: the port is checked as port_bind checks it, and
// a message on the new channel reaches the port with the badge.
int bound_channel(ipc::Handle port, ipc::Handle channel) {
  using abi::Error;
  int failures = 0;
  failures += !expect_error(sys::channel_create_bound(0x7ffff, 5).end0, Error::BadHandle, kTest, "bound to no port");
  failures += !expect_error(sys::channel_create_bound(channel, 5).end0, Error::WrongType, kTest,
                            "bound to a channel");
  auto read_only = ipc::duplicate(port, abi::rights::kRead);
  failures += !expect_error(sys::channel_create_bound(*read_only, 5).end0, Error::AccessDenied, kTest,
                            "bound without the port's write right");
  drop(*read_only);
  auto pair = ipc::channel_create_bound(port, 5);
  if (!expect(pair.ok(), kTest, "channel_create_bound failed")) return failures + 1;
  uint64_t words[4] = {11, 0, 0, 0};
  failures += !expect(ipc::channel_send(pair->a, 8, words).ok(), kTest, "send on a bound channel failed");
  ipc::Event e = ipc::port_wait(port, 0);
  failures += !expect(e.ok() && e.kind() == abi::EventKind::Message && e.badge == 5 && e.words[0] == 11, kTest,
                      "a bound channel's message did not reach the port with its badge");
  drop(pair->a);
  e = ipc::port_wait(port, 0);
  failures += !expect(e.ok() && e.kind() == abi::EventKind::PeerClosed && e.badge == 5, kTest,
                      "a bound channel's PeerClosed did not reach the port");
  drop(pair->b);
  return failures;
}
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
  failures += bound_channel(*port, a);
  drop(a);
  drop(b);
  drop(*port);
  return failures;
}

}  // namespace ipctest
