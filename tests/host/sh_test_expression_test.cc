// The shell's test and [ (apps/sh/test_expression.h): POSIX's primaries,
// ! -a -o and ( ), and words taken as operands where no operator fits.
#include <doctest/doctest.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <initializer_list>
#include <string>

#include "../../apps/sh/test_expression.h"

using namespace sh;

namespace {

int test(std::initializer_list<const char*> words, std::string* error = nullptr) {
  Vec<Text> arguments;
  for (const char* word : words) arguments.push(Text(word));
  Text why;
  int status = evaluate_test(arguments, why);
  if (error) *error = why.c_str();
  return status;
}

}  // namespace

TEST_CASE("strings") {
  CHECK(test({}) == kTestFalse);
  CHECK(test({"x"}) == kTestTrue);
  CHECK(test({""}) == kTestFalse);
  CHECK(test({"-n", "x"}) == kTestTrue);
  CHECK(test({"-n", ""}) == kTestFalse);
  CHECK(test({"-z", ""}) == kTestTrue);
  CHECK(test({"a", "=", "a"}) == kTestTrue);
  CHECK(test({"a", "=", "b"}) == kTestFalse);
  CHECK(test({"a", "!=", "b"}) == kTestTrue);
  CHECK(test({"-n"}) == kTestTrue);   // one argument: a non-empty string
  CHECK(test({"-n", "=", "-n"}) == kTestTrue);  // = between: a comparison of two strings
  CHECK(test({"!", "=", "!"}) == kTestTrue);
}

TEST_CASE("integers") {
  CHECK(test({"3", "-eq", "3"}) == kTestTrue);
  CHECK(test({"3", "-ne", "3"}) == kTestFalse);
  CHECK(test({"-2", "-lt", "1"}) == kTestTrue);
  CHECK(test({"2", "-le", "2"}) == kTestTrue);
  CHECK(test({"10", "-gt", "9"}) == kTestTrue);
  CHECK(test({"9", "-ge", "10"}) == kTestFalse);
  std::string error;
  CHECK(test({"x", "-eq", "1"}, &error) == kTestError);
  CHECK(error == "bad number: x");
}

TEST_CASE("! -a -o and parentheses") {
  CHECK(test({"!", "x"}) == kTestFalse);
  CHECK(test({"!", ""}) == kTestTrue);
  CHECK(test({"!", "-z", "x"}) == kTestTrue);
  CHECK(test({"x", "-a", ""}) == kTestFalse);
  CHECK(test({"x", "-o", ""}) == kTestTrue);
  // -a binds tighter than -o: "" -a x -o y is ("" -a x) -o y.
  CHECK(test({"", "-a", "x", "-o", "y"}) == kTestTrue);
  CHECK(test({"(", "", "-o", "x", ")", "-a", "y"}) == kTestTrue);
  CHECK(test({"!", "(", "a", "=", "a", ")"}) == kTestFalse);
  std::string error;
  CHECK(test({"(", "a", "-o", "b"}, &error) == kTestError);
  CHECK(error == "missing )");
  CHECK(test({"a", "b"}, &error) == kTestError);
}

TEST_CASE("files") {
  char directory[] = "/tmp/sh_test_XXXXXX";
  REQUIRE(mkdtemp(directory));
  std::string file = std::string(directory) + "/file";
  std::string empty = std::string(directory) + "/empty";
  std::string missing = std::string(directory) + "/missing";
  FILE* f = fopen(file.c_str(), "w");
  REQUIRE(f);
  fputs("data", f);
  fclose(f);
  fclose(fopen(empty.c_str(), "w"));
  chmod(file.c_str(), 0700);
  CHECK(test({"-e", file.c_str()}) == kTestTrue);
  CHECK(test({"-e", missing.c_str()}) == kTestFalse);
  CHECK(test({"-f", file.c_str()}) == kTestTrue);
  CHECK(test({"-f", directory}) == kTestFalse);
  CHECK(test({"-d", directory}) == kTestTrue);
  CHECK(test({"-d", file.c_str()}) == kTestFalse);
  CHECK(test({"-s", file.c_str()}) == kTestTrue);
  CHECK(test({"-s", empty.c_str()}) == kTestFalse);
  CHECK(test({"-x", file.c_str()}) == kTestTrue);
  CHECK(test({"-x", empty.c_str()}) == kTestFalse);
  CHECK(test({"-r", file.c_str()}) == kTestTrue);
  CHECK(test({"-w", file.c_str()}) == kTestTrue);
  CHECK(test({"-r", missing.c_str()}) == kTestFalse);
  unlink(file.c_str());
  unlink(empty.c_str());
  rmdir(directory);
}
