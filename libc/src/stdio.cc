// Streams: a buffer in front of a FileBackend. Output is buffered per the
// stream's mode; an unbuffered stream still gathers each call's output and
// writes it once at the end of the call (or when the buffer fills). Each
// call holds its stream's lock throughout, so the output of one call (a
// printf's line) is never mixed with another thread's.
#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include "ipc/syscall.h"
#include "format.h"
#include "format_float.h"
#include "tessera/stdio_backend.h"
#include "thread_lock.h"

struct _IO_FILE {
  tessera::FileBackend backend;
  int mode;
  bool error;
  bool end_of_file;
  size_t out_length;
  size_t in_position;
  size_t in_length;
  char out[BUFSIZ];
  char in[BUFSIZ];
  tessera::ThreadLock lock;
};

namespace {

long console_write(void*, const char* data, size_t length) { return sys::debug_write(data, length); }

// The console sends a carriage return for Enter; read it as a newline, as a
// terminal's line discipline would.
long console_read(void*, char* data, size_t capacity) {
  int64_t n = sys::debug_read(data, capacity);
  for (int64_t i = 0; i < n; ++i) {
    if (data[i] == '\r') data[i] = '\n';
  }
  return n;
}

constexpr tessera::FileBackend kConsole = {console_write, console_read, nullptr};

FILE stdin_file = {kConsole, _IOLBF, false, false, 0, 0, 0, {}, {}, {}};
FILE stdout_file = {kConsole, _IONBF, false, false, 0, 0, 0, {}, {}, {}};
FILE stderr_file = {kConsole, _IONBF, false, false, 0, 0, 0, {}, {}, {}};

FILE* const kStreams[] = {&stdout_file, &stderr_file, &stdin_file};

int flush(FILE* f) {
  size_t done = 0;
  while (done < f->out_length) {
    long n = f->backend.write(f->backend.cookie, f->out + done, f->out_length - done);
    if (n <= 0) {
      f->error = true;
      f->out_length = 0;
      return EOF;
    }
    done += static_cast<size_t>(n);
  }
  f->out_length = 0;
  return 0;
}

// Returns false once the stream has failed.
bool put(FILE* f, char c) {
  f->out[f->out_length++] = c;
  if (f->out_length == sizeof f->out || (c == '\n' && f->mode == _IOLBF)) flush(f);
  return !f->error;
}

// Ends an output call: what an unbuffered stream gathered leaves now.
int finish(FILE* f, int result) {
  if (f->mode == _IONBF) flush(f);
  return f->error ? EOF : result;
}

class FileSink final : public fmt::Sink {
 public:
  explicit FileSink(FILE* file) : file_(file) {}
  void put(char c) override { ::put(file_, c); }

 private:
  FILE* file_;
};

}  // namespace

namespace tessera {

void set_file_backend(FILE* file, const FileBackend& backend) {
  Locked locked(file->lock);
  flush(file);
  file->backend = backend;
  file->in_position = file->in_length = 0;
  file->error = file->end_of_file = false;
}

// Called by exit().
void flush_all_streams() {
  for (FILE* f : kStreams) {
    Locked locked(f->lock);
    flush(f);
  }
}

}  // namespace tessera

extern "C" {

FILE* stdin = &stdin_file;
FILE* stdout = &stdout_file;
FILE* stderr = &stderr_file;

int vfprintf(FILE* file, const char* format, va_list args) {
  tessera::Locked locked(file->lock);
  FileSink sink(file);
  size_t n = fmt::vformat(sink, format, args, fmt::format_floating);
  return finish(file, static_cast<int>(n));
}

int fprintf(FILE* file, const char* format, ...) {
  va_list args;
  va_start(args, format);
  int n = vfprintf(file, format, args);
  va_end(args);
  return n;
}

int vprintf(const char* format, va_list args) { return vfprintf(stdout, format, args); }

int printf(const char* format, ...) {
  va_list args;
  va_start(args, format);
  int n = vfprintf(stdout, format, args);
  va_end(args);
  return n;
}

int vsnprintf(char* buffer, size_t capacity, const char* format, va_list args) {
  return fmt::vsnprintf(buffer, capacity, format, args, fmt::format_floating);
}

int snprintf(char* buffer, size_t capacity, const char* format, ...) {
  va_list args;
  va_start(args, format);
  int n = fmt::vsnprintf(buffer, capacity, format, args, fmt::format_floating);
  va_end(args);
  return n;
}

int vsprintf(char* buffer, const char* format, va_list args) {
  return fmt::vsnprintf(buffer, SIZE_MAX, format, args, fmt::format_floating);
}

int sprintf(char* buffer, const char* format, ...) {
  va_list args;
  va_start(args, format);
  int n = fmt::vsnprintf(buffer, SIZE_MAX, format, args, fmt::format_floating);
  va_end(args);
  return n;
}

int fputc(int c, FILE* file) {
  tessera::Locked locked(file->lock);
  put(file, static_cast<char>(c));
  return finish(file, static_cast<unsigned char>(c));
}

int putc(int c, FILE* file) { return fputc(c, file); }

int putchar(int c) { return fputc(c, stdout); }

int fputs(const char* s, FILE* file) {
  tessera::Locked locked(file->lock);
  while (*s && put(file, *s)) ++s;
  return finish(file, 0);
}

int puts(const char* s) {
  tessera::Locked locked(stdout->lock);
  while (*s && put(stdout, *s)) ++s;
  put(stdout, '\n');
  return finish(stdout, 0);
}

size_t fwrite(const void* data, size_t size, size_t count, FILE* file) {
  if (size == 0 || count == 0) return 0;
  tessera::Locked locked(file->lock);
  auto* p = static_cast<const char*>(data);
  size_t total = size * count;
  size_t i = 0;
  while (i < total && put(file, p[i])) ++i;
  finish(file, 0);
  return file->error ? i / size : count;
}

int fflush(FILE* file) {
  if (file) {
    tessera::Locked locked(file->lock);
    return flush(file);
  }
  int result = 0;
  for (FILE* f : kStreams) {
    tessera::Locked locked(f->lock);
    if (flush(f)) result = EOF;
  }
  return result;
}

int setvbuf(FILE* file, char* buffer, int mode, size_t size) {
  if (buffer || (mode != _IOFBF && mode != _IOLBF && mode != _IONBF)) return -1;
  tessera::Locked locked(file->lock);
  flush(file);
  file->mode = mode;
  return 0;
}

int fgetc(FILE* file) {
  tessera::Locked locked(file->lock);
  if (file->in_position == file->in_length) {
    if (file == stdin) {
      tessera::Locked out(stdout->lock);
      flush(stdout);
    }
    long n = file->backend.read(file->backend.cookie, file->in, sizeof file->in);
    if (n <= 0) {
      if (n < 0) file->error = true;
      else file->end_of_file = true;
      return EOF;
    }
    file->in_position = 0;
    file->in_length = static_cast<size_t>(n);
  }
  return static_cast<unsigned char>(file->in[file->in_position++]);
}

// One character always fits back: the buffer is never full behind a read position of 0.
int ungetc(int c, FILE* file) {
  if (c == EOF) return EOF;
  tessera::Locked locked(file->lock);
  if (file->in_position > 0) {
    --file->in_position;
  } else {
    if (file->in_length == sizeof file->in) return EOF;
    memmove(file->in + 1, file->in, file->in_length);
    ++file->in_length;
  }
  file->in[file->in_position] = static_cast<char>(c);
  file->end_of_file = false;
  return static_cast<unsigned char>(c);
}

int getc(FILE* file) { return fgetc(file); }

int getchar(void) { return fgetc(stdin); }

char* fgets(char* buffer, int capacity, FILE* file) {
  if (capacity <= 0) return nullptr;
  int length = 0;
  while (length + 1 < capacity) {
    int c = fgetc(file);
    if (c == EOF) break;
    buffer[length++] = static_cast<char>(c);
    if (c == '\n') break;
  }
  if (length == 0 && capacity > 1) return nullptr;
  buffer[length] = '\0';
  return buffer;
}

void perror(const char* prefix) {
  const char* message = strerror(errno);
  if (prefix && *prefix) fprintf(stderr, "%s: %s\n", prefix, message);
  else fprintf(stderr, "%s\n", message);
}

int ferror(FILE* file) { return file->error; }

int feof(FILE* file) { return file->end_of_file; }

void clearerr(FILE* file) { file->error = file->end_of_file = false; }

}  // extern "C"
