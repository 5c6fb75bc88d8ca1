// sysconf: the limits <limits.h> names, as the calls enforce them.
#include <errno.h>
#include <limits.h>
#include <unistd.h>

#include "abi/address_space.h"

extern "C" long sysconf(int name) {
  switch (name) {
    case _SC_ARG_MAX: return ARG_MAX;
    case _SC_OPEN_MAX: return OPEN_MAX;
    case _SC_PAGESIZE: return static_cast<long>(abi::kPageSize);
    default: errno = EINVAL; return -1;
  }
}
