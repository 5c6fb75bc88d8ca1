// RefPtr (kernel/object/ref_ptr.h): every way a reference is taken, moved,
// handed out and given back leaves the count where ownership says.
#include "object/ref_ptr.h"

#include <doctest/doctest.h>

using kernel::RefPtr;

namespace {

struct Counted {
  int refs = 1;  // the creator's, as make_object hands it out
  bool* freed = nullptr;
  void retain() { ++refs; }
  void release() {
    if (--refs == 0 && freed) *freed = true;
  }
  int outlived_releases = 0;
  void release_outlived() {
    ++outlived_releases;
    --refs;
  }
};

struct Derived : Counted {};

}  // namespace

TEST_CASE("adopt takes over the creator's reference, and the last RefPtr drops it") {
  bool freed = false;
  auto* object = new Counted{1, &freed};
  {
    auto p = RefPtr<Counted>::adopt(object);
    CHECK(object->refs == 1);
    RefPtr<Counted> copy = p;
    CHECK(object->refs == 2);
    RefPtr<Counted> moved = std::move(copy);
    CHECK(object->refs == 2);
    CHECK(!copy);
  }
  CHECK(freed);
  delete object;
}

TEST_CASE("constructing from a pointer takes a new reference") {
  Counted object;
  {
    RefPtr<Counted> p(&object);
    CHECK(object.refs == 2);
  }
  CHECK(object.refs == 1);
}

TEST_CASE("into_raw hands the reference out, adopt takes it back") {
  bool freed = false;
  Counted object{1, &freed};
  auto p = RefPtr<Counted>::adopt(&object);
  Counted* raw = p.into_raw();
  CHECK(!p);
  CHECK(object.refs == 1);
  p = RefPtr<Counted>::adopt(raw);
  p.reset();
  CHECK(freed);
}

TEST_CASE("assignment drops the old reference and keeps the new one") {
  Counted a, b;
  RefPtr<Counted> p(&a);
  p = RefPtr<Counted>(&b);
  CHECK(a.refs == 1);
  CHECK(b.refs == 2);
  p = p;  // self-assignment keeps it
  CHECK(b.refs == 2);
}

TEST_CASE("a RefPtr to a derived class moves into one to its base") {
  Derived object;
  RefPtr<Derived> derived(&object);
  RefPtr<Counted> base = std::move(derived);
  CHECK(!derived);
  CHECK(object.refs == 2);
  CHECK(base == &object);
}

TEST_CASE("take_into_empty takes a new reference into an empty RefPtr") {
  Counted object;
  RefPtr<Counted> p;
  p.take_into_empty(&object);
  CHECK(p == &object);
  CHECK(object.refs == 2);
  RefPtr<Counted> none;
  none.take_into_empty(nullptr);
  CHECK(!none);
}

TEST_CASE("reset_outlived drops the reference as one another holder outlives") {
  bool freed = false;
  Counted object{1, &freed};  // the creator's reference outlives p's
  RefPtr<Counted> p(&object);
  p.reset_outlived();
  CHECK(!p);
  CHECK(object.refs == 1);
  CHECK(object.outlived_releases == 1);
  CHECK(!freed);
  p.reset_outlived();  // an empty one drops nothing
  CHECK(object.outlived_releases == 1);
}
