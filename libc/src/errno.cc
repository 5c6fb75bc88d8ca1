#include <errno.h>

namespace {
int error_number;
}

extern "C" int* __errno_location() noexcept { return &error_number; }
