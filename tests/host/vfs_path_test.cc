#include <doctest/doctest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "../../servers/vfs/path.h"

using vfs::Path;

namespace {

Result<Path> normalise(const std::string& text, vfs::DirectoryCheck* check = nullptr) {
  Path p;
  Status s = p.assign_normal(text, check);
  if (!s) return s.error();
  return p;
}

std::string normal(const std::string& text) {
  auto p = normalise(text);
  REQUIRE(p.ok());
  return std::string(p->view());
}

Error error_of(const std::string& text) { return normalise(text).error(); }

Path path(const char* text) { return *normalise(text); }

}  // namespace

TEST_CASE("a normal path stays as it is") {
  CHECK(normal("/") == "/");
  CHECK(normal("/a") == "/a");
  CHECK(normal("/usr/bin/ls") == "/usr/bin/ls");
}

TEST_CASE("repeated and trailing slashes collapse") {
  CHECK(normal("//") == "/");
  CHECK(normal("///a//b///") == "/a/b");
  CHECK(normal("/a/") == "/a");
}

TEST_CASE("dot components are dropped") {
  CHECK(normal("/.") == "/");
  CHECK(normal("/./a/./b/.") == "/a/b");
  CHECK(normal("/a/.../b") == "/a/.../b");  // only "." and ".." are special
  CHECK(normal("/.hidden/..x") == "/.hidden/..x");
}

TEST_CASE("dot-dot removes the component before it") {
  CHECK(normal("/a/b/..") == "/a");
  CHECK(normal("/a/b/../c") == "/a/c");
  CHECK(normal("/a/b/../../c") == "/c");
  CHECK(normal("/a/bc/../x/..") == "/a");
  CHECK(normal("/a/b/c/../../..") == "/");
}

TEST_CASE("dot-dot above the root stays at the root, as POSIX") {
  CHECK(normal("/..") == "/");
  CHECK(normal("/../..") == "/");
  CHECK(normal("/../a") == "/a");
  CHECK(normal("/a/../../b") == "/b");
}

TEST_CASE("an empty path is NotFound and a relative one InvalidArgument") {
  CHECK(error_of("") == Error::NotFound);
  CHECK(error_of("a") == Error::InvalidArgument);
  CHECK(error_of("./a") == Error::InvalidArgument);
  CHECK(error_of("..") == Error::InvalidArgument);
}

TEST_CASE("a NUL byte in a path is InvalidArgument") {
  CHECK(error_of(std::string("/a\0b", 4)) == Error::InvalidArgument);
}

TEST_CASE("paths up to PATH_MAX are taken and longer ones are NameTooLong") {
  std::string longest = "/";
  while (longest.size() < vfs::kPathMax) longest += longest.size() % 200 == 0 ? '/' : 'x';
  REQUIRE(longest.size() == vfs::kPathMax);
  CHECK(normal(longest) == longest);
  CHECK(error_of(longest + "x") == Error::NameTooLong);
  // Over the limit before normalisation is too long even if it would shrink.
  CHECK(error_of(std::string(vfs::kPathMax + 1, '/')) == Error::NameTooLong);
}

TEST_CASE("components up to NAME_MAX are taken and longer ones are NameTooLong") {
  std::string name(vfs::kNameMax, 'n');
  CHECK(normal("/" + name) == "/" + name);
  CHECK(error_of("/" + name + "n") == Error::NameTooLong);
  CHECK(error_of("/a/" + name + "n/..") == Error::NameTooLong);
}

TEST_CASE("contains works on component boundaries") {
  CHECK(path("/").contains(path("/")));
  CHECK(path("/").contains(path("/a")));
  CHECK(path("/tmp").contains(path("/tmp")));
  CHECK(path("/tmp").contains(path("/tmp/x")));
  CHECK_FALSE(path("/tmp").contains(path("/tmpx")));
  CHECK_FALSE(path("/tmp").contains(path("/")));
  CHECK_FALSE(path("/tmp/x").contains(path("/tmp")));
}

TEST_CASE("below gives the rest of a contained path without a leading slash") {
  CHECK(path("/").below(path("/")) == "");
  CHECK(path("/").below(path("/a/b")) == "a/b");
  CHECK(path("/tmp").below(path("/tmp")) == "");
  CHECK(path("/tmp").below(path("/tmp/x/y")) == "x/y");
}

TEST_CASE("join appends a relative path and refuses to pass PATH_MAX") {
  CHECK(path("/").join("")->view() == "/");
  CHECK(path("/").join("a/b")->view() == "/a/b");
  CHECK(path("/a").join("")->view() == "/a");
  CHECK(path("/a").join("b")->view() == "/a/b");
  auto base = normalise("/" + std::string(250, 'a') + "/" + std::string(250, 'b') + "/" + std::string(100, 'c'));
  REQUIRE(base.ok());
  CHECK(base->join(std::string(250, 'd') + "/" + std::string(250, 'e')).error() == Error::NameTooLong);
  CHECK(base->join("x").ok());
}

TEST_CASE("relative is the file-system protocol's form") {
  CHECK(path("/").relative() == "");
  CHECK(path("/a/b").relative() == "a/b");
}

TEST_CASE("copies are independent") {
  Path a = path("/a/b");
  Path b = a;
  a = path("/c");
  CHECK(b.view() == "/a/b");
  CHECK(a.view() == "/c");
  CHECK(b.c_str()[b.size()] == '\0');
}

namespace {

// A tree for DirectoryCheck: the directories and files it names; records
// every question.
struct Tree final : vfs::DirectoryCheck {
  std::set<std::string> directories{"/", "/a", "/a/b", "/d"};
  std::set<std::string> files{"/a/f", "/a/b/g"};
  std::vector<std::pair<std::string, bool>> asked;

  Status require_directory(const Path& prefix, bool final) override {
    std::string p(prefix.view());
    asked.emplace_back(p, final);
    if (directories.count(p)) return {};
    return files.count(p) ? Error::NotDirectory : Error::NotFound;
  }
};

Result<Path> checked(Tree& tree, const std::string& text) { return normalise(text, &tree); }

}  // namespace

TEST_CASE("dot-dot after a file is NotDirectory, not lexical") {
  Tree tree;
  CHECK(checked(tree, "/a/f/..").error() == Error::NotDirectory);
  CHECK(checked(tree, "/a/f/../f").error() == Error::NotDirectory);
  CHECK(checked(tree, "/a/b/g/../../f").error() == Error::NotDirectory);
  CHECK(checked(tree, "/a/missing/../f").error() == Error::NotFound);
  CHECK(checked(tree, "/a/b/../f")->view() == "/a/f");
}

TEST_CASE("a trailing slash or dot asks for a directory, finally") {
  Tree tree;
  CHECK(checked(tree, "/a/f/").error() == Error::NotDirectory);
  CHECK(checked(tree, "/a/f/.").error() == Error::NotDirectory);
  REQUIRE(checked(tree, "/a/b/").ok());
  CHECK(tree.asked.back() == std::make_pair(std::string("/a/b"), true));
  tree.asked.clear();
  CHECK(checked(tree, "/a/f")->view() == "/a/f");
  CHECK(tree.asked.empty());  // a plain path needs no question
}

TEST_CASE("a directory known to be one is not asked about again") {
  Tree tree;
  REQUIRE(checked(tree, "/a/b/../b/..").ok());
  // /a/b, then /a/b again (reached anew through ..): its parent /a is never
  // asked, nor is the result after the last "..".
  CHECK(tree.asked == std::vector<std::pair<std::string, bool>>{{"/a/b", false}, {"/a/b", false}});
  tree.asked.clear();
  REQUIRE(checked(tree, "/a/b/../..").ok());
  CHECK(tree.asked == std::vector<std::pair<std::string, bool>>{{"/a/b", false}});
  tree.asked.clear();
  CHECK(checked(tree, "/..")->view() == "/");
  CHECK(checked(tree, "/")->view() == "/");
  CHECK(tree.asked.empty());  // the root is a directory
}

namespace {

// A check that overwrites the text being normalised, as vfs's checks do:
// they call file systems through the IPC buffer the request's path is in.
struct Clobbering final : vfs::DirectoryCheck {
  std::string& text;
  explicit Clobbering(std::string& t) : text(t) {}
  Status require_directory(const Path&, bool) override {
    for (char& c : text) c = 'X';
    return {};
  }
};

}  // namespace

TEST_CASE("the text may be overwritten once normalising starts") {
  std::string text = "/a/b/../c/./d/";
  Clobbering check(text);
  Path p;
  REQUIRE(p.assign_normal(text, &check).ok());
  CHECK(p.view() == "/a/c/d");
  CHECK(text == std::string(text.size(), 'X'));  // the check did run
}

TEST_CASE("text overwritten by a later check: what is left was copied in first") {
  std::string text = "/x/yy/../../zz/w/..";  // checks after "yy" (kept going) and at the end
  Clobbering check(text);
  Path p;
  REQUIRE(p.assign_normal(text, &check).ok());
  CHECK(p.view() == "/zz");
  CHECK(text == std::string(text.size(), 'X'));
}
