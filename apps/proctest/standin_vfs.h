// A stand-in for vfs and a file system, for testing procmgr before the
// real servers exist (or without them): Vfs sessions that open a few
// files held in memory (the programs proctest embeds, a text file, a
// truncated ELF, a directory), served by one thread of proctest. Only
// what procmgr's loader uses works: Vfs.open and Vfs.clone, File.read,
// setBuffer, readBulk and stat; the rest answers NoSyscall.
#pragma once

#include <cstddef>
#include <cstdint>

#include "ipc/message.h"
#include "result.h"

namespace proctest {

struct StandinCounters {
  uint32_t opens;          // Vfs.open calls that found a file
  uint32_t private_clones; // Vfs.clone(true) calls
  uint32_t bulk_reads;     // File.readBulk calls
  uint32_t files_open;     // File channels not yet closed by their client
  uint32_t sessions_open;  // Vfs sessions not yet closed by their client
};

// Starts the serving thread.
Status start_standin_vfs();
// A new Vfs session (the client end; the stand-in keeps the other).
Result<ipc::Handle> standin_session();
// Read with __atomic loads: the serving thread updates them.
StandinCounters standin_counters();

}  // namespace proctest
