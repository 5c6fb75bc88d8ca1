// Reading input: files named on the command line ("-" is stdin), whole or
// a line at a time, and writing bytes out whole.
#pragma once

#include <stddef.h>

#include "report.h"

namespace coreutils {

// An open fd for path ("-": stdin), or -1 with errno set.
int open_input(const char* path);
// Closes what open_input opened (never stdin).
void close_input(int fd);

// Calls visit(fd, path, index) for each input operand argv[first..argc)
// ("-" is stdin), or for stdin alone when there is none. An input that
// cannot be opened is reported and skipped. Returns kExitFailure if one
// could not be opened or a visit returned kExitFailure, else kExitOk.
template <typename Visit>
int for_each_input(int argc, char* const argv[], int first, Visit visit) {
  int files = argc - first;
  int result = kExitOk;
  for (int i = 0; i < (files > 0 ? files : 1); ++i) {
    const char* path = files > 0 ? argv[first + i] : "-";
    int fd = open_input(path);
    if (fd < 0) {
      result = report_errno(path);
      continue;
    }
    if (visit(fd, path, i) != kExitOk) result = kExitFailure;
    close_input(fd);
  }
  return result;
}

// Writes all of data, retrying short writes; false with errno on failure.
bool write_all(int fd, const void* data, size_t size);

// A growable byte buffer on malloc.
struct Buffer {
  char* data = nullptr;
  size_t size = 0;
  size_t capacity = 0;

  Buffer() = default;
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  ~Buffer();

  bool append(const void* bytes, size_t count);
  // Room for at least `count` more bytes (errno ENOMEM if none).
  bool reserve(size_t count);
};

// Appends everything fd holds to out; false with errno on failure.
bool read_all(int fd, Buffer& out);

// The lines of a buffer, split in place (each newline becomes a NUL; a
// last line without a newline is a line too). Valid while the buffer is.
struct Lines {
  char** line = nullptr;
  size_t* length = nullptr;
  size_t count = 0;

  Lines() = default;
  Lines(const Lines&) = delete;
  Lines& operator=(const Lines&) = delete;
  ~Lines();
};
bool split_lines(Buffer& text, Lines& out);

// Reads an fd a line at a time, through its own buffer.
class LineReader {
 public:
  explicit LineReader(int fd) : fd_(fd) {}
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // The next line, with its newline if it had one, valid until the next
  // call. False at the end of input, or on an error (then failed() is true
  // and errno says why).
  bool next(const char*& line, size_t& length);
  bool failed() const { return failed_; }

 private:
  int fd_;
  Buffer buffer_;
  size_t start_ = 0;  // where the line after the last one returned begins
  bool end_ = false;
  bool failed_ = false;
};

}  // namespace coreutils
