// Each user thread's control block, found through tp: where its IPC buffer
// is. libipc makes one for the main thread at start-up and one for every
// thread it starts (at the top of that thread's stack).
#pragma once

#include "ipc/message.h"

namespace ipc {

struct ThreadBlock {
  Message* ipc_buffer;
  uint64_t signals_blocked = 0;  // libc's: this thread's signal mask (a new thread gets its creator's)
};

// Makes block the running thread's (tp) and registers its IPC buffer.
void become(ThreadBlock* block);

// The main thread's block.
ThreadBlock* main_thread_block();

// Set by libc: run on each thread start_thread starts, first, and as it
// returns from its entry.
extern void (*thread_started)();
extern void (*thread_ending)();

inline ThreadBlock* this_thread_block() {
  ThreadBlock* block;
  asm("mv %0, tp" : "=r"(block));
  return block;
}

}  // namespace ipc
