// The stress test's conductor: keeps `pairs` client/server pairs
// (pair.h) running for a while, and meanwhile kills one process of a pair
// at a time (servers and clients in turn) and starts a fresh pair in its
// place. It checks that the killed process's partner ends by itself,
// having seen PeerClosed and no lost message, and is the watchdog: a pair
// that makes no round for kStallMs, or a process that does not end when it
// should, stops the run with every pair's state printed, then every
// kernel thread's (debug_threads), if it holds the debug console.
#pragma once

#include <cstdint>

#include "board.h"
#include "ipc/message.h"

namespace stress {

class Conductor {
 public:
  // board: the membuf the clients count their rounds in, mapped at counters.
  // stall: the servers never answer a tally, so the watchdog must stop the
  // run (its own test).
  Conductor(uint32_t pairs, ipc::Handle board, uint64_t* counters, bool stall)
      : pairs_(pairs), board_(board), counters_(counters), stall_(stall) {}

  // Runs for `seconds`; true if nothing went wrong.
  bool run(uint64_t seconds);

 private:
  static constexpr uint64_t kReplaceEveryMs = 250;
  static constexpr uint64_t kStallMs = 5000;
  static constexpr uint64_t kPollMs = 20;

  struct Pair {
    ipc::Handle client = 0, server = 0;
    uint64_t rounds_seen = 0;
    uint64_t progress_at = 0;  // sys::read_time() of its last new round, or of its start
  };

  bool start(uint32_t slot);
  // Waits for the pair's next round: false (with a dump) if none comes
  // within kStallMs. Each pair is seen alive so right before it is killed,
  // so a pair that stopped is caught even if a kill would have ended it
  // sooner than the watchdog looks.
  bool alive(uint32_t slot);
  // Kills the pair's server or client once it is alive; the other must end
  // by itself.
  bool kill_one(uint32_t slot, bool server);
  // Waits for a process to end with `status`; false (with a dump) if it
  // does not end within kStallMs or ends otherwise. Closes its handle.
  bool ended(uint32_t slot, ipc::Handle& process, const char* role, int64_t status);
  // Notes each pair's new rounds.
  void look();
  // The watchdog: false (with a dump) if a pair made no round for kStallMs.
  bool progressing();
  void dump(const char* why, uint32_t slot);
  uint64_t rounds(uint32_t slot) const { return __atomic_load_n(round_counter(counters_, slot), __ATOMIC_RELAXED); }

  uint32_t pairs_;
  ipc::Handle board_;
  uint64_t* counters_;
  bool stall_;
  Pair pair_[kMaxPairs];
  uint64_t kills_ = 0, starts_ = 0;
};

}  // namespace stress
