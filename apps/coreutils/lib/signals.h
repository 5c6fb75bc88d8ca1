// Signal names for kill: "TERM", "SIGTERM", "term" and "15" all name
// SIGTERM. The numbers are the C library's (<signal.h>).
#pragma once

#include <stddef.h>

namespace coreutils {

// The signal a name or number stands for (0 is valid: it checks that the
// process exists); -1 if none.
int signal_number(const char* name);

// The name without "SIG" ("TERM"), nullptr if the number has none.
const char* signal_name(int number);

// Calls visit(number, name) for each known signal, in number order.
void for_each_signal(void (*visit)(int number, const char* name, void* context), void* context);

}  // namespace coreutils
