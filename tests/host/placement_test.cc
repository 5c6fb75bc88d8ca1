#include <doctest/doctest.h>

#include <vector>

#include "sched/placement.h"

using namespace kernel::sched;

namespace {

HartView idle() { return HartView{}; }
HartView running(int priority, int waiting = -1) { return HartView{false, priority, waiting}; }

size_t place_in(const std::vector<HartView>& harts, size_t here, size_t last, unsigned priority) {
  return place(harts.data(), harts.size(), here, last, priority);
}

size_t steal_in(const std::vector<HartView>& harts, size_t thief, int own) {
  return steal_from(harts.data(), harts.size(), thief, own);
}

}  // namespace

TEST_CASE("a thread that last ran on the waker's hart stays there, even with other harts idle") {
  // An IPC pair on hart 1: the server woken by its client must not be
  // pulled to an idle hart.
  std::vector<HartView> harts = {idle(), running(16), idle(), idle()};
  CHECK(place_in(harts, 1, 1, 16) == 1);
}

TEST_CASE("a thread woken by an interrupt on an idle hart runs there") {
  std::vector<HartView> harts = {running(16), idle()};
  CHECK(place_in(harts, 1, 0, 16) == 1);
}

TEST_CASE("a thread goes back to its old hart if that hart is idle") {
  std::vector<HartView> harts = {running(16), idle(), idle(), idle()};
  CHECK(place_in(harts, 0, 2, 16) == 2);
}

TEST_CASE("else to the first idle hart") {
  std::vector<HartView> harts = {running(16), running(16), idle(), idle()};
  CHECK(place_in(harts, 0, 1, 16) == 2);
}

TEST_CASE("a new thread starts on its creator's hart, even with other harts idle") {
  std::vector<HartView> harts = {running(16), idle(), idle()};
  CHECK(place_in(harts, 0, kNoHart, 16) == 0);
}

TEST_CASE("with every hart busy, to its old hart if it preempts the thread there") {
  std::vector<HartView> harts = {running(16), running(10), running(5)};
  CHECK(place_in(harts, 0, 1, 12) == 1);
}

TEST_CASE("else to the hart running the lowest priority below it") {
  std::vector<HartView> harts = {running(16), running(10), running(5)};
  CHECK(place_in(harts, 0, 1, 8) == 2);  // its old hart (10) outranks it: hart 2 (5)
  CHECK(place_in(harts, 0, 2, 12) == 2);  // its old hart, though hart 1 (10) would do too
}

TEST_CASE("else it waits its turn on the waker's hart") {
  std::vector<HartView> harts = {running(16), running(20), running(20)};
  CHECK(place_in(harts, 0, 1, 16) == 0);
  CHECK(place_in(harts, 0, 2, 3) == 0);
}

TEST_CASE("one hart: everything goes to it") {
  std::vector<HartView> harts = {running(16)};
  CHECK(place_in(harts, 0, 0, 31) == 0);
  CHECK(place_in(harts, 0, kNoHart, 0) == 0);
}

TEST_CASE("a hart with nothing to run steals the best waiting thread") {
  std::vector<HartView> harts = {running(16, 10), running(16, 20), idle(), running(16, 15)};
  CHECK(steal_in(harts, 2, -1) == 1);
}

TEST_CASE("a hart steals only a thread better than its own best") {
  std::vector<HartView> harts = {running(16, 10), running(16, 20), running(16)};
  CHECK(steal_in(harts, 2, 20) == kNoHart);  // a tie stays home: no migration to even out queues
  CHECK(steal_in(harts, 2, 19) == 1);
}

TEST_CASE("nothing waits anywhere: nothing to steal") {
  std::vector<HartView> harts = {running(16), idle(), running(3)};
  CHECK(steal_in(harts, 1, -1) == kNoHart);
}

TEST_CASE("a hart never steals from itself") {
  std::vector<HartView> harts = {running(16, 30), idle()};
  CHECK(steal_in(harts, 0, -1) == kNoHart);
}

TEST_CASE("a thread preempts an idle hart, and a hart running a lower priority") {
  CHECK(preempts(idle(), 0));
  CHECK(preempts(running(10), 11));
  CHECK_FALSE(preempts(running(10), 10));
}
