// ipcbench's pieces: the figures (client side) and the servers.
#pragma once

#include <stddef.h>

#include "ipc/message.h"

namespace bench {

constexpr size_t kTransferBytes = 1 << 20;

int serve_registers(ipc::Handle end);
void serve_registers_thread(void* end);
int serve_messages(ipc::Handle end);
int serve_stub(ipc::Handle end);
int serve_membuf(ipc::Handle end, ipc::Handle buffer);

void run_figures();
// The figures of several harts (needs at least 2).
void run_smp_figures();

}  // namespace bench
