// Handles in calls and replies between two processes of one thread each,
// with the server waiting: the IPC fast path moves them under its hart's
// lock alone (ipc/fastpath.cc, deliver_with_handles), one to four a
// message, with or without a tail. Each arrives as the same object with
// the same rights under a new value, the sent value is stale, and every
// handle the general path refuses is refused here too, with the sender
// keeping all its handles. A receiver whose table has to grow gets them
// all the same.
#include "ipctest.h"

namespace ipctest {

namespace {

const char* const kTest = "handlemoves";
constexpr uint32_t kSomeRights = abi::rights::kRead | abi::rights::kTransfer;

// Rights and type of a handle, as handle_info gives them.
int64_t rights_of(ipc::Handle h) { return sys::handle_info(h) & 0xffffffff; }
int64_t type_of(ipc::Handle h) { return sys::handle_info(h) >> 32; }

// A call with `count` new ports (read and transfer rights only) and
// `bytes` of payload to serve-complement, which echoes the handles: each
// comes back as its port with its rights, under a new value; the old
// values are stale. The returned handles are closed.
int round_trip(ipc::Handle end, uint32_t count, uint32_t bytes) {
  int failures = 0;
  ipc::Handle sent[abi::kIpcMaxHandles];
  for (uint32_t i = 0; i < count; ++i) {
    auto port = ipc::port_create();
    auto limited = ipc::duplicate(*port, kSomeRights);
    drop(*port);
    sent[i] = *limited;
  }
  ipc::Message& m = ipc::buffer();
  m.bytes = bytes;
  m.handle_count = count;
  for (uint32_t i = 0; i < bytes; ++i) m.data[i] = uint8_t(i + count);
  for (uint32_t i = 0; i < count; ++i) m.handles[i] = sent[i];
  bool came_back = ipc::call(end, m).ok() && m.bytes == bytes && m.handle_count == count;
  for (uint32_t i = 0; came_back && i < bytes; ++i) came_back = m.data[i] == uint8_t(~(i + count));
  if (!came_back) {
    printf("FAIL %s: %u handles and %u bytes did not come back\n", kTest, count, bytes);
    return 1;
  }
  for (uint32_t i = 0; i < count; ++i) {
    ipc::Handle got = m.handles[i];
    failures += !expect(type_of(got) == int64_t(abi::ObjectType::Port), kTest, "a moved handle names a port");
    failures += !expect(rights_of(got) == kSomeRights, kTest, "a moved handle kept its rights");
    failures += !expect_error(sys::handle_info(sent[i]), abi::Error::BadHandle, kTest, "a sent value is stale");
    for (uint32_t j = 0; j < i; ++j) failures += !expect(m.handles[j] != got, kTest, "two moved handles share a value");
  }
  for (uint32_t i = 0; i < count; ++i) drop(m.handles[i]);
  return failures;
}

// A call the kernel refuses with `expected`, and the sender still holds
// every handle it named.
int refused(ipc::Handle end, std::initializer_list<ipc::Handle> handles, abi::Error expected, const char* what) {
  ipc::Message& m = ipc::buffer();
  m.bytes = 8;
  m.handle_count = uint32_t(handles.size());
  uint32_t i = 0;
  for (ipc::Handle h : handles) m.handles[i++] = h;
  int failures = !expect_error(code(ipc::call(end, m)), expected, kTest, what);
  for (ipc::Handle h : handles) failures += !expect(sys::handle_info(h) >= 0, kTest, "a refused call took a handle");
  return failures;
}

}  // namespace

int handle_moves() {
  int failures = 0;
  auto [client, server] = *ipc::channel_create();
  // The server's end, kept here too: a call may not carry the end it waits in.
  auto server_again = *ipc::duplicate(server, abi::rights::kTransfer | abi::rights::kBasic);
  const char* argv[] = {"ipctest", "serve-complement"};
  ipc::Handle handles[] = {server};
  auto serving = ipc::spawn(argv, handles);
  if (!expect(serving.ok(), kTest, "spawn serve-complement")) return 1;

  for (uint32_t count = 1; count <= abi::kIpcMaxHandles; ++count) {
    for (uint32_t bytes : {0u, 8u, 32u, 33u, 200u, 4096u}) failures += round_trip(client, count, bytes);
  }

  // Refused as the general path refuses them (ipctest transfer, errors).
  auto port = *ipc::port_create();
  auto pinned = *ipc::duplicate(port, abi::rights::kRead);
  failures += refused(client, {port, pinned}, abi::Error::AccessDenied, "a handle without the transfer right");
  failures += refused(client, {port, port}, abi::Error::InvalidArgument, "one handle twice");
  failures += refused(client, {port, server_again}, abi::Error::InvalidArgument, "the called end's peer through it");
  // A channel end that holds handles in its queue may not wait in another's.
  auto [a, b] = *ipc::channel_create();
  ipc::Message& m = ipc::buffer();
  m.bytes = 8;
  m.handle_count = 1;
  m.handles[0] = *ipc::port_create();
  failures += !expect(ipc::send(a, m).ok(), kTest, "queueing a handle failed");
  failures += refused(client, {b}, abi::Error::BadState, "an end with handles queued");
  drop(a);
  drop(b);

  // The caller's table fills past its first chunk while four handles
  // come back each time: some reply needs the table to grow.
  ipc::Handle held[140];
  for (ipc::Handle& h : held) {
    h = *ipc::port_create();
    failures += round_trip(client, 4, 8);
  }
  for (ipc::Handle h : held) drop(h);
  drop(port);
  drop(server_again);
  drop(client);
  int64_t status = ipc::wait(*serving);
  failures += !expect(status == 0, kTest, "serve-complement failed");
  return failures;
}

}  // namespace ipctest
