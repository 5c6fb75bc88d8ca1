// LineReader: the shell's input, a line at a time. From a terminal it reads
// what the terminal gives (a line per read); from anything else a byte at a
// time, so that a command reading the same input (sh < script with `cat`
// in it) gets the lines after the shell's, as POSIX asks.
#pragma once

#include "text.h"

namespace sh {

class LineReader {
 public:
  LineReader(int fd, bool terminal) : fd_(fd), terminal_(terminal) {}
  // The next line, with its "\n" unless the input ended without one; false
  // when nothing more comes.
  bool read(Text& line);

 private:
  int fd_;
  bool terminal_;
  Text buffered_;  // read from a terminal but not yet handed out
};

}  // namespace sh
