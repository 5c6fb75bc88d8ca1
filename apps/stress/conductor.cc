#include "conductor.h"

#include <stdio.h>

#include "abi/syscall.h"
#include "ipc/ipc.h"
#include "ipc/process.h"
#include "ipc/syscall.h"
#include "ipc/time.h"
#include "pair.h"

namespace stress {

bool Conductor::start(uint32_t slot) {
  auto ends = ipc::channel_create();
  if (!ends) return false;
  auto board = ipc::duplicate(board_, uint32_t(sys::handle_info(board_)));
  if (!board) {
    (void)ipc::close(ends->a);
    (void)ipc::close(ends->b);
    return false;
  }
  const char* server_argv[] = {"stress", stall_ ? "stall" : "serve"};
  auto server = ipc::spawn(server_argv, {&ends->b, 1});
  char slot_text[12];
  snprintf(slot_text, sizeof slot_text, "%u", slot);
  const char* client_argv[] = {"stress", "client", slot_text};
  const ipc::Handle client_handles[] = {ends->a, *board};
  auto client = server ? ipc::spawn(client_argv, client_handles) : Result<ipc::Handle>(server.error());
  if (!server || !client) {
    printf("FAIL stress: pair %u: cannot start its %s: %s\n", slot, server ? "client" : "server",
           abi::error_name(server ? client.error() : server.error()));
    // What was not moved into a process (closing a moved one is harmless).
    (void)ipc::close(ends->a);
    (void)ipc::close(*board);
    if (!server) (void)ipc::close(ends->b);
    if (server) {
      (void)sys::process_kill(*server);
      (void)ipc::wait(*server);
      (void)ipc::close(*server);
    }
    return false;
  }
  Pair& p = pair_[slot];
  p.server = *server;
  p.client = *client;
  p.rounds_seen = rounds(slot);
  p.progress_at = sys::read_time();
  ++starts_;
  return true;
}

bool Conductor::ended(uint32_t slot, ipc::Handle& process, const char* role, int64_t status) {
  int64_t got = ipc::wait(process, ipc::deadline_in_ms(kStallMs));
  if (got == int64_t(Error::TimedOut)) {
    char why[64];
    snprintf(why, sizeof why, "its %s did not end within %lu ms", role, kStallMs);
    dump(why, slot);
    return false;
  }
  (void)ipc::close(process);
  process = 0;
  if (got == status) return true;
  printf("FAIL stress: pair %u: its %s ended with %ld, not %ld\n", slot, role, long(got), long(status));
  return false;
}

bool Conductor::alive(uint32_t slot) {
  uint64_t before = rounds(slot);
  for (uint64_t deadline = ipc::deadline_in_ms(kStallMs); rounds(slot) == before;) {
    if (sys::read_time() >= deadline) {
      char why[64];
      snprintf(why, sizeof why, "no round for %lu ms before its kill", kStallMs);
      dump(why, slot);
      return false;
    }
    (void)sys::sleep_until(ipc::deadline_in_ms(kPollMs));
  }
  return true;
}

bool Conductor::kill_one(uint32_t slot, bool server) {
  if (!alive(slot)) return false;
  Pair& p = pair_[slot];
  (void)sys::process_kill(server ? p.server : p.client);
  ++kills_;
  // The partner sees PeerClosed, in whatever it was doing, and ends with 0.
  if (server) return ended(slot, p.server, "server", abi::kExitKilled) && ended(slot, p.client, "client", 0);
  return ended(slot, p.client, "client", abi::kExitKilled) && ended(slot, p.server, "server", 0);
}

void Conductor::look() {
  uint64_t now = sys::read_time();
  for (uint32_t slot = 0; slot < pairs_; ++slot) {
    Pair& p = pair_[slot];
    uint64_t r = rounds(slot);
    if (r == p.rounds_seen) continue;
    p.rounds_seen = r;
    p.progress_at = now;
  }
}

bool Conductor::progressing() {
  look();
  uint64_t now = sys::read_time();
  for (uint32_t slot = 0; slot < pairs_; ++slot) {
    if (now - pair_[slot].progress_at <= ipc::ticks_from_ms(kStallMs)) continue;
    char why[64];
    snprintf(why, sizeof why, "no round for %lu ms", kStallMs);
    dump(why, slot);
    return false;
  }
  return true;
}

void Conductor::dump(const char* why, uint32_t slot) {
  printf("FAIL stress: pair %u: %s; the pairs now:\n", slot, why);
  look();
  uint64_t now = sys::read_time();
  for (uint32_t i = 0; i < pairs_; ++i) {
    const Pair& p = pair_[i];
    sys::ProcessUsage client = p.client ? sys::process_info(p.client) : sys::ProcessUsage{};
    sys::ProcessUsage server = p.server ? sys::process_info(p.server) : sys::ProcessUsage{};
    printf("stress: pair %u: %lu rounds, the last %lu ms ago; client %s (%lu threads, %ld pages), server %s (%lu "
           "threads, %ld pages)\n",
           i, rounds(i), (now - p.progress_at) * 1000 / ipc::ticks_per_second(), p.client ? "running" : "gone",
           client.threads, long(client.pages), p.server ? "running" : "gone", server.threads, long(server.pages));
  }
  // The kernel's side: every thread and what it waits for, printed on the
  // debug console, so what went before must be out first.
  fflush(stdout);
  if (!ipc::debug_console() || sys::failed(sys::debug_threads(ipc::debug_console()))) {
    printf("stress: no thread dump (no debug console)\n");
  }
}

bool Conductor::run(uint64_t seconds) {
  bool ok = true;
  for (uint32_t slot = 0; ok && slot < pairs_; ++slot) ok = start(slot);
  const uint64_t end = ipc::deadline_in_ms(seconds * 1000);
  uint64_t next_kill = ipc::deadline_in_ms(kReplaceEveryMs);
  // Victims in turn: every pair's server, then every pair's client, ...
  for (uint32_t victim = 0; ok && sys::read_time() < end;) {
    (void)sys::sleep_until(ipc::deadline_in_ms(kPollMs));
    ok = progressing();
    if (!ok || sys::read_time() < next_kill) continue;
    uint32_t slot = victim % pairs_;
    ok = kill_one(slot, (victim / pairs_) % 2 == 0) && start(slot);
    ++victim;
    next_kill = ipc::deadline_in_ms(kReplaceEveryMs);
  }
  // The end: each client killed, its server ends by itself. After a
  // failure, whatever is left is killed.
  uint64_t total = 0;
  for (uint32_t slot = 0; slot < pairs_; ++slot) {
    Pair& p = pair_[slot];
    if (ok && p.client && p.server) ok = kill_one(slot, false);
    for (ipc::Handle* process : {&p.client, &p.server}) {
      if (!*process) continue;
      (void)sys::process_kill(*process);
      (void)ipc::wait(*process);
      (void)ipc::close(*process);
      *process = 0;
    }
    total += rounds(slot);
  }
  printf("stress: %u pairs for %lu s: %lu rounds of %lu messages, %lu processes killed, %lu pairs started\n", pairs_,
         seconds, total, kBurst + 1, kills_, starts_);
  if (ok) printf("PASS stress\n");
  return ok;
}

}  // namespace stress
