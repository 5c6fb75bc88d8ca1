// How every utility speaks to its user about failure: `name: path: strerror`
// on stderr (the format), usage lines, and the exit statuses POSIX
// gives them (0 ok, 1 failure, 2 usage).
#pragma once

namespace coreutils {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

// The name the messages start with; each main sets it first.
void set_program_name(const char* name);
const char* program_name();

// Prints `name: what: strerror(errno)`; returns kExitFailure.
int report_errno(const char* what);
// Prints `name: ` and the printf-style message and a newline; returns kExitFailure.
int complain(const char* format, ...) __attribute__((format(printf, 1, 2)));
// Prints `usage: name ` and the synopsis; returns kExitUsage.
int usage(const char* synopsis);

}  // namespace coreutils
