// Payloads longer than the ten register words, which the kernel copies
// IPC buffer to IPC buffer (on the fast path through the kernel addresses
// it keeps of each buffer's pages): every length arrives whole both ways
// and writes nothing past its end,
// a buffer that straddles two pages works and so does one whose copied
// bytes cross a page, a buffer whose memory is unmapped and mapped again
// gets the new memory (not the old frames), one left unmapped fails the
// call without harming the server, and handles travel with a long payload.
#include <string.h>

#include "ipctest.h"

namespace ipctest {

namespace {

constexpr uint64_t kPage = 4096;
constexpr uint64_t kReadWrite = abi::kProtRead | abi::kProtWrite;

uint8_t pattern(uint32_t bytes, uint32_t i) { return uint8_t(i * 7 + bytes); }

void fill(ipc::Message& m, uint32_t bytes) {
  m.bytes = bytes;
  m.handle_count = 0;
  for (uint32_t i = 0; i < bytes; ++i) m.data[i] = pattern(bytes, i);
}

// The bytes after a message of `bytes` that the length sweep guards: the
// client's kGuard, the server's kPastReply (the other side's guard is what
// a copy past the end would bring).
constexpr uint8_t kGuard = 0xa5;
constexpr uint8_t kPastReply = 0x3c;
uint32_t guard_end(uint32_t bytes) { return bytes + 64 < ipc::kMaxMessageBytes ? bytes + 64 : ipc::kMaxMessageBytes; }

// The server's answer: every byte complemented, so a reply that is the
// request left in place (or stale memory) is caught.
bool complemented(const ipc::Message& m, uint32_t bytes) {
  if (m.bytes != bytes) return false;
  for (uint32_t i = 0; i < bytes; ++i) {
    if (m.data[i] != uint8_t(~pattern(bytes, i))) return false;
  }
  return true;
}

// A call with `m` as the IPC buffer (which need not be ipc::buffer()): the
// first words travel in registers, the rest (and handles) in m; the reply
// lands the same way.
Status call_with(ipc::Handle end, ipc::Message& m) {
  const auto& words = *reinterpret_cast<const uint64_t(*)[ipc::kRegisterWords]>(m.data);
  ipc::Event reply = ipc::call(end, abi::make_info(m.bytes, m.handle_count), words);
  if (!reply.ok()) return reply.error();
  m.bytes = static_cast<uint32_t>(reply.length());
  m.handle_count = reply.handle_count();
  // (A longer reply's bytes from 32 on are in the buffer already.)
  bool all_in_words = abi::has_t_words(reply.length(), reply.handle_count());
  memcpy(m.data, reply.words, all_in_words ? sizeof reply.words : abi::kIpcRegisterBytes);
  return {};
}

}  // namespace

int serve_complement(int, char**) {
  ipc::Handle end = ipc::startup_handles()[0];
  ipc::Handle port = *ipc::port_create();
  if (!ipc::port_bind(port, end, 1)) return 1;
  ipc::Event e = ipc::port_wait(port);
  while (e.ok() && e.kind() == abi::EventKind::Call) {
    ipc::Message& m = ipc::take(e);
    for (uint32_t i = 0; i < m.bytes; ++i) m.data[i] = uint8_t(~m.data[i]);
    // Past the reply, bytes that differ from the client's guard there (a
    // request's copy past its end would have brought that guard here).
    memset(m.data + m.bytes, kPastReply, guard_end(m.bytes) - m.bytes);
    e = ipc::reply_wait(port, m);
  }
  return 0;
}

int long_messages() {
  const char* test = "longmessages";
  int failures = 0;
  auto [client, server] = *ipc::channel_create();
  const char* argv[] = {"ipctest", "serve-complement"};
  ipc::Handle handles[] = {server};
  auto serving = ipc::spawn(argv, handles);
  if (!expect(serving.ok(), test, "spawn serve-complement")) return 1;

  ipc::Message& own = ipc::buffer();
  for (uint32_t bytes : {33u, 39u, 64u, 80u, 255u, 1000u, 4095u, 4096u}) {
    fill(own, bytes);
    bool ok = call_with(client, own).ok() && complemented(own, bytes);
    if (!ok) printf("FAIL %s: %u bytes came back wrong\n", test, bytes);
    failures += !ok;
  }

  // Every length from the first past the four register words on; past the
  // register messages (whose ten words call_with copies whole) with
  // nothing written past it: the kernel's copy (arch/word_copy.S: blocks,
  // a jump into a straight run of words, the last bytes) stops at the
  // reply's end.
  for (uint32_t bytes = abi::kIpcRegisterBytes + 1; bytes <= ipc::kMaxMessageBytes; ++bytes) {
    fill(own, bytes);
    uint32_t guarded = bytes <= abi::kIpcRegisterMessageBytes ? bytes : guard_end(bytes);
    memset(own.data + bytes, kGuard, guarded - bytes);
    bool ok = call_with(client, own).ok() && complemented(own, bytes);
    for (uint32_t i = bytes; ok && i < guarded; ++i) ok = own.data[i] == kGuard;
    if (!ok) {
      printf("FAIL %s: %u bytes came back wrong, or with bytes past them written\n", test, bytes);
      ++failures;
      break;
    }
  }

  // Handles go with a long payload and come back (the server echoes them):
  // the same objects under new values, the old values closed.
  ipc::Handle ports[2] = {*ipc::port_create(), *ipc::port_create()};
  fill(own, 100);
  own.handle_count = 2;
  own.handles[0] = ports[0];
  own.handles[1] = ports[1];
  bool echoed = call_with(client, own).ok() && complemented(own, 100) && own.handle_count == 2;
  failures += !expect(echoed, test, "100 bytes and two handles there and back");
  for (int i = 0; echoed && i < 2; ++i) {
    failures += !expect(own.handles[i] != ports[i], test, "a returned handle has a new value");
    failures += !expect(sys::handle_info(own.handles[i]) >> 32 == int64_t(abi::ObjectType::Port), test,
                        "a returned handle names a port");
    failures += !expect_error(sys::handle_info(ports[i]), abi::Error::BadHandle, test, "a sent handle's old value");
    drop(own.handles[i]);
  }

  int64_t base = sys::mem_map(2 * kPage, kReadWrite);
  if (!expect(base > 0, test, "mem_map")) return failures + 1;
  // A buffer whose copied bytes (data bytes 32 on) cross a page, which
  // libipc's placed buffers never do: the kernel copies them in pieces.
  auto* crossing = reinterpret_cast<ipc::Message*>(base + kPage - 2048);
  failures += !expect(sys::set_ipc_buffer(crossing) == 0, test, "set_ipc_buffer");
  for (uint32_t bytes : {4096u, 3001u}) {
    fill(*crossing, bytes);
    bool ok = call_with(client, *crossing).ok() && complemented(*crossing, bytes);
    if (!ok) printf("FAIL %s: %u bytes through a buffer whose copied bytes cross a page came back wrong\n", test, bytes);
    failures += !ok;
  }

  // A buffer whose header and first data bytes are on one page, the rest on the next.
  auto* straddling = reinterpret_cast<ipc::Message*>(base + kPage - 40);
  failures += !expect(sys::set_ipc_buffer(straddling) == 0, test, "set_ipc_buffer");
  fill(*straddling, 4096);
  failures += !expect(call_with(client, *straddling).ok() && complemented(*straddling, 4096), test,
                      "4096 bytes through a buffer across two pages");

  // The same address, new memory: the kernel must not keep using the old frames.
  failures += !expect(sys::mem_unmap(uint64_t(base), 2 * kPage) == 0, test, "mem_unmap");
  failures += !expect(sys::mem_map_at(0, uint64_t(base), 2 * kPage, kReadWrite) == base, test, "mem_map_at");
  fill(*straddling, 3000);
  failures += !expect(call_with(client, *straddling).ok() && complemented(*straddling, 3000), test,
                      "3000 bytes after the buffer's memory was mapped again");

  // The same with a buffer whose copied bytes lie on one page, as libipc
  // places them: the fast path's test of it is its room alone, which the
  // unmap must have taken away.
  auto* placed = reinterpret_cast<ipc::Message*>(base);
  failures += !expect(sys::set_ipc_buffer(placed) == 0, test, "set_ipc_buffer");
  fill(*placed, 3000);
  failures += !expect(call_with(client, *placed).ok() && complemented(*placed, 3000), test,
                      "3000 bytes through a buffer on one page");
  // From a thread whose FP registers are live in the hardware: the switch
  // hands the FPU over out of line (switch_out_of_line), which then copies.
  fill(*placed, 2500);
  asm volatile("fmv.d.x ft0, zero" ::: "ft0");
  failures += !expect(call_with(client, *placed).ok() && complemented(*placed, 2500), test,
                      "2500 bytes from a thread that owns the FPU");
  failures += !expect(sys::mem_unmap(uint64_t(base), 2 * kPage) == 0, test, "mem_unmap");
  failures += !expect(sys::mem_map_at(0, uint64_t(base), 2 * kPage, kReadWrite) == base, test, "mem_map_at");
  fill(*placed, 2000);
  failures += !expect(call_with(client, *placed).ok() && complemented(*placed, 2000), test,
                      "2000 bytes after the one-page buffer's memory was mapped again");

  // No memory under the buffer: the call fails, the server lives on.
  failures += !expect(sys::mem_unmap(uint64_t(base), 2 * kPage) == 0, test, "mem_unmap again");
  uint64_t words[4] = {1, 2, 3, 4};
  ipc::Event unmapped = ipc::call(client, abi::make_info(100, 0), words);
  failures += !expect_error(unmapped.status, abi::Error::BadAddress, test, "a call from an unmapped buffer");

  failures += !expect(sys::set_ipc_buffer(&own) == 0, test, "set_ipc_buffer back");
  fill(own, 100);
  failures += !expect(call_with(client, own).ok() && complemented(own, 100), test, "a call after the failed one");

  drop(client);
  ipc::wait(*serving);
  drop(*serving);
  return failures;
}

}  // namespace ipctest
