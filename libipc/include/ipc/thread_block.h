// Each user thread's control block, found through tp: where its IPC buffer
// is. libipc makes one for the main thread at start-up and one for every
// thread it starts (at the top of that thread's stack).
#pragma once

#include "ipc/message.h"

namespace ipc {

struct ThreadBlock {
  Message* ipc_buffer;
};

// Makes block the running thread's (tp) and registers its IPC buffer.
void become(ThreadBlock* block);

inline ThreadBlock* this_thread_block() {
  ThreadBlock* block;
  asm("mv %0, tp" : "=r"(block));
  return block;
}

}  // namespace ipc
