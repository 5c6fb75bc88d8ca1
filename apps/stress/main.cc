// stress: client/server pairs under kills and spawns, on every hart
// (issue #12 §5): no message lost, no deadlock, memory back to where it was.
//
//   stress SECONDS PAIRS   the conductor (conductor.h): PAIRS pairs for
//                          SECONDS seconds; prints PASS stress or FAIL
//   stress watchdog        one pair whose server never answers: the
//                          watchdog must stop the run and dump the threads
//   stress kills KILLERS ROUNDS   KILLERS processes kill a running
//                          process ROUNDS times each, at once (kills.h)
//   stress serve           a pair's server (startup handle: its channel end)
//   stress stall           a server that parks every tally for good
//   stress client SLOT     a pair's client (startup handles: its channel
//                          end, the board it counts its rounds on)
//
// The QEMU check kernel/stress runs it for 2 seconds on 4 harts and `make
// stress` for 10; the harness's leak check runs it again between two
// readings of the kernel's memory, which must come back (docs/kernel.md).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board.h"
#include "conductor.h"
#include "kills.h"
#include "ipc/ipc.h"
#include "ipc/startup.h"
#include "ipc/syscall.h"
#include "pair.h"

namespace {

uint64_t* map_board(ipc::Handle board) {
  int64_t address = sys::membuf_map(board, 0, 0, stress::kBoardBytes, abi::kProtRead | abi::kProtWrite);
  return sys::failed(address) ? nullptr : reinterpret_cast<uint64_t*>(address);
}

int conduct(uint64_t seconds, uint32_t pairs, bool stall) {
  if (seconds == 0 || pairs == 0 || pairs > stress::kMaxPairs) {
    printf("stress: 1 or more seconds, 1 to %u pairs\n", stress::kMaxPairs);
    return 2;
  }
  int64_t board = sys::membuf_create(stress::kBoardBytes);
  uint64_t* counters = sys::failed(board) ? nullptr : map_board(uint32_t(board));
  if (!counters) {
    printf("FAIL stress: no memory for the board\n");
    return 1;
  }
  static stress::Conductor conductor(pairs, uint32_t(board), counters, stall);
  return conductor.run(seconds) ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  auto handles = ipc::startup_handles();
  if (argc == 2 && strcmp(argv[1], "serve") == 0 && handles.size() == 1) return stress::serve(handles[0], true);
  if (argc == 2 && strcmp(argv[1], "stall") == 0 && handles.size() == 1) return stress::serve(handles[0], false);
  // Long enough for the watchdog (5 s without a round) to see the stall.
  if (argc == 2 && strcmp(argv[1], "watchdog") == 0) return conduct(10, 1, true);
  if (argc == 3 && strcmp(argv[1], "client") == 0 && handles.size() == 2) {
    uint32_t slot = uint32_t(strtoul(argv[2], nullptr, 10));
    uint64_t* board = map_board(handles[1]);
    if (!board || slot >= stress::kMaxPairs) return stress::kBroken;
    return stress::run_client(handles[0], stress::round_counter(board, slot));
  }
  if (argc == 2 && strcmp(argv[1], "spin") == 0) stress::spin();
  if (argc == 3 && strcmp(argv[1], "killer") == 0) return stress::kill_spinners(uint32_t(strtoul(argv[2], nullptr, 10)));
  if (argc == 4 && strcmp(argv[1], "kills") == 0) {
    return stress::run_kills(uint32_t(strtoul(argv[2], nullptr, 10)), uint32_t(strtoul(argv[3], nullptr, 10)));
  }
  if (argc == 3) return conduct(strtoull(argv[1], nullptr, 10), uint32_t(strtoul(argv[2], nullptr, 10)), false);
  printf("usage: stress SECONDS PAIRS | stress watchdog | stress kills KILLERS ROUNDS\n");
  return 2;
}
