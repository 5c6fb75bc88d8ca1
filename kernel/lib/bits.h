// The kernel's name for the bit scans shared with libc (common/bit_scan.h).
#pragma once

#include "bit_scan.h"

namespace kernel {
namespace bits = tessera::bits;
}  // namespace kernel
