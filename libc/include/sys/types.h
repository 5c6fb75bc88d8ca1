// <sys/types.h>: the POSIX scalar types, with Linux's widths on RV64. They
// are glibc's header's own: glibc's <stdlib.h>, which libstdc++'s <cstdlib>
// reaches past ours, needs its internal names too.
#pragma once

#include_next <sys/types.h>
