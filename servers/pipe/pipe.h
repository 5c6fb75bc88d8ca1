// pipe::Pipe: one pipe's POSIX rules, apart from IPC so the host tests can
// check them (tests/host/pipe_test.cc). The server (pipe_file.h) turns File
// calls into read() and write() and parks what must wait as Waiters.
//
//  - a bounded buffer of kCapacity bytes;
//  - a write of up to kAtomicWrite (PIPE_BUF) bytes goes in whole or waits:
//    it is never interleaved with another write. A longer one goes in as
//    room comes and finishes when all of it is in;
//  - waiting reads and writes are served first come, first served; a write
//    that must wait holds back the writes after it, so bytes keep the order
//    in which writes were made;
//  - a read of an empty pipe waits while any writer reference is open, and
//    gets 0 (end of file) once none is;
//  - a write with no reader reference open fails with PeerClosed (EPIPE),
//    also one that is waiting when the last reader goes;
//  - a write of nothing waits behind the waiting writes too: the server
//    answers it with what a write its caller abandoned had put in
//    (pipe_file.h), which it knows once the writes before are done.
#pragma once

#include <cstdint>

#include "result.h"
#include "ring_buffer.h"

namespace pipe {

constexpr uint32_t kCapacity = 64 * 1024;
constexpr uint32_t kAtomicWrite = 4096;  // PIPE_BUF

enum class End : uint8_t { Read, Write };

// A read or write that could not finish at once. The pipe owns it while it
// is queued: it calls finish() once, then deletes it. `owner` names the
// open end it came through, so the end can take back its waiters.
class Waiter {
 public:
  Waiter(const void* owner, uint8_t* bytes, uint32_t count) : owner(owner), bytes(bytes), count(count) {}
  virtual ~Waiter() = default;
  // The result: bytes moved (0 at end of file for a read), or an error.
  virtual void finish(Result<uint32_t> result) = 0;

  const void* owner;
  uint8_t* bytes;  // where a read puts its bytes, or where a write takes them from
  uint32_t count;
  uint32_t done = 0;  // of a write: bytes already in the pipe
  Waiter* next = nullptr;
};

class Pipe {
 public:
  Pipe() { ++live_; }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  ~Pipe();

  void open_end(End end);
  // The last reference of an end going finishes the other end's waiters:
  // reads with 0, writes with PeerClosed.
  void close_end(End end);
  bool unused() const { return readers_ == 0 && writers_ == 0; }
  // Pipes that exist now (the server's bound on them).
  static uint32_t live() { return live_; }
  uint32_t buffered() const { return buffer_.size(); }

  // Up to count bytes into `into`: how many, 0 at end of file, or
  // ShouldWait when the pipe is empty and a writer may still write.
  Result<uint32_t> read(uint8_t* into, uint32_t count);
  // Writes count bytes from `from`: all of them, or (nonblocking, over
  // kAtomicWrite) what fitted. PeerClosed with no reader. ShouldWait when
  // it must wait; `done` then says how much of it is in already, and the
  // rest waits in a Waiter (or, nonblocking, is refused with EAGAIN).
  Result<uint32_t> write(const uint8_t* from, uint32_t count, bool nonblocking, uint32_t& done);

  // Queues a read (or write) that got ShouldWait; the pipe owns it now.
  void wait_read(Waiter* waiter) { append(readers_waiting_, waiter); }
  void wait_write(Waiter* waiter) { append(writers_waiting_, waiter); }
  // Takes a waiter back unfinished (its caller went away); the caller
  // deletes it. Returns the bytes it had put in (a write's `done`), which
  // stay in the pipe; writes behind it move on.
  uint32_t forget(Waiter* waiter);
  // Deletes, unfinished, every waiter that came through owner.
  void drop_waiters_of(const void* owner);

 private:
  static void append(Waiter*& queue, Waiter* waiter);
  static bool unlink(Waiter*& queue, Waiter* waiter);
  static void finish_all(Waiter*& queue, bool is_write);
  // Moves the bytes of a write that fit now: true when it may finish.
  bool advance(Waiter& write);
  // Finishes waiting reads while there are bytes and waiting writes while
  // there is room, until neither moves.
  void serve_waiters();

  static inline uint32_t live_ = 0;
  RingBuffer<kCapacity> buffer_;
  uint32_t readers_ = 0;
  uint32_t writers_ = 0;
  Waiter* readers_waiting_ = nullptr;  // oldest first
  Waiter* writers_waiting_ = nullptr;
};

}  // namespace pipe
