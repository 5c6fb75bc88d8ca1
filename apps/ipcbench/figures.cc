// The client side of every figure in docs/benchmarks.md.
#include <string.h>

#include "bench.idl.h"
#include "ipc/ipc.h"
#include "ipc/process.h"
#include "ipc/transport.h"
#include "measure.h"
#include "remote.h"
#include "roles.h"

namespace bench {

namespace {

void null_syscall() { report("syscall_null", measure([] { sys::null(); }), "instructions"); }

void register_roundtrips() {
  Remote r = Remote::start("serve-registers");
  uint64_t words[4] = {};
  report("ipc_null_roundtrip", measure([&] { ipc::call(r.end, 0, words); }), "instructions");
  r.stop();

  // Same address space: the server is a thread of this process.
  auto pair = ipc::channel_create();
  (void)ipc::start_thread(serve_registers_thread, reinterpret_cast<void*>(uintptr_t{pair->b}));
  report("ipc_same_space_roundtrip", measure([&] { ipc::call(pair->a, 0, words); }), "instructions");
  (void)ipc::close(pair->a);
}

void message_roundtrips() {
  Remote r = Remote::start("serve-messages");
  struct Size {
    const char* name;
    uint32_t bytes;
  } sizes[] = {{"ipc_roundtrip_64B", 64}, {"ipc_roundtrip_80B", 80}, {"ipc_roundtrip_256B", 256}, {"ipc_roundtrip_1KiB", 1024},
               {"ipc_roundtrip_4KiB", 4096}};
  ipc::Message& m = ipc::buffer();
  for (const Size& s : sizes) {
    memset(m.data, 0x5a, s.bytes);
    report(s.name, measure([&] {
             m.bytes = s.bytes;
             m.handle_count = 0;
             (void)ipc::call(r.end, m);
           }),
           "instructions");
  }
  // One handle each way: the server sends it back with its reply.
  ipc::Handle travelling = *ipc::port_create();
  report("ipc_handle_transfer_roundtrip", measure([&] {
           m.bytes = 8;
           m.handle_count = 1;
           m.handles[0] = travelling;
           (void)ipc::call(r.end, m);
           travelling = m.handles[0];
         }),
         "instructions");
  r.stop();
}

void stub_roundtrip() {
  Remote r = Remote::start("serve-stub");
  ipc::ChannelTransport transport(r.end);
  idl::bench::BenchClient<ipc::ChannelTransport> client(transport);
  report("ipc_stub_null_roundtrip", measure([&] { (void)client.null(); }), "instructions");
  r.stop();
}

void async_message() {
  auto pair = ipc::channel_create();
  uint64_t words[4] = {1, 2, 3, 4};
  report("ipc_async_send_recv", measure([&] {
           (void)ipc::channel_send(pair->a, 32, words);
           ipc::channel_recv(pair->b, 0);
         }),
         "instructions");
  (void)ipc::close(pair->a);
  (void)ipc::close(pair->b);
}

// 1 MiB written into a shared buffer, then a call tells the server, which
// reads all of it. Fewer samples: each moves a whole MiB.
void membuf_transfer() {
  constexpr int kTransfers = 16;
  int64_t buffer = sys::membuf_create(kTransferBytes);
  int64_t mine = sys::membuf_map(uint32_t(buffer), 0, 0, kTransferBytes, abi::kProtRead | abi::kProtWrite);
  int64_t theirs = sys::handle_dup(uint32_t(buffer), abi::rights::kMap | abi::rights::kRead | abi::rights::kTransfer);
  Remote r = Remote::start("serve-membuf", ipc::Handle(theirs));
  auto* words = reinterpret_cast<uint64_t*>(mine);
  uint64_t round = 0;
  uint64_t message[4] = {};
  uint64_t per_transfer = measure(
      [&] {
        ++round;
        for (size_t i = 0; i < kTransferBytes / 8; ++i) words[i] = round + i;
        ipc::call(r.end, 0, message);
      },
      kTransfers);
  report("membuf_transfer_per_KiB", per_transfer / (kTransferBytes / 1024), "instructions_per_KiB");
  r.stop();
}

}  // namespace

void run_figures() {
  null_syscall();
  register_roundtrips();
  message_roundtrips();
  stub_roundtrip();
  async_message();
  membuf_transfer();
}

}  // namespace bench
