#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

namespace coreutils {

namespace {
constexpr size_t kChunk = 64 * 1024;
}

int open_input(const char* path) {
  if (strcmp(path, "-") == 0) return STDIN_FILENO;
  return open(path, O_RDONLY);
}

void close_input(int fd) {
  if (fd != STDIN_FILENO) close(fd);
}

bool write_all(int fd, const void* data, size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t n = write(fd, p, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    p += n;
    size -= size_t(n);
  }
  return true;
}

Buffer::~Buffer() { free(data); }

bool Buffer::reserve(size_t count) {
  if (capacity - size >= count) return true;
  size_t wanted = capacity ? capacity : 256;
  while (wanted - size < count) wanted *= 2;
  char* grown = static_cast<char*>(realloc(data, wanted));
  if (!grown) {
    errno = ENOMEM;
    return false;
  }
  data = grown;
  capacity = wanted;
  return true;
}

bool Buffer::append(const void* bytes, size_t count) {
  if (count == 0) return true;
  if (!reserve(count)) return false;
  memcpy(data + size, bytes, count);
  size += count;
  return true;
}

bool read_all(int fd, Buffer& out) {
  for (;;) {
    if (!out.reserve(kChunk)) return false;
    ssize_t n = read(fd, out.data + out.size, out.capacity - out.size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (n == 0) return true;
    out.size += size_t(n);
  }
}

Lines::~Lines() {
  free(line);
  free(length);
}

bool split_lines(Buffer& text, Lines& out) {
  size_t count = 0;
  for (size_t i = 0; i < text.size; ++i) count += text.data[i] == '\n';
  if (text.size > 0 && text.data[text.size - 1] != '\n') ++count;
  // The terminating NUL of an unterminated last line needs a byte.
  if (!text.reserve(1)) return false;
  out.line = static_cast<char**>(malloc((count ? count : 1) * sizeof(char*)));
  out.length = static_cast<size_t*>(malloc((count ? count : 1) * sizeof(size_t)));
  if (!out.line || !out.length) {
    errno = ENOMEM;
    return false;
  }
  out.count = 0;
  size_t start = 0;
  for (size_t i = 0; i <= text.size; ++i) {
    bool at_end = i == text.size;
    if (!at_end && text.data[i] != '\n') continue;
    if (at_end && i == start) break;
    text.data[i] = '\0';
    out.line[out.count] = text.data + start;
    out.length[out.count] = i - start;
    ++out.count;
    start = i + 1;
  }
  return true;
}

bool LineReader::next(const char*& line, size_t& length) {
  for (;;) {
    char* begin = buffer_.data + start_;
    size_t available = buffer_.size - start_;
    char* newline = available ? static_cast<char*>(memchr(begin, '\n', available)) : nullptr;
    if (newline || (end_ && available > 0)) {
      length = newline ? size_t(newline - begin) + 1 : available;
      line = begin;
      start_ += length;
      return true;
    }
    if (end_ || failed_) return false;
    // Drop what was returned before reading more.
    if (start_ > 0) memmove(buffer_.data, begin, available);
    buffer_.size = available;
    start_ = 0;
    if (!buffer_.reserve(kChunk)) {
      failed_ = true;
      return false;
    }
    ssize_t n = read(fd_, buffer_.data + buffer_.size, buffer_.capacity - buffer_.size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      failed_ = true;
      return false;
    }
    if (n == 0) end_ = true;
    buffer_.size += size_t(n);
  }
}

}  // namespace coreutils
