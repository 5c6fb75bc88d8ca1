// Load: several client processes calling one server port under preemption,
// and 100,000 calls that must leave every frame free again.
#include <stdlib.h>
#include <string.h>

#include "ipctest.h"

namespace ipctest {

namespace {

constexpr uint32_t kLongBytes = 200;

// What the echo server does to a call from the client whose badge is b.
uint64_t transform0(uint64_t w, uint64_t b) { return w * 3 + b; }
uint64_t transform1(uint64_t w, uint64_t b) { return w ^ (b << 8); }

// Runs `calls` calls on end as the client with badge `badge`; returns failures.
int run_client(ipc::Handle end, uint64_t badge, long calls) {
  uint64_t seed = badge * 0x9e3779b97f4a7c15ull;
  for (long i = 0; i < calls; ++i) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    ipc::Message& m = ipc::buffer();
    bool long_message = i % 16 == 15;
    m.bytes = long_message ? kLongBytes : 32;
    m.handle_count = 0;
    uint64_t words[4] = {seed, uint64_t(i), badge, ~seed};
    memcpy(m.data, words, 32);
    for (uint32_t j = 32; j < m.bytes; ++j) m.data[j] = uint8_t(seed >> (j % 56));
    if (!ipc::call(end, m).ok()) return 1;
    uint64_t got[4];
    memcpy(got, m.data, 32);
    if (got[0] != transform0(seed, badge) || got[1] != transform1(uint64_t(i), badge) || got[2] != badge ||
        got[3] != ~seed || m.bytes != (long_message ? kLongBytes : 32)) {
      printf("client %lu: call %ld got another reply\n", (unsigned long)badge, i);
      return 1;
    }
    for (uint32_t j = 32; j < m.bytes; ++j) {
      if (m.data[j] != uint8_t(seed >> (j % 56))) return 1;
    }
  }
  return 0;
}

// Spawns the echo server with the given server ends.
Result<ipc::Handle> start_server(std::span<const ipc::Handle> ends) {
  const char* argv[] = {"ipctest", "serve-echo"};
  return ipc::spawn(argv, ends);
}

}  // namespace

int serve_echo(int, char**) {
  auto ends = ipc::startup_handles();
  auto port = *ipc::port_create();
  for (size_t i = 0; i < ends.size(); ++i) {
    if (!ipc::port_bind(port, ends[i], i + 1)) return 1;
  }
  size_t open = ends.size();
  ipc::Event e = ipc::port_wait(port);
  while (open > 0) {
    if (!e.ok()) return 1;
    if (e.kind() == abi::EventKind::PeerClosed) {
      if (--open > 0) e = ipc::port_wait(port);
      continue;
    }
    ipc::Message& m = ipc::take(e);
    uint64_t words[2];
    memcpy(words, m.data, 16);
    words[0] = transform0(words[0], e.badge);
    words[1] = transform1(words[1], e.badge);
    memcpy(m.data, words, 16);
    e = ipc::reply_wait(port, m);
  }
  return 0;
}

int client(int argc, char** argv) {
  if (argc < 4) return 2;
  return run_client(ipc::startup_handles()[0], strtoul(argv[2], nullptr, 10), strtol(argv[3], nullptr, 10));
}

int concurrent() {
  const char* test = "concurrent";
  constexpr int kClients = 4;
  ipc::Handle server_ends[kClients];
  ipc::Handle clients[kClients];
  for (int i = 0; i < kClients; ++i) {
    auto [a, b] = *ipc::channel_create();
    server_ends[i] = b;
    char badge[8];
    snprintf(badge, sizeof badge, "%d", i + 1);
    const char* argv[] = {"ipctest", "client", badge, "2000"};
    ipc::Handle mine[] = {a};
    auto c = ipc::spawn(argv, mine);
    if (!expect(c.ok(), test, "spawn client failed")) return 1;
    clients[i] = *c;
  }
  auto server = start_server(server_ends);
  if (!expect(server.ok(), test, "spawn server failed")) return 1;
  int failures = 0;
  for (int i = 0; i < kClients; ++i) failures += !expect(ipc::wait(clients[i]) == 0, test, "a client saw a wrong reply");
  failures += !expect(ipc::wait(*server) == 0, test, "server failed");
  for (ipc::Handle c : clients) drop(c);
  drop(*server);
  return failures;
}

namespace {

// One server, this process as its client, `calls` calls; the server exits
// when we close our end.
int calls_against_server(long calls) {
  auto [a, b] = *ipc::channel_create();
  ipc::Handle ends[] = {b};
  auto server = start_server(ends);
  if (!server) return 1;
  int failures = run_client(a, 1, calls);
  drop(a);
  failures += ipc::wait(*server) != 0;
  drop(*server);
  return failures;
}

}  // namespace

int many_calls() {
  const char* test = "many";
  int failures = calls_against_server(1000);  // warm-up: kernel stacks, slabs
  int64_t before = sys::frames_free();
  failures += calls_against_server(100'000);
  int64_t after = sys::frames_free();
  printf("many: 100000 calls; free frames %ld before, %ld after\n", long(before), long(after));
  failures += !expect(failures == 0, test, "a call failed");
  failures += !expect(before == after, test, "frames leaked");
  return failures;
}

}  // namespace ipctest
