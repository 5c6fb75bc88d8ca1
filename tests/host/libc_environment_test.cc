// setenv, unsetenv and putenv's body (libc/src/impl/environment_impl.h)
// on an environment array of the test's own.
#include "../../libc/src/impl/environment_impl.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace lib = tessera::libc;

namespace {

std::vector<std::string> entries(char** variables) {
  std::vector<std::string> out;
  for (char** e = variables; *e; ++e) out.push_back(*e);
  return out;
}

}  // namespace

TEST_CASE("changes copy the initial array and leave it alone") {
  char a[] = "HOME=/", b[] = "PATH=/bin";
  char* initial[] = {a, b, nullptr};
  char** variables = initial;
  lib::Environment env(variables);
  CHECK(env.set("PATH", "/usr/bin", true) == 0);
  CHECK(variables != initial);
  CHECK(entries(initial) == std::vector<std::string>{"HOME=/", "PATH=/bin"});
  CHECK(entries(variables) == std::vector<std::string>{"HOME=/", "PATH=/usr/bin"});
  CHECK(env.set("HOME", "/root", false) == 0);
  CHECK(entries(variables)[0] == "HOME=/");
  CHECK(env.unset("HOME") == 0);
  CHECK(entries(variables) == std::vector<std::string>{"PATH=/usr/bin"});
}

TEST_CASE("the array grows; names are whole; bad names are EINVAL") {
  char* initial[] = {nullptr};
  char** variables = initial;
  lib::Environment env(variables);
  for (int i = 0; i < 100; ++i) CHECK(env.set(("V" + std::to_string(i)).c_str(), "x", true) == 0);
  CHECK(entries(variables).size() == 100);
  CHECK(env.set("V1", "one", true) == 0);
  CHECK(entries(variables)[1] == "V1=one");
  CHECK(entries(variables)[10] == "V10=x");
  CHECK(env.unset("V") == 0);
  CHECK(entries(variables).size() == 100);
  for (const char* bad : {"", "A=B"}) {
    errno = 0;
    CHECK(env.set(bad, "x", true) == -1);
    CHECK(errno == EINVAL);
    errno = 0;
    CHECK(env.unset(bad) == -1);
    CHECK(errno == EINVAL);
  }
}

TEST_CASE("putenv keeps the caller's string; without '=' it removes the name") {
  char initial_entry[] = "A=1";
  char* initial[] = {initial_entry, nullptr};
  char** variables = initial;
  lib::Environment env(variables);
  char mine[] = "A=2";
  CHECK(env.put(mine) == 0);
  CHECK(variables[0] == mine);
  char remove[] = "A";
  CHECK(env.put(remove) == 0);
  CHECK(entries(variables).empty());
}

TEST_CASE("an environ the program assigned is copied again before a change") {
  char* first[] = {nullptr};
  char** variables = first;
  lib::Environment env(variables);
  CHECK(env.set("A", "1", true) == 0);
  char b[] = "B=2";
  char* theirs[] = {b, nullptr};
  variables = theirs;
  CHECK(env.set("C", "3", true) == 0);
  CHECK(variables != theirs);
  CHECK(entries(variables) == std::vector<std::string>{"B=2", "C=3"});
}
