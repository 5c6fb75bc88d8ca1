// touch -d's date_time (POSIX touch): YYYY-MM-DDThh:mm:SS[.frac][Z], with a
// space allowed for the T. With Z it is UTC, without it local time (on
// Tessera, UTC too).
#pragma once

#include <time.h>

namespace coreutils {

// False for text that is not such a date and time.
bool parse_date_time(const char* text, struct timespec& out);

}  // namespace coreutils
