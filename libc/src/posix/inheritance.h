// What a child inherits, and how it travels: the parent makes a channel
// and passes one end to procmgr.spawn, which hands it to the child as its
// third startup handle; once spawn has returned, the parent writes into
// the other end and closes it. (Not before: a channel end with handles in
// its queue may not move, docs/ipc.md.) The child's libc reads until the
// final message before main; if the parent's end closes first, the child
// ends there (process_state.cc).
//
// Messages (at most 33 of the channel's 64 queued; inheritance_wire.h has
// their layout): each carries up to two records, one per open file
// description the child keeps, with the handles it needs (a File.clone of
// the channel, unless it is the debug console, and the page with the
// shared offset and flags) and a mask of the fds that name it. The last
// message is marked final and carries the child's signals
// (signal_inheritance.h) and the working directory.
#pragma once

#include "process_state.h"
#include "inherited_signals.h"

namespace tessera::posix {

// Writes table's descriptors, working directory cwd, the child's signals
// and console_job (consumed; 0: none) into the parent's end of a child's
// inheritance channel, then closes it. A description that cannot be
// passed on is left out and the rest written; the final message is always
// sent (if the channel takes it). 0 or the first errno.
int write_inheritance(ipc::Handle parent_end, const Table& table, const char* cwd, const InheritedSignals& signals,
                      ipc::Handle console_job = 0);

// Fills table and cwd from the channel (closed after), and joins the
// console job it carries (join_console_job), waiting for the
// parent's messages. Returns false if the parent's end closed before the
// final message: the spawner ended (or gave up) before it finished the
// spawn, which the child must not outlive (start() ends it).
bool read_inheritance(ipc::Handle channel, Table& table, char* cwd);

}  // namespace tessera::posix
