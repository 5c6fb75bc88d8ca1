// KernelObject's reference count, taken and dropped by several host
// threads at once, as the IPC fast paths of several harts do under their
// own harts' locks (docs/kernel.md "Locking order"): no update is lost,
// and the object is destroyed once, by whichever drop is the last.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "fake_kernel.h"
#include "object/object.h"
#include "object/ref_ptr.h"

using namespace kernel;

namespace {

std::atomic<int> destroyed{0};

class Counted final : public KernelObject {
 public:
  Counted() : KernelObject(ObjectType::Port, sizeof(Counted)) {}
  ~Counted() override { destroyed.fetch_add(1); }
};

constexpr int kThreads = 4;
constexpr int kRounds = 1'000'000;

// Runs round(object) kRounds times on each of kThreads threads, started
// together so that their updates interleave, and waits for them all.
template <typename Round>
void on_threads_at_once(Counted* object, Round round) {
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&ready, object, round] {
      ready.fetch_add(1);
      while (ready.load() < kThreads) {
      }
      for (int i = 0; i < kRounds; ++i) round(object);
    });
  }
  for (auto& thread : threads) thread.join();
}

}  // namespace

TEST_CASE("references taken and dropped on several threads at once lose no update") {
  destroyed = 0;
  size_t heap = heap_bytes_in_use();
  auto held = RefPtr<Counted>::adopt(make_object<Counted>());
  on_threads_at_once(held.get(), [](Counted* object) { RefPtr<Counted> taken(object); });
  CHECK(destroyed == 0);  // our reference is still held
  held.reset();
  CHECK(destroyed == 1);
  CHECK(heap_bytes_in_use() == heap);
}

TEST_CASE("references dropped as outlived on several threads at once lose no update") {
  // (As the reply fast path drops its caller reference: reset_outlived.)
  destroyed = 0;
  auto held = RefPtr<Counted>::adopt(make_object<Counted>());
  on_threads_at_once(held.get(), [](Counted* object) {
    RefPtr<Counted> taken;
    taken.take_into_empty(object);
    taken.reset_outlived();
  });
  CHECK(destroyed == 0);
  held.reset();
  CHECK(destroyed == 1);
}

TEST_CASE("the last of references dropped at once destroys the object once") {
  for (int round = 0; round < 100; ++round) {
    destroyed = 0;
    Counted* object = make_object<Counted>();
    std::vector<RefPtr<Counted>> references;
    for (int t = 0; t < kThreads - 1; ++t) references.emplace_back(object);
    references.push_back(RefPtr<Counted>::adopt(object));  // the creator's
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (auto& reference : references) {
      threads.emplace_back([&go, &reference] {
        while (!go.load()) {
        }
        reference.reset();
      });
    }
    go = true;
    for (auto& thread : threads) thread.join();
    CHECK(destroyed == 1);
  }
}
