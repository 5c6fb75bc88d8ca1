// Path text for cp -r, mv and mount (apps/coreutils/lib/path.h), and where
// cp and mv put each source (destination.h).
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

#include "../../apps/coreutils/lib/destination.h"
#include "../../apps/coreutils/lib/path.h"

using namespace coreutils;

namespace {

// A malloc'd result as a string (freed).
std::string take(char* text) {
  REQUIRE(text != nullptr);
  std::string out(text);
  free(text);
  return out;
}

}  // namespace

TEST_CASE("joining puts exactly one slash between directory and name") {
  CHECK(take(path_join("a", "b")) == "a/b");
  CHECK(take(path_join("a/", "b")) == "a/b");
  CHECK(take(path_join("a///", "b")) == "a/b");
  CHECK(take(path_join("/", "b")) == "/b");
  CHECK(take(path_join("", "b")) == "b");
  CHECK(take(path_join("/x/y", "b.txt")) == "/x/y/b.txt");
}

TEST_CASE("the last name drops trailing slashes") {
  CHECK(take(path_last_name("a/b/c")) == "c");
  CHECK(take(path_last_name("a/b/")) == "b");
  CHECK(take(path_last_name("name")) == "name");
  CHECK(take(path_last_name("/")) == "/");
  CHECK(take(path_last_name("/top")) == "top");
  CHECK(take(path_last_name("..")) == "..");
}

TEST_CASE("normalising removes ., repeated and trailing slashes, and name/..") {
  CHECK(take(path_normalize("/a/./b//c/")) == "/a/b/c");
  CHECK(take(path_normalize("/a/b/../c")) == "/a/c");
  CHECK(take(path_normalize("/..")) == "/");
  CHECK(take(path_normalize("/a/../..")) == "/");
  CHECK(take(path_normalize("a/..")) == ".");
  CHECK(take(path_normalize("../a")) == "../a");
  CHECK(take(path_normalize("a/../../b")) == "../b");
  CHECK(take(path_normalize("../../x/..")) == "../..");
  CHECK(take(path_normalize("")) == ".");
  CHECK(take(path_normalize("/")) == "/");
  CHECK(take(path_normalize("...")) == "...");
}

TEST_CASE("relative paths are made absolute against the working directory") {
  CHECK(take(path_absolute("b", "/a")) == "/a/b");
  CHECK(take(path_absolute("../b", "/a")) == "/b");
  CHECK(take(path_absolute("/x/./y", "/a")) == "/x/y");
  CHECK(take(path_absolute(".", "/")) == "/");
}

TEST_CASE("a path is within a directory only at a name boundary") {
  CHECK(path_is_within("/a/b", "/a"));
  CHECK(path_is_within("/a", "/a"));
  CHECK_FALSE(path_is_within("/ab", "/a"));
  CHECK(path_is_within("/anything", "/"));
  CHECK_FALSE(path_is_within("/a", "/a/b"));
}

TEST_CASE("a source goes into a destination directory under its own name") {
  Destination dir{"/tmp/out", true};
  CHECK(take(destination_for("x/y/file.txt", dir)) == "/tmp/out/file.txt");
  CHECK(take(destination_for("tree/", dir)) == "/tmp/out/tree");
  Destination file{"new.txt", false};
  CHECK(take(destination_for("x/old.txt", file)) == "new.txt");
}
