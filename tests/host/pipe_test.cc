// pipe::Pipe and its RingBuffer: bytes keep their order across the wrap;
// writes up to PIPE_BUF go in whole or wait; longer ones go in as room
// comes; readers wait on an empty pipe and see end of file when the last
// writer goes; writers get PeerClosed when the last reader goes, also while
// they wait; waiting calls are served in order and can be taken back.
#include "../../servers/pipe/pipe.h"

#include <doctest/doctest.h>

#include <vector>

using pipe::End;
using pipe::Pipe;
using pipe::Waiter;

namespace {

// Where a test waiter's result lands once the pipe finishes it.
struct Outcome {
  bool finished = false;
  Error error = Error::Ok;
  uint32_t count = 0;
};

class TestWaiter final : public Waiter {
 public:
  TestWaiter(const void* owner, uint8_t* bytes, uint32_t count, Outcome& outcome, uint32_t done = 0)
      : Waiter(owner, bytes, count), outcome_(outcome) {
    this->done = done;
  }
  void finish(Result<uint32_t> result) override {
    outcome_.finished = true;
    outcome_.error = result ? Error::Ok : result.error();
    outcome_.count = result ? *result : 0;
  }

 private:
  Outcome& outcome_;
};

std::vector<uint8_t> pattern(size_t size, uint8_t seed) {
  std::vector<uint8_t> bytes(size);
  for (size_t i = 0; i < size; ++i) bytes[i] = uint8_t(seed + i * 7);
  return bytes;
}

struct OpenPipe {
  Pipe pipe;
  OpenPipe() {
    pipe.open_end(End::Read);
    pipe.open_end(End::Write);
  }
};

}  // namespace

TEST_CASE("the ring keeps the order of bytes across its wrap") {
  pipe::RingBuffer<16> ring;
  uint8_t out[16];
  uint8_t in[16];
  uint8_t next_in = 0, next_out = 0;
  for (int round = 0; round < 50; ++round) {
    uint32_t n = 1 + round % 11;
    for (uint32_t i = 0; i < n; ++i) in[i] = uint8_t(next_in + i);
    uint32_t put = ring.put(in, n);
    next_in = uint8_t(next_in + put);
    CHECK(ring.size() + ring.room() == 16);
    uint32_t took = ring.take(out, 1 + round % 7);
    for (uint32_t i = 0; i < took; ++i) CHECK(out[i] == uint8_t(next_out + i));
    next_out = uint8_t(next_out + took);
  }
  uint32_t room = ring.room();
  CHECK(ring.put(in, 16) == room);  // never more than the room
  CHECK(ring.room() == 0);
  CHECK(ring.put(in, 1) == 0);
}

TEST_CASE("a read of an empty pipe waits while a writer is open, then sees end of file") {
  OpenPipe p;
  uint8_t buffer[8];
  auto r = p.pipe.read(buffer, sizeof buffer);
  CHECK(r.error() == Error::ShouldWait);
  Outcome outcome;
  p.pipe.wait_read(new TestWaiter(nullptr, buffer, sizeof buffer, outcome));
  p.pipe.close_end(End::Write);
  CHECK(outcome.finished);
  CHECK(outcome.error == Error::Ok);
  CHECK(outcome.count == 0);
  auto again = p.pipe.read(buffer, sizeof buffer);
  REQUIRE(again.ok());
  CHECK(*again == 0);
}

TEST_CASE("bytes written before the last writer closes are read before end of file") {
  OpenPipe p;
  uint32_t done = 0;
  const uint8_t data[3] = {1, 2, 3};
  REQUIRE(p.pipe.write(data, 3, false, done).ok());
  p.pipe.close_end(End::Write);
  uint8_t out[8];
  CHECK(*p.pipe.read(out, 8) == 3);
  CHECK(out[2] == 3);
  CHECK(*p.pipe.read(out, 8) == 0);
}

TEST_CASE("a waiting read gets the next write's bytes") {
  OpenPipe p;
  uint8_t out[8] = {};
  Outcome outcome;
  p.pipe.wait_read(new TestWaiter(nullptr, out, 2, outcome));
  uint32_t done = 0;
  const uint8_t data[3] = {7, 8, 9};
  CHECK(*p.pipe.write(data, 3, false, done) == 3);
  CHECK(outcome.finished);
  CHECK(outcome.count == 2);  // no more than it asked for
  CHECK(out[0] == 7);
  CHECK(out[1] == 8);
  CHECK(p.pipe.buffered() == 1);
}

TEST_CASE("a write with no reader fails with PeerClosed") {
  OpenPipe p;
  p.pipe.close_end(End::Read);
  uint32_t done = 0;
  const uint8_t data[1] = {1};
  CHECK(p.pipe.write(data, 1, false, done).error() == Error::PeerClosed);
  CHECK(p.pipe.write(data, 1, true, done).error() == Error::PeerClosed);
}

TEST_CASE("a write up to PIPE_BUF goes in whole or waits; it is never split") {
  OpenPipe p;
  auto fill = pattern(pipe::kCapacity - 100, 1);
  uint32_t done = 0;
  REQUIRE(*p.pipe.write(fill.data(), uint32_t(fill.size()), false, done) == fill.size());
  auto atomic = pattern(pipe::kAtomicWrite, 9);
  CHECK(p.pipe.write(atomic.data(), pipe::kAtomicWrite, false, done).error() == Error::ShouldWait);
  CHECK(done == 0);
  CHECK(p.pipe.buffered() == fill.size());  // nothing of it went in
  CHECK(p.pipe.write(atomic.data(), pipe::kAtomicWrite, true, done).error() == Error::ShouldWait);
  Outcome outcome;
  p.pipe.wait_write(new TestWaiter(nullptr, atomic.data(), pipe::kAtomicWrite, outcome));
  std::vector<uint8_t> out(pipe::kAtomicWrite);
  // Reading less than it needs leaves it waiting, still not split.
  REQUIRE(*p.pipe.read(out.data(), 3000) == 3000);
  CHECK(!outcome.finished);
  CHECK(p.pipe.buffered() == fill.size() - 3000);
  REQUIRE(*p.pipe.read(out.data(), 2000) == 2000);
  CHECK(outcome.finished);
  CHECK(outcome.count == pipe::kAtomicWrite);
  CHECK(p.pipe.buffered() == fill.size() - 5000 + pipe::kAtomicWrite);
}

TEST_CASE("a write over PIPE_BUF goes in as room comes and finishes when all is in") {
  OpenPipe p;
  auto big = pattern(pipe::kCapacity + 10000, 3);
  uint32_t done = 0;
  auto r = p.pipe.write(big.data(), uint32_t(big.size()), false, done);
  CHECK(r.error() == Error::ShouldWait);
  CHECK(done == pipe::kCapacity);
  Outcome outcome;
  p.pipe.wait_write(new TestWaiter(nullptr, big.data(), uint32_t(big.size()), outcome, done));
  std::vector<uint8_t> out(big.size());
  uint32_t got = 0;
  while (got < big.size()) {
    auto n = p.pipe.read(out.data() + got, 7000);
    REQUIRE(n.ok());
    REQUIRE(*n > 0);
    got += *n;
  }
  CHECK(out == big);
  CHECK(outcome.finished);
  CHECK(outcome.count == big.size());
}

TEST_CASE("a nonblocking write over PIPE_BUF takes what fits, then refuses") {
  OpenPipe p;
  auto big = pattern(pipe::kCapacity + 1, 5);
  uint32_t done = 0;
  auto r = p.pipe.write(big.data(), uint32_t(big.size()), true, done);
  REQUIRE(r.ok());
  CHECK(*r == pipe::kCapacity);
  CHECK(p.pipe.write(big.data(), pipe::kAtomicWrite + 1, true, done).error() == Error::ShouldWait);
  CHECK(p.pipe.write(big.data(), 1, true, done).error() == Error::ShouldWait);
}

TEST_CASE("writes wait in order: a later write does not pass a waiting one") {
  OpenPipe p;
  auto fill = pattern(pipe::kCapacity - 10, 1);
  uint32_t done = 0;
  REQUIRE(p.pipe.write(fill.data(), uint32_t(fill.size()), false, done).ok());
  const uint8_t first[20] = {0xaa};
  Outcome first_outcome;
  REQUIRE(p.pipe.write(first, 20, false, done).error() == Error::ShouldWait);
  p.pipe.wait_write(new TestWaiter(nullptr, const_cast<uint8_t*>(first), 20, first_outcome));
  // 5 bytes would fit, but they must not go before the waiting 20.
  const uint8_t second[5] = {0xbb};
  CHECK(p.pipe.write(second, 5, false, done).error() == Error::ShouldWait);
  CHECK(p.pipe.buffered() == fill.size());
}

TEST_CASE("the last reader going fails waiting writes with PeerClosed, or reports what went in") {
  OpenPipe p;
  p.pipe.open_end(End::Read);  // two references to the read end
  auto fill = pattern(pipe::kCapacity, 1);
  uint32_t done = 0;
  REQUIRE(p.pipe.write(fill.data(), uint32_t(fill.size()), false, done).ok());
  const uint8_t small[10] = {};
  Outcome blocked;
  p.pipe.wait_write(new TestWaiter(nullptr, const_cast<uint8_t*>(small), 10, blocked));
  Outcome partial;
  auto big = pattern(pipe::kAtomicWrite * 3, 2);
  p.pipe.wait_write(new TestWaiter(nullptr, big.data(), uint32_t(big.size()), partial, 100));
  p.pipe.close_end(End::Read);
  CHECK(!blocked.finished);  // a reader is left
  p.pipe.close_end(End::Read);
  CHECK(blocked.finished);
  CHECK(blocked.error == Error::PeerClosed);
  CHECK(partial.finished);
  CHECK(partial.error == Error::Ok);
  CHECK(partial.count == 100);
}

TEST_CASE("a waiter taken back or dropped with its end is never finished") {
  OpenPipe p;
  uint8_t out[4];
  Outcome kept, forgotten, dropped;
  int owner_a = 0, owner_b = 0;
  auto* gone = new TestWaiter(&owner_a, out, 4, forgotten);
  p.pipe.wait_read(gone);
  p.pipe.wait_read(new TestWaiter(&owner_b, out, 4, dropped));
  p.pipe.wait_read(new TestWaiter(&owner_a, out, 4, kept));
  p.pipe.forget(gone);
  delete gone;
  p.pipe.drop_waiters_of(&owner_b);
  const uint8_t data[2] = {1, 2};
  uint32_t done = 0;
  REQUIRE(p.pipe.write(data, 2, false, done).ok());
  CHECK(kept.finished);
  CHECK(kept.count == 2);
  CHECK(!forgotten.finished);
  CHECK(!dropped.finished);
}

TEST_CASE("a write of nothing waits behind the waiting writes, and is 0 at once otherwise") {
  OpenPipe p;
  const uint8_t none[1] = {};
  uint32_t done = 7;
  auto empty = p.pipe.write(none, 0, false, done);
  REQUIRE(empty.ok());
  CHECK(*empty == 0);
  CHECK(done == 0);
  auto fill = pattern(pipe::kCapacity, 1);
  REQUIRE(p.pipe.write(fill.data(), uint32_t(fill.size()), false, done).ok());
  const uint8_t more[10] = {};
  Outcome waiting, asked;
  p.pipe.wait_write(new TestWaiter(nullptr, const_cast<uint8_t*>(more), 10, waiting));
  CHECK(p.pipe.write(none, 0, false, done).error() == Error::ShouldWait);
  p.pipe.wait_write(new TestWaiter(nullptr, const_cast<uint8_t*>(none), 0, asked));
  uint8_t out[16];
  REQUIRE(p.pipe.read(out, 16).ok());
  CHECK(waiting.finished);
  CHECK(asked.finished);
  CHECK(asked.count == 0);
}

TEST_CASE("a write taken back reports what it had put in, and the writes behind it move on") {
  OpenPipe p;
  auto fill = pattern(pipe::kCapacity - pipe::kAtomicWrite, 1);
  uint32_t done = 0;
  REQUIRE(p.pipe.write(fill.data(), uint32_t(fill.size()), false, done).ok());
  // A long write puts in what fits and waits for the rest.
  auto big = pattern(pipe::kAtomicWrite * 4, 2);
  REQUIRE(p.pipe.write(big.data(), uint32_t(big.size()), false, done).error() == Error::ShouldWait);
  CHECK(done == pipe::kAtomicWrite);
  Outcome abandoned, asked;
  auto* interrupted = new TestWaiter(nullptr, big.data(), uint32_t(big.size()), abandoned, done);
  p.pipe.wait_write(interrupted);
  const uint8_t none[1] = {};
  p.pipe.wait_write(new TestWaiter(nullptr, const_cast<uint8_t*>(none), 0, asked));
  CHECK(p.pipe.forget(interrupted) == pipe::kAtomicWrite);
  delete interrupted;
  CHECK(!abandoned.finished);
  CHECK(asked.finished);  // nothing is ahead of it now
  // The bytes it put in stay, after the ones before them.
  CHECK(p.pipe.buffered() == pipe::kCapacity);
  // A read waiter taken back had put nothing in.
  uint8_t out[4];
  OpenPipe q;
  auto* reader = new TestWaiter(nullptr, out, 4, abandoned);
  q.pipe.wait_read(reader);
  CHECK(q.pipe.forget(reader) == 0);
  delete reader;
}

TEST_CASE("the pipe is unused once every reference of both ends is closed") {
  Pipe pipe;
  pipe.open_end(End::Read);
  pipe.open_end(End::Write);
  pipe.open_end(End::Write);
  pipe.close_end(End::Write);
  pipe.close_end(End::Read);
  CHECK(!pipe.unused());
  pipe.close_end(End::Write);
  CHECK(pipe.unused());
}
