#include "kills.h"

#include <stdio.h>

#include "ipc/ipc.h"
#include "ipc/process.h"
#include "ipc/syscall.h"
#include "ipc/time.h"

namespace stress {

namespace {

constexpr uint32_t kMaxKillers = 8;
constexpr uint64_t kWatchdogMs = 40'000;
constexpr uint64_t kLetRunMs = 2;

}  // namespace

void spin() {
  for (volatile uint64_t i = 0;; i = i + 1) {
  }
}

int kill_spinners(uint32_t rounds) {
  for (uint32_t i = 0; i < rounds; ++i) {
    const char* argv[] = {"stress", "spin"};
    auto victim = ipc::spawn(argv);
    if (!victim) return 1;
    // Long enough for it to be running, on this hart or on another.
    (void)sys::sleep_until(ipc::deadline_in_ms(kLetRunMs));
    (void)sys::process_kill(*victim);
    int64_t status = ipc::wait(*victim);
    (void)ipc::close(*victim);
    if (status != abi::kExitKilled) return 2;
  }
  return 0;
}

int run_kills(uint32_t killers, uint32_t rounds) {
  if (killers == 0 || killers > kMaxKillers) {
    printf("stress: 1 to %u killers\n", kMaxKillers);
    return 2;
  }
  char rounds_text[12];
  snprintf(rounds_text, sizeof rounds_text, "%u", rounds);
  ipc::Handle killer[kMaxKillers];
  uint32_t started = 0;
  for (; started < killers; ++started) {
    const char* argv[] = {"stress", "killer", rounds_text};
    auto child = ipc::spawn(argv);
    if (!child) break;
    killer[started] = *child;
  }
  bool ok = started == killers;
  const uint64_t deadline = ipc::deadline_in_ms(kWatchdogMs);
  for (uint32_t i = 0; i < started; ++i) {
    int64_t status = ipc::wait(killer[i], deadline);
    if (status == int64_t(Error::TimedOut)) {
      printf("FAIL stress: killer %u has not finished %u kills in %lu ms\n", i, rounds, kWatchdogMs);
      fflush(stdout);
      (void)sys::debug_threads(ipc::debug_console());
      (void)sys::process_kill(killer[i]);
      status = ipc::wait(killer[i]);
    }
    if (status != 0) ok = false;
    (void)ipc::close(killer[i]);
  }
  if (ok) printf("PASS stress kills: %u killers, %u kills each\n", killers, rounds);
  return ok ? 0 : 1;
}

}  // namespace stress
