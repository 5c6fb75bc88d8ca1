// What libc's parts call in one another, beyond the C interface.
#pragma once

namespace tessera {

// Registers handler(argument) to run at exit(), before the handlers
// registered earlier. Returns false when the table is full.
bool at_exit(void (*handler)(void*), void* argument);

// Writes out what every open stream has buffered.
void flush_all_streams();

// Points stdin, stdout and stderr at fds 0, 1 and 2, buffered as their
// kind asks (docs/posix.md). Called at start-up, once the fds are set.
void start_standard_streams();

// Writes message to the console and aborts (for runtime errors that have
// no caller to report to: out of memory in operator new, pure virtual calls).
[[noreturn]] void fatal(const char* message);

}  // namespace tessera
