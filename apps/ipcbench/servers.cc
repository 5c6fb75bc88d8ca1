// The server side of each benchmark, run in a child process (or a thread,
// for the same-address-space figure). Each serves the channel end it was
// given until the client closes it.
#include <string.h>

#include "bench.idl.h"
#include "ipc/ipc.h"
#include "ipc/process.h"
#include "roles.h"

namespace bench {

namespace {

Result<ipc::Handle> port_for(ipc::Handle end) {
  auto port = ipc::port_create();
  if (!port) return port.error();
  if (!ipc::port_bind(*port, end, 1)) return Error::BadState;
  return *port;
}

struct BenchImpl {
  Status null(const idl::bench::BenchNullParams&, idl::bench::BenchNullResults&) { return {}; }
};

}  // namespace

int serve_registers(ipc::Handle end) {
  auto port = port_for(end);
  if (!port) return 1;
  ipc::Event e = ipc::port_wait(*port);
  // Echo: the reply carries the request's length and words back.
  while (e.ok() && e.kind() == abi::EventKind::Call) e = ipc::reply_wait(*port, e.length(), e.words);
  return 0;
}

void serve_registers_thread(void* end) { serve_registers(static_cast<ipc::Handle>(reinterpret_cast<uintptr_t>(end))); }

int serve_messages(ipc::Handle end) {
  auto port = port_for(end);
  if (!port) return 1;
  ipc::Event e = ipc::port_wait(*port);
  // Echo the whole message, handles included (they go back to the client).
  while (e.ok() && e.kind() == abi::EventKind::Call) e = ipc::reply_wait(*port, ipc::take(e));
  return 0;
}

int serve_stub(ipc::Handle end) {
  auto port = port_for(end);
  if (!port) return 1;
  BenchImpl impl;
  ipc::Event e = ipc::port_wait(*port);
  while (e.ok() && e.kind() == abi::EventKind::Call) {
    ipc::Message& m = ipc::take(e);
    idl::bench::dispatch_bench(impl, m);
    e = ipc::reply_wait(*port, m);
  }
  return 0;
}

int serve_membuf(ipc::Handle end, ipc::Handle buffer) {
  auto port = port_for(end);
  if (!port) return 1;
  int64_t base = sys::membuf_map(buffer, 0, 0, kTransferBytes, abi::kProtRead);
  if (base < 0) return 2;
  const auto* words = reinterpret_cast<const uint64_t*>(base);
  ipc::Event e = ipc::port_wait(*port);
  while (e.ok() && e.kind() == abi::EventKind::Call) {
    // Consume the data: sum every word, and send the sum back.
    uint64_t sum = 0;
    for (size_t i = 0; i < kTransferBytes / 8; ++i) sum += words[i];
    uint64_t reply[4] = {sum, 0, 0, 0};
    e = ipc::reply_wait(*port, 8, reply);
  }
  return 0;
}

}  // namespace bench
