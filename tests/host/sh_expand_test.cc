// The shell's word expansion and globbing (apps/sh): parameters, quote
// removal, field splitting, and pathname expansion against a real
// directory tree made for the test.
#include <doctest/doctest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <map>
#include <string>
#include <vector>

#include "../../apps/sh/expand.h"
#include "../../apps/sh/glob.h"

using namespace sh;

namespace {

class FakeEnvironment final : public Environment {
 public:
  std::map<std::string, std::string> variables{{"HOME", "/home/me"}, {"X", "a  b"}, {"E", ""}, {"?", "3"}, {"#", "2"},
                                               {"STAR", "*.c"}};
  std::vector<std::string> arguments{"one", "two words"};

  bool lookup(const char* name, Text& value) const override {
    if (name[0] >= '1' && name[0] <= '9') {
      size_t index = strtoul(name, nullptr, 10);
      if (index > arguments.size()) return false;
      value = arguments[index - 1].c_str();
      return true;
    }
    auto found = variables.find(name);
    if (found == variables.end()) return false;
    value = found->second.c_str();
    return true;
  }
  size_t argument_count() const override { return arguments.size(); }
  const char* argument(size_t index) const override { return arguments[index - 1].c_str(); }
};

// The fields of word, joined by "|".
std::string fields(const char* word, const FakeEnvironment& environment = FakeEnvironment()) {
  Vec<Text> out;
  expand_fields(Text(word), environment, out);
  std::string joined;
  for (size_t i = 0; i < out.size(); ++i) joined += std::string(i ? "|" : "") + out[i].c_str();
  return joined;
}

std::string text(const char* word) { return expand_text(Text(word), FakeEnvironment()).c_str(); }

// A directory tree for globbing; the test runs in it and leaves it after.
class TempTree {
 public:
  TempTree() {
    char pattern[] = "/tmp/sh_glob_XXXXXX";
    root_ = mkdtemp(pattern);
    REQUIRE(getcwd(previous_, sizeof previous_));
    REQUIRE(chdir(root_.c_str()) == 0);
    for (const char* file : {"a.c", "b.c", "ab.h", ".hidden.c", "sub/x.c", "sub/y.txt", "sub2/z.c", "[x"}) {
      std::string path(file);
      size_t slash = path.find('/');
      if (slash != std::string::npos) mkdir(path.substr(0, slash).c_str(), 0755);
      FILE* f = fopen(file, "w");
      REQUIRE(f);
      fclose(f);
    }
  }
  ~TempTree() {
    REQUIRE(chdir(previous_) == 0);
    std::string command = "rm -rf " + root_;
    CHECK(system(command.c_str()) == 0);
  }
  const std::string& root() const { return root_; }

 private:
  std::string root_;
  char previous_[4096];
};

}  // namespace

TEST_CASE("quote removal: single quotes, double quotes and backslashes") {
  CHECK(fields("'a b'") == "a b");
  CHECK(fields("\"a b\"") == "a b");
  CHECK(fields("a\\ b") == "a b");
  CHECK(fields("'it'\\''s'") == "it's");
  CHECK(fields("\"\\$X \\\" \\\\ \\n\"") == "$X \" \\ \\n");  // in "...", \ escapes only $ ` " \ newline
  CHECK(fields("''") == "");
  CHECK(fields("a''b") == "ab");
}

TEST_CASE("parameters: $NAME, ${NAME}, specials and positionals") {
  CHECK(fields("$HOME") == "/home/me");
  CHECK(fields("${HOME}x") == "/home/mex");
  CHECK(fields("$HOMEx") == "");  // the name is HOMEx, which is unset
  CHECK(fields("$?") == "3");
  CHECK(fields("$1-$2") == "one-two|words");
  CHECK(fields("\"$2\"") == "two words");
  CHECK(fields("$#") == "2");
  CHECK(fields("$9") == "");
  CHECK(fields("a$") == "a$");
  CHECK(fields("'$HOME'") == "$HOME");
}

TEST_CASE("unquoted expansions split on blanks; quoted ones do not") {
  CHECK(fields("$X") == "a|b");
  CHECK(fields("\"$X\"") == "a  b");
  CHECK(fields("x$X.y") == "xa|b.y");
  CHECK(fields("$E") == "");
  CHECK(fields("\"$E\"") == "");
  Vec<Text> out;
  expand_fields(Text("$E"), FakeEnvironment(), out);
  CHECK(out.size() == 0);  // an empty unquoted expansion is no field at all
  expand_fields(Text("\"$E\""), FakeEnvironment(), out);
  CHECK(out.size() == 1);  // a quoted one is an empty field
}

TEST_CASE("$@ in double quotes keeps each argument a field; $* joins them") {
  CHECK(fields("\"$@\"") == "one|two words");
  CHECK(fields("\"$*\"") == "one two words");
  CHECK(fields("$@") == "one|two|words");
  FakeEnvironment none;
  none.arguments = {};
  Vec<Text> out;
  expand_fields(Text("\"$@\""), none, out);
  CHECK(out.size() == 0);  // no arguments: no field, not an empty one
  expand_fields(Text("\"\""), none, out);
  CHECK(out.size() == 1);
  FakeEnvironment empty_argument;
  empty_argument.arguments = {"", "x"};
  CHECK(fields("\"$@\"", empty_argument) == "|x");  // the empty argument is a field
}

TEST_CASE("tilde is $HOME at the start of a word only") {
  CHECK(fields("~") == "/home/me");
  CHECK(fields("~/x") == "/home/me/x");
  CHECK(fields("a~") == "a~");
  CHECK(fields("'~'") == "~");
}

TEST_CASE("assignments and redirection targets are neither split nor globbed") {
  CHECK(text("$X") == "a  b");
  CHECK(text("*.c") == "*.c");
  CHECK(text("'q'\"$1\"") == "qone");
}

TEST_CASE("pattern matching: * ? [...] ranges, negation and escapes") {
  CHECK(pattern_matches("*.c", "a.c"));
  CHECK_FALSE(pattern_matches("*.c", "a.h"));
  CHECK(pattern_matches("a*b*c", "aXXbYYc"));
  CHECK_FALSE(pattern_matches("a*b*c", "aXXbYY"));
  CHECK(pattern_matches("?", "x"));
  CHECK_FALSE(pattern_matches("?", ""));
  CHECK(pattern_matches("[a-c]x", "bx"));
  CHECK_FALSE(pattern_matches("[a-c]x", "dx"));
  CHECK(pattern_matches("[!a-c]x", "dx"));
  CHECK(pattern_matches("[]]", "]"));
  CHECK(pattern_matches("\\*", "*"));
  CHECK_FALSE(pattern_matches("\\*", "a"));
  CHECK(pattern_matches("[x", "[x"));  // no closing ]: a literal [
  CHECK(has_glob_characters("a*"));
  CHECK_FALSE(has_glob_characters("a\\*"));
}

TEST_CASE("globbing against the directory tree: sorted, dot files only by a leading dot") {
  TempTree tree;
  CHECK(fields("*.c") == "a.c|b.c");
  CHECK(fields("?.c") == "a.c|b.c");
  CHECK(fields("[ab]*") == "a.c|ab.h|b.c");
  CHECK(fields(".*.c") == ".hidden.c");
  CHECK(fields("*/*.c") == "sub/x.c|sub2/z.c");
  CHECK(fields("sub*/") == "sub/|sub2/");
  CHECK(fields("sub/*") == "sub/x.c|sub/y.txt");
  CHECK(fields((tree.root() + "/sub/*.txt").c_str()) == tree.root() + "/sub/y.txt");
}

TEST_CASE("a pattern that matches nothing is left as it is; quoted characters never glob") {
  TempTree tree;
  CHECK(fields("*.none") == "*.none");
  CHECK(fields("nodir/*.c") == "nodir/*.c");
  CHECK(fields("'*'.c") == "*.c");
  CHECK(fields("\\*.c") == "*.c");
  CHECK(fields("\"*\".c") == "*.c");
  CHECK(fields("$STAR") == "a.c|b.c");  // an unquoted expansion globs
  CHECK(fields("\"$STAR\"") == "*.c");
}
