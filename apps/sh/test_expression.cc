#include "test_expression.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sh {

namespace {

const char* const kUnary[] = {"-e", "-f", "-d", "-r", "-w", "-x", "-s", "-L", "-h", "-z", "-n", nullptr};
const char* const kBinary[] = {"=", "!=", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", nullptr};

bool one_of(const Text& text, const char* const* words) {
  for (; *words; ++words) {
    if (text == *words) return true;
  }
  return false;
}

class TestEvaluator {
 public:
  TestEvaluator(const Vec<Text>& arguments, Text& error) : arguments_(arguments), error_(error) {}

  int run() {
    if (arguments_.empty()) return kTestFalse;
    bool value = disjunction();
    if (!failed_ && at_ < arguments_.size()) fail("unexpected ", arguments_[at_].c_str());
    if (failed_) return kTestError;
    return value ? kTestTrue : kTestFalse;
  }

 private:
  size_t left() const { return arguments_.size() - at_; }
  bool at(const char* word) const { return at_ < arguments_.size() && arguments_[at_] == word; }

  bool fail(const char* what, const char* detail) {
    if (!failed_) {
      error_ = what;
      error_.append(detail);
    }
    failed_ = true;
    return false;
  }

  bool disjunction() {
    bool value = conjunction();
    while (!failed_ && left() > 1 && at("-o")) {
      ++at_;
      value = conjunction() || value;
    }
    return value;
  }

  bool conjunction() {
    bool value = negation();
    while (!failed_ && left() > 1 && at("-a")) {
      ++at_;
      value = negation() && value;
    }
    return value;
  }

  bool negation() {
    // "!" is an operator unless it is all there is, or the left side of "= x".
    if (at("!") && left() > 1 && !(left() >= 3 && one_of(arguments_[at_ + 1], kBinary))) {
      ++at_;
      return !negation();
    }
    return primary();
  }

  bool primary() {
    if (left() == 0) return fail("argument expected", "");
    if (left() >= 3 && one_of(arguments_[at_ + 1], kBinary)) {
      const Text& a = arguments_[at_];
      const Text& op = arguments_[at_ + 1];
      const Text& b = arguments_[at_ + 2];
      at_ += 3;
      return binary(a, op, b);
    }
    if (at("(") && left() >= 3) {
      ++at_;
      bool value = disjunction();
      if (!at(")")) return fail("missing )", "");
      ++at_;
      return value;
    }
    if (left() >= 2 && one_of(arguments_[at_], kUnary)) {
      const Text& op = arguments_[at_];
      const Text& operand = arguments_[at_ + 1];
      at_ += 2;
      return unary(op, operand.c_str());
    }
    return !arguments_[at_++].empty();
  }

  bool unary(const Text& op, const char* operand) {
    if (op == "-z") return *operand == '\0';
    if (op == "-n") return *operand != '\0';
    struct stat info;
    if (op == "-L" || op == "-h") return lstat(operand, &info) == 0 && S_ISLNK(info.st_mode);
    if (stat(operand, &info) != 0) return false;
    if (op == "-f") return S_ISREG(info.st_mode);
    if (op == "-d") return S_ISDIR(info.st_mode);
    if (op == "-s") return info.st_size > 0;
    if (op == "-r") return access(operand, R_OK) == 0;
    if (op == "-w") return access(operand, W_OK) == 0;
    if (op == "-x") return access(operand, X_OK) == 0;
    return true;  // -e
  }

  bool binary(const Text& a, const Text& op, const Text& b) {
    if (op == "=") return strcmp(a.c_str(), b.c_str()) == 0;
    if (op == "!=") return strcmp(a.c_str(), b.c_str()) != 0;
    long left = 0;
    long right = 0;
    if (!integer(a.c_str(), left) || !integer(b.c_str(), right)) return false;
    if (op == "-eq") return left == right;
    if (op == "-ne") return left != right;
    if (op == "-lt") return left < right;
    if (op == "-le") return left <= right;
    if (op == "-gt") return left > right;
    return left >= right;  // -ge
  }

  // An integer operand: optional blanks and sign, then digits only.
  bool integer(const char* text, long& value) {
    const char* digits = text;
    while (*digits == ' ' || *digits == '\t') ++digits;
    if (*digits == '-' || *digits == '+') ++digits;
    bool any = *digits >= '0' && *digits <= '9';
    while (*digits >= '0' && *digits <= '9') ++digits;
    while (*digits == ' ' || *digits == '\t') ++digits;
    if (!any || *digits != '\0') return fail("bad number: ", text);
    value = strtol(text, nullptr, 10);
    return true;
  }

  const Vec<Text>& arguments_;
  Text& error_;
  size_t at_ = 0;
  bool failed_ = false;
};

}  // namespace

int evaluate_test(const Vec<Text>& arguments, Text& error) { return TestEvaluator(arguments, error).run(); }

}  // namespace sh
