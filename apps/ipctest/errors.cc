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

// handle_close_port_wait: the handle goes first (a bad one fails the call
// with nothing else done), then the wait is port_wait's; the port is
// looked up after the close, so closing its own handle ends the wait.
int close_and_wait(ipc::Handle port, ipc::Handle channel) {
  using abi::Error;
  int failures = 0;
  auto pair = ipc::channel_create_bound(port, 6);
  if (!expect(pair.ok(), kTest, "channel_create_bound failed")) return failures + 1;
  drop(pair->a);
  failures += !expect_error(ipc::close_and_wait(0x7ffff, port, 0).status, Error::BadHandle, kTest,
                            "close_and_wait closing no handle");
  // (Nothing was waited for: the PeerClosed is still there.)
  ipc::Event e = ipc::port_wait(port, 0);
  failures += !expect(e.ok() && e.kind() == abi::EventKind::PeerClosed && e.badge == 6, kTest,
                      "a refused close_and_wait took an event");
  failures += !expect_error(ipc::close_and_wait(pair->b, port, 0).status, Error::TimedOut, kTest,
                            "close_and_wait with nothing queued");
  failures += !expect_error(sys::handle_info(pair->b), Error::BadHandle, kTest, "close_and_wait left the handle open");
  auto other = ipc::channel_create();
  if (!expect(other.ok(), kTest, "channel_create failed")) return failures + 1;
  failures += !expect_error(ipc::close_and_wait(other->a, channel, 0).status, Error::WrongType, kTest,
                            "close_and_wait on a channel as port");
  failures += !expect_error(sys::handle_info(other->a), Error::BadHandle, kTest,
                            "a close_and_wait refused for its port kept the handle");
  drop(other->b);
  auto copy = ipc::duplicate(port, abi::rights::kRead);
  if (!expect(copy.ok(), kTest, "duplicate failed")) return failures + 1;
  failures += !expect_error(ipc::close_and_wait(*copy, *copy, 0).status, Error::BadHandle, kTest,
                            "close_and_wait closing the port it waits on");
  failures += !expect_error(ipc::port_wait(port, 0).status, Error::TimedOut, kTest, "the port's other handle");
  return failures;
}

// Answers every call on its port with an empty reply until it gets
// something else.
void serve_empty_replies(void* port_value) {
  auto port = static_cast<ipc::Handle>(reinterpret_cast<uintptr_t>(port_value));
  uint64_t words[4] = {};
  ipc::Event e = ipc::port_wait(port);
  while (e.ok() && e.kind() == abi::EventKind::Call) e = ipc::reply_wait(port, 0, words);
}

// The fast path remembers each thread's last lookup (lib/handle_cache.h):
// a handle it found and that was closed or sent away since is refused all
// the same, while another handle of the same end still calls.
int stale_lookups() {
  using abi::Error;
  int failures = 0;
  auto ends = ipc::channel_create();
  auto port = ipc::port_create();
  if (!expect(ends.ok() && port.ok() && ipc::port_bind(*port, ends->b, 1).ok(), kTest, "server set-up failed")) {
    return 1;
  }
  if (!expect(ipc::start_thread(serve_empty_replies, reinterpret_cast<void*>(uintptr_t{*port})).ok(), kTest,
              "start_thread failed")) {
    return 1;
  }
  uint64_t words[4] = {};
  auto other = ipc::duplicate(ends->a, abi::rights::kWrite | abi::rights::kBasic);
  failures += !expect(other.ok(), kTest, "duplicate failed");
  failures += !expect(ipc::call(ends->a, 0, words).ok() && ipc::call(ends->a, 0, words).ok(), kTest, "calls failed");
  failures += !expect(ipc::close(ends->a).ok(), kTest, "close failed");
  // Its slot again (the table reuses the last freed first), with the same
  // end behind it: only the generation tells the old value from the new.
  auto reused = ipc::duplicate(*other, abi::rights::kWrite | abi::rights::kBasic);
  failures += !expect(reused.ok() && (*reused & 0xfffff) == (ends->a & 0xfffff), kTest, "the slot was not reused");
  failures += !expect_error(ipc::call(ends->a, 0, words).status, Error::BadHandle, kTest, "call on a closed handle");
  failures += !expect(ipc::call(*reused, 0, words).ok(), kTest, "call on the slot's new handle failed");
  drop(*reused);
  failures += !expect(ipc::call(*other, 0, words).ok(), kTest, "call on the duplicate failed");
  // Sent away (HandleTable::take): the value is stale here.
  auto carrier = ipc::channel_create();
  ipc::Message& m = ipc::buffer();
  m.bytes = 8;
  m.handle_count = 1;
  m.handles[0] = *other;
  failures += !expect(carrier.ok() && ipc::send(carrier->a, m).ok(), kTest, "sending the duplicate failed");
  failures += !expect_error(ipc::call(*other, 0, words).status, Error::BadHandle, kTest, "call on a handle sent away");
  // The end's last handle goes with the carrier: the server sees its peer close.
  drop(carrier->a);
  drop(carrier->b);
  return failures;
}

}  // namespace

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
  // Slot 0 is never handed out: whatever its memory held, a value naming
  // it is no handle, of any generation (the fast path's lookup as well).
  bool zero_slot_bad = true;
  for (uint32_t generation = 0; generation < (1u << 12); ++generation) {
    ipc::Handle zero_slot = generation << 20;
    zero_slot_bad &= ipc::call(zero_slot, 8, words).status == int64_t(Error::BadHandle);
    zero_slot_bad &= sys::handle_info(zero_slot) == int64_t(Error::BadHandle);
  }
  failures += !expect(zero_slot_bad, kTest, "a handle naming slot 0");

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
  failures += close_and_wait(*port, a);
  drop(a);
  drop(b);
  drop(*port);
  return failures + stale_lookups();
}

}  // namespace ipctest
