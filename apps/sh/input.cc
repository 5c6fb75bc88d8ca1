#include "input.h"

#include <errno.h>
#include <unistd.h>

namespace sh {

bool LineReader::read(Text& line) {
  line.clear();
  for (;;) {
    const char* newline = strchr(buffered_.c_str(), '\n');
    if (newline) {
      size_t length = static_cast<size_t>(newline - buffered_.c_str()) + 1;
      line = Text(buffered_.c_str(), length);
      buffered_ = Text(buffered_.c_str() + length);
      return true;
    }
    char chunk[512];
    ssize_t got = ::read(fd_, chunk, terminal_ ? sizeof chunk : 1);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      // A last line without "\n" still counts; a NUL ends the text (Text is a C string).
      line = static_cast<Text&&>(buffered_);
      buffered_ = Text();
      return !line.empty();
    }
    buffered_.append(chunk, static_cast<size_t>(got));
  }
}

}  // namespace sh
