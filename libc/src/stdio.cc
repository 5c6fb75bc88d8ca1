// Streams: a buffer in front of a FileBackend (normally a file descriptor).
// Output is buffered per the stream's mode; an unbuffered stream still
// gathers each call's output and writes it once at the end of the call (or
// when the buffer fills). Each call holds its stream's lock throughout, so
// the output of one call (a printf's line) is never mixed with another
// thread's.
#include <errno.h>
#include <fcntl.h>
#include <new>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "format.h"
#include "format_float.h"
#include "internal.h"
#include "ipc/startup.h"
#include "ipc/syscall.h"
#include "posix/process_state.h"
#include "tessera/stdio_backend.h"
#include "thread_lock.h"

namespace {
// A stream's buffers, kept apart from the stream (see standard_buffers).
struct StreamBuffers {
  char out[BUFSIZ];
  char in[BUFSIZ];
};
}  // namespace

struct _IO_FILE {
  tessera::FileBackend backend;
  int mode;
  int fd;  // -1: a backend of its own
  bool error;
  bool end_of_file;
  size_t out_length;
  size_t in_position;
  size_t in_length;
  FILE* next;  // the list of open streams
  StreamBuffers* buffers;
  tessera::ThreadLock lock;
};

namespace {

long console_write(void*, const char* data, size_t length) {
  return sys::debug_write(ipc::debug_console(), data, length);
}

long console_read(void*, char* data, size_t capacity) {
  int64_t n = sys::debug_read(data, capacity);
  for (int64_t i = 0; i < n; ++i) {
    if (data[i] == '\r') data[i] = '\n';
  }
  return n;
}

// Until start-up points them at fds 0, 1 and 2, the standard streams use
// the debug console.
constexpr tessera::FileBackend kConsole = {console_write, console_read, nullptr};

long fd_write(void* cookie, const char* data, size_t length) {
  return write(static_cast<int>(reinterpret_cast<intptr_t>(cookie)), data, length);
}

long fd_read(void* cookie, char* data, size_t capacity) {
  return read(static_cast<int>(reinterpret_cast<intptr_t>(cookie)), data, capacity);
}

tessera::FileBackend fd_backend(int fd) { return {fd_write, fd_read, reinterpret_cast<void*>(intptr_t(fd))}; }

// Apart from the streams, so that they lie in .bss: zeros in .data would be
// in every program's file, read and copied each time it is loaded.
StreamBuffers standard_buffers[3];
FILE stderr_file = {kConsole, _IONBF, 2, false, false, 0, 0, 0, nullptr, &standard_buffers[2], {}};
FILE stdout_file = {kConsole, _IONBF, 1, false, false, 0, 0, 0, &stderr_file, &standard_buffers[1], {}};
FILE stdin_file = {kConsole, _IOLBF, 0, false, false, 0, 0, 0, &stdout_file, &standard_buffers[0], {}};

FILE* const kStandardStreams[] = {&stdin_file, &stdout_file, &stderr_file};
FILE* streams = &stdin_file;  // every open stream, newest first
tessera::ThreadLock streams_lock;

int flush(FILE* f) {
  size_t done = 0;
  while (done < f->out_length) {
    long n = f->backend.write(f->backend.cookie, f->buffers->out + done, f->out_length - done);
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

// Input read ahead but not taken: the fd's offset goes back to where the
// reader is, before a write or a seek.
void drop_input(FILE* f) {
  size_t unread = f->in_length - f->in_position;
  if (unread && f->fd >= 0) (void)lseek(f->fd, -static_cast<off_t>(unread), SEEK_CUR);
  f->in_position = f->in_length = 0;
}

// Returns false once the stream has failed.
bool put(FILE* f, char c) {
  if (f->in_length) drop_input(f);
  f->buffers->out[f->out_length++] = c;
  if (f->out_length == sizeof f->buffers->out || (c == '\n' && f->mode == _IOLBF)) flush(f);
  return !f->error;
}

// Ends an output call: what an unbuffered stream gathered leaves now.
int finish(FILE* f, int result) {
  if (f->mode == _IONBF) flush(f);
  return f->error ? EOF : result;
}

// Refills the input buffer: false at end of file or on error.
bool fill(FILE* f) {
  if (f == stdin) {
    tessera::Locked out(stdout->lock);
    flush(stdout);
  }
  flush(f);
  long n = f->backend.read(f->backend.cookie, f->buffers->in, sizeof f->buffers->in);
  if (n <= 0) {
    if (n < 0) f->error = true;
    else f->end_of_file = true;
    return false;
  }
  f->in_position = 0;
  f->in_length = static_cast<size_t>(n);
  return true;
}

int get(FILE* f) {
  if (f->in_position == f->in_length && !fill(f)) return EOF;
  return static_cast<unsigned char>(f->buffers->in[f->in_position++]);
}

class FileSink final : public fmt::Sink {
 public:
  explicit FileSink(FILE* file) : file_(file) {}
  void put(char c) override { ::put(file_, c); }

 private:
  FILE* file_;
};

// The open flags of an fopen mode, or -1.
int flags_of(const char* mode) {
  int flags;
  switch (mode[0]) {
    case 'r': flags = O_RDONLY; break;
    case 'w': flags = O_WRONLY | O_CREAT | O_TRUNC; break;
    case 'a': flags = O_WRONLY | O_CREAT | O_APPEND; break;
    default: return -1;
  }
  for (const char* m = mode + 1; *m; ++m) {
    if (*m == '+') flags = (flags & ~O_ACCMODE) | O_RDWR;
    else if (*m == 'x') flags |= O_EXCL;
    else if (*m == 'e') flags |= O_CLOEXEC;
    else if (*m != 'b') return -1;
  }
  return flags;
}

// Terminals get lines, files and pipes whole buffers (C11 7.21.3).
int default_mode(int fd) { return isatty(fd) ? _IOLBF : _IOFBF; }

}  // namespace

namespace tessera {

void set_file_backend(FILE* file, const FileBackend& backend) {
  Locked locked(file->lock);
  flush(file);
  file->backend = backend;
  file->fd = -1;
  file->in_position = file->in_length = 0;
  file->error = file->end_of_file = false;
}

void start_standard_streams() {
  for (FILE* f : kStandardStreams) {
    f->backend = fd_backend(f->fd);
  }
  // The debug console keeps the unbuffered stdout programs without
  // descriptors have always had.
  posix::Description* out = posix::descriptors().get(1);
  bool console = out && out->kind() == posix::Description::Kind::Console;
  stdout_file.mode = console ? _IONBF : default_mode(1);
}

void flush_all_streams() {
  Locked list(streams_lock);
  for (FILE* f = streams; f; f = f->next) {
    Locked locked(f->lock);
    flush(f);
  }
}

}  // namespace tessera

extern "C" {

FILE* stdin = &stdin_file;
FILE* stdout = &stdout_file;
FILE* stderr = &stderr_file;

FILE* fdopen(int fd, const char* mode) {
  int flags = flags_of(mode);
  if (flags < 0) {
    errno = EINVAL;
    return nullptr;
  }
  if (fcntl(fd, F_GETFL) < 0) return nullptr;  // EBADF
  auto* buffers = new (std::nothrow) StreamBuffers;
  auto* f = buffers ? new (std::nothrow) FILE{fd_backend(fd), default_mode(fd), fd, false, false, 0, 0, 0, nullptr,
                                              buffers, {}}
                    : nullptr;
  if (!f) {
    delete buffers;
    errno = ENOMEM;
    return nullptr;
  }
  tessera::Locked list(streams_lock);
  f->next = streams;
  streams = f;
  return f;
}

FILE* fopen(const char* path, const char* mode) {
  int flags = flags_of(mode);
  if (flags < 0) {
    errno = EINVAL;
    return nullptr;
  }
  int fd = open(path, flags, 0666);
  if (fd < 0) return nullptr;
  FILE* f = fdopen(fd, mode);
  if (!f) close(fd);
  return f;
}

int fclose(FILE* file) {
  int result;
  {
    tessera::Locked locked(file->lock);
    result = flush(file);
    drop_input(file);
    if (file->fd >= 0 && close(file->fd) < 0) result = EOF;
    file->fd = -1;
  }
  if (file == &stdin_file || file == &stdout_file || file == &stderr_file) return result;
  {
    tessera::Locked list(streams_lock);
    for (FILE** p = &streams; *p; p = &(*p)->next) {
      if (*p == file) {
        *p = file->next;
        break;
      }
    }
  }
  delete file->buffers;
  delete file;
  return result;
}

int fileno(FILE* file) {
  if (file->fd < 0) errno = EBADF;
  return file->fd;
}

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
  if (total >= sizeof file->buffers->out && file->mode == _IOFBF) {
    // Too big to gather: what is buffered, then the data in one write.
    if (file->in_length) drop_input(file);
    if (flush(file) == 0) {
      while (i < total) {
        long n = file->backend.write(file->backend.cookie, p + i, total - i);
        if (n <= 0) {
          file->error = true;
          break;
        }
        i += static_cast<size_t>(n);
      }
    }
    return i / size;
  }
  while (i < total && put(file, p[i])) ++i;
  finish(file, 0);
  return file->error ? i / size : count;
}

size_t fread(void* buffer, size_t size, size_t count, FILE* file) {
  if (size == 0 || count == 0) return 0;
  tessera::Locked locked(file->lock);
  auto* p = static_cast<char*>(buffer);
  size_t total = size * count, done = 0;
  while (done < total) {
    if (file->in_position == file->in_length && !fill(file)) break;
    size_t n = file->in_length - file->in_position;
    if (n > total - done) n = total - done;
    memcpy(p + done, file->buffers->in + file->in_position, n);
    file->in_position += n;
    done += n;
  }
  return done / size;
}

int fflush(FILE* file) {
  if (file) {
    tessera::Locked locked(file->lock);
    return flush(file);
  }
  int result = 0;
  tessera::Locked list(streams_lock);
  for (FILE* f = streams; f; f = f->next) {
    tessera::Locked locked(f->lock);
    if (flush(f)) result = EOF;
  }
  return result;
}

int setvbuf(FILE* file, char*, int mode, size_t) {
  if (mode != _IOFBF && mode != _IOLBF && mode != _IONBF) return -1;
  tessera::Locked locked(file->lock);
  flush(file);
  file->mode = mode;
  return 0;
}

void setbuf(FILE* file, char* buffer) { setvbuf(file, buffer, buffer ? _IOFBF : _IONBF, BUFSIZ); }

int fseek(FILE* file, long offset, int whence) {
  tessera::Locked locked(file->lock);
  if (flush(file) != 0) return -1;
  if (whence == SEEK_CUR) offset -= static_cast<long>(file->in_length - file->in_position);
  file->in_position = file->in_length = 0;
  if (file->fd < 0 || lseek(file->fd, offset, whence) < 0) return -1;
  file->end_of_file = false;
  return 0;
}

long ftell(FILE* file) {
  tessera::Locked locked(file->lock);
  if (file->fd < 0) {
    errno = EBADF;
    return -1;
  }
  off_t at = lseek(file->fd, 0, SEEK_CUR);
  if (at < 0) return -1;
  return at - static_cast<long>(file->in_length - file->in_position) + static_cast<long>(file->out_length);
}

void rewind(FILE* file) {
  (void)fseek(file, 0, SEEK_SET);
  clearerr(file);
}

int fgetc(FILE* file) {
  tessera::Locked locked(file->lock);
  return get(file);
}

// One character always fits back: the buffer is never full behind a read position of 0.
int ungetc(int c, FILE* file) {
  if (c == EOF) return EOF;
  tessera::Locked locked(file->lock);
  if (file->in_position > 0) {
    --file->in_position;
  } else {
    if (file->in_length == sizeof file->buffers->in) return EOF;
    memmove(file->buffers->in + 1, file->buffers->in, file->in_length);
    ++file->in_length;
  }
  file->buffers->in[file->in_position] = static_cast<char>(c);
  file->end_of_file = false;
  return static_cast<unsigned char>(c);
}

int getc(FILE* file) { return fgetc(file); }

int getchar(void) { return fgetc(stdin); }

char* fgets(char* buffer, int capacity, FILE* file) {
  if (capacity <= 0) return nullptr;
  tessera::Locked locked(file->lock);
  int length = 0;
  while (length + 1 < capacity) {
    int c = get(file);
    if (c == EOF) break;
    buffer[length++] = static_cast<char>(c);
    if (c == '\n') break;
  }
  if (length == 0 && capacity > 1) return nullptr;
  buffer[length] = '\0';
  return buffer;
}

ssize_t getdelim(char** line, size_t* capacity, int delimiter, FILE* file) {
  if (!line || !capacity) {
    errno = EINVAL;
    return -1;
  }
  tessera::Locked locked(file->lock);
  size_t length = 0;
  for (;;) {
    int c = get(file);
    if (c == EOF) break;
    if (length + 2 > *capacity || !*line) {
      size_t grown = *capacity < 64 ? 128 : *capacity * 2;
      auto* bigger = static_cast<char*>(realloc(*line, grown));
      if (!bigger) {
        errno = ENOMEM;
        file->error = true;
        return -1;
      }
      *line = bigger;
      *capacity = grown;
    }
    (*line)[length++] = static_cast<char>(c);
    if (c == delimiter) break;
  }
  if (length == 0) return -1;
  (*line)[length] = '\0';
  return static_cast<ssize_t>(length);
}

ssize_t getline(char** line, size_t* capacity, FILE* file) { return getdelim(line, capacity, '\n', file); }

void perror(const char* prefix) {
  const char* message = strerror(errno);
  if (prefix && *prefix) fprintf(stderr, "%s: %s\n", prefix, message);
  else fprintf(stderr, "%s\n", message);
}

int ferror(FILE* file) { return file->error; }

int feof(FILE* file) { return file->end_of_file; }

void clearerr(FILE* file) { file->error = file->end_of_file = false; }

}  // extern "C"
