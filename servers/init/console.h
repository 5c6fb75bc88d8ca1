// init's console. In the full system (a boot configuration) init writes
// its own lines to /dev/console once the UART driver serves it and runs the
// configuration's console program (the shell) there, again each time it
// ends; it reads no command of its own. A program named on the kernel
// command line runs first (`make run APPEND=nsdemo`). Programs are started
// by procmgr (through the VFS) when it runs, else straight from the boot
// archive (ipc::spawn_from_archive): the bare kernel's test monitor
// (test_monitor.h) uses run_command too.
#pragma once

#include <cstddef>
#include <cstdint>

#include "ipc/message.h"

namespace init {

// The longest command line run_command takes, its words' NULs included.
constexpr size_t kMaxCommandLine = 256;

struct ConsoleServices {
  ipc::Handle vfs = 0;       // init's Vfs session, or 0
  ipc::Handle procmgr = 0;   // init's ProcessManager session, or 0
};

// Runs a program (words split in place: the program's name, its
// arguments, "+name" boot resources to hand over, which it then gets from
// the boot archive); a last word "&" runs it in the background, and its end
// is reported when it comes.
void run_command(char** words, int count, const ConsoleServices& services);

// Moves init's output to /dev/console once the UART driver serves it
// (false without it: it stays on the kernel's debug console). Before the
// first program procmgr starts: those programs have no debug console
// (docs/abi.md), only the descriptors init gives them.
bool attach_console(const ConsoleServices& services);

// Runs program (the configuration's `console`) on /dev/console, again each
// time it ends (a second later if it ran for less). If it cannot start, or
// the configuration names none, init says so and has no console: nothing
// falls back to the test monitor.
[[noreturn]] void run_console(const ConsoleServices& services, const char* program);

}  // namespace init
