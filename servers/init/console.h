// init's console: reads command lines and runs them. Lines come from the
// kernel's debug console until the UART driver serves /dev/console, then
// from it; programs are started by procmgr (through the VFS) when it runs,
// else straight from the boot archive (ipc::spawn_from_archive).
#pragma once

#include <cstddef>
#include <cstdint>

#include "ipc/message.h"

namespace init {

class Supervisor;

struct ConsoleServices {
  ipc::Handle vfs = 0;       // init's Vfs session, or 0
  ipc::Handle procmgr = 0;   // init's ProcessManager session, or 0
  Supervisor* supervisor = nullptr;
};

// Runs one command line (words split in place): builtins (poweroff, which
// syncs first, sync, free, devices, kill SERVICE) or a program; a last word "&" runs the program in
// the background, and its end is reported when it comes.
void run_command(char** words, int count, const ConsoleServices& services);

// Moves init's streams to /dev/console once the UART driver serves it
// (false without it: they stay on the kernel's debug console). Before the
// first program procmgr starts: those programs have no debug console
// (docs/abi.md), only the descriptors init gives them.
bool attach_console(const ConsoleServices& services);
// Runs program (boot.conf's `console`, null for none) on /dev/console
// (`device`: attach_console found it), again each time it ends; if it
// cannot run, or without it, init's own command loop. Never returns.
[[noreturn]] void console_loop(const ConsoleServices& services, bool device, const char* program);

}  // namespace init
