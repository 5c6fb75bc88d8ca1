#include "sink.h"

#include <stdio.h>

namespace coreutils {

Sink stdout_sink() {
  return Sink{[](void*, const char* text, size_t length) { fwrite(text, 1, length, stdout); }, nullptr};
}

}  // namespace coreutils
