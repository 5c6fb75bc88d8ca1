#include "arithmetic.h"

#include <stdio.h>

namespace sh {

namespace {

bool is_name_start(char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

// The binary operators by precedence, loosest first (C's order).
struct Binary {
  const char* text;
  int precedence;
};
constexpr Binary kBinaries[] = {
    {"||", 1}, {"&&", 2}, {"|", 3},  {"^", 4},  {"&", 5},  {"==", 6}, {"!=", 6}, {"<=", 7}, {">=", 7},
    {"<<", 8}, {">>", 8}, {"<", 7},  {">", 7},  {"+", 9},  {"-", 9},  {"*", 10}, {"/", 10}, {"%", 10},
};
// The assignment operators; the text before "=" is the binary operator applied.
constexpr const char* kAssignments[] = {"<<=", ">>=", "*=", "/=", "%=", "+=", "-=", "&=", "^=", "|=", "="};

// Parentheses and unary operators nest on the stack: deeper is an error.
constexpr int kMaxNesting = 200;

bool starts(const char* at, const char* text) { return strncmp(at, text, strlen(text)) == 0; }

class Evaluator {
 public:
  Evaluator(const char* expression, Environment& environment, Text& error)
      : at_(expression), environment_(environment), error_(error) {}

  bool run(long& value) {
    skip_blanks();
    value = *at_ ? assignment() : 0;
    skip_blanks();
    if (!failed_ && *at_) fail(*at_ == ')' ? "unbalanced )" : "syntax error");
    return !failed_;
  }

 private:
  void skip_blanks() {
    while (*at_ == ' ' || *at_ == '\t' || *at_ == '\n') ++at_;
  }

  long fail(const char* why) {
    if (!failed_) error_ = why;
    failed_ = true;
    return 0;
  }

  // name op= value, right to left; anything else is a conditional. Each
  // ( and each assignment nests one deeper.
  long assignment() {
    if (++depth_ > kMaxNesting) return fail("nested too deeply");
    long value = assign_or_conditional();
    --depth_;
    return value;
  }

  long assign_or_conditional() {
    skip_blanks();
    const char* start = at_;
    if (is_name_start(*at_)) {
      while (is_name_char(*at_)) ++at_;
      Text name(start, static_cast<size_t>(at_ - start));
      skip_blanks();
      for (const char* op : kAssignments) {
        if (!starts(at_, op) || (op[0] == '=' && at_[1] == '=')) continue;
        at_ += strlen(op);
        long right = assignment();
        long value = right;
        if (op[1] != '\0') {  // a compound assignment: old op right
          Text binary(op, strlen(op) - 1);
          value = apply(binary.c_str(), variable(name.c_str()), right);
        }
        if (!failed_ && skip_ == 0) {
          char digits[24];
          snprintf(digits, sizeof digits, "%ld", value);
          environment_.assign(name.c_str(), digits);
        }
        return value;
      }
      at_ = start;
    }
    return conditional();
  }

  long conditional() {
    long condition = binary(1);
    skip_blanks();
    if (*at_ != '?' || failed_) return condition;
    ++at_;
    skip_ += condition ? 0 : 1;
    long taken = assignment();
    skip_ -= condition ? 0 : 1;
    skip_blanks();
    if (*at_ != ':') return fail("expecting ':'");
    ++at_;
    skip_ += condition ? 1 : 0;
    long other = conditional();
    skip_ -= condition ? 1 : 0;
    return condition ? taken : other;
  }

  // The binary operator at at_ (not an assignment's), or null.
  const Binary* peek_binary() {
    skip_blanks();
    for (const char* op : kAssignments) {
      if (starts(at_, op) && !(op[0] == '=' && at_[1] == '=')) return nullptr;
    }
    const Binary* found = nullptr;
    for (const Binary& binary : kBinaries) {
      if (starts(at_, binary.text) && (!found || strlen(binary.text) > strlen(found->text))) found = &binary;
    }
    return found;
  }

  long binary(int lowest) {
    long left = unary();
    for (;;) {
      const Binary* op = peek_binary();
      if (!op || op->precedence < lowest || failed_) return left;
      at_ += strlen(op->text);
      bool logical = op->precedence <= 2;
      // && and || do not evaluate (assign, divide) a right side that does not matter.
      bool decided = logical && ((op->text[0] == '&') ? left == 0 : left != 0);
      skip_ += decided ? 1 : 0;
      long right = binary(op->precedence + 1);
      skip_ -= decided ? 1 : 0;
      left = logical ? (decided ? op->text[0] == '|' : right != 0) : apply(op->text, left, right);
    }
  }

  long apply(const char* op, long left, long right) {
    // Overflow wraps, as on the machine: computed unsigned.
    unsigned long a = static_cast<unsigned long>(left);
    unsigned long b = static_cast<unsigned long>(right);
    if (strcmp(op, "+") == 0) return static_cast<long>(a + b);
    if (strcmp(op, "-") == 0) return static_cast<long>(a - b);
    if (strcmp(op, "*") == 0) return static_cast<long>(a * b);
    if (op[0] == '/' || op[0] == '%') {
      if (right == 0) return skip_ ? 0 : fail("division by zero");
      if (right == -1) return op[0] == '/' ? static_cast<long>(0 - a) : 0;
      return op[0] == '/' ? left / right : left % right;
    }
    if (strcmp(op, "<<") == 0) return static_cast<long>(a << (b & 63));
    if (strcmp(op, ">>") == 0) return left >> (b & 63);
    if (strcmp(op, "<") == 0) return left < right;
    if (strcmp(op, "<=") == 0) return left <= right;
    if (strcmp(op, ">") == 0) return left > right;
    if (strcmp(op, ">=") == 0) return left >= right;
    if (strcmp(op, "==") == 0) return left == right;
    if (strcmp(op, "!=") == 0) return left != right;
    if (strcmp(op, "&") == 0) return left & right;
    if (strcmp(op, "^") == 0) return left ^ right;
    return left | right;
  }

  long unary() {
    skip_blanks();
    char c = *at_;
    if (c == '+' || c == '-' || c == '~' || c == '!') {
      ++at_;
      if (++depth_ > kMaxNesting) return fail("nested too deeply");
      long value = unary();
      --depth_;
      if (c == '-') return static_cast<long>(0 - static_cast<unsigned long>(value));
      if (c == '~') return ~value;
      if (c == '!') return !value;
      return value;
    }
    return primary();
  }

  long primary() {
    skip_blanks();
    if (*at_ == '(') {
      ++at_;
      long value = assignment();
      skip_blanks();
      if (*at_ != ')') return fail("missing )");
      ++at_;
      return value;
    }
    if (is_name_start(*at_)) {
      const char* start = at_;
      while (is_name_char(*at_)) ++at_;
      return variable(Text(start, static_cast<size_t>(at_ - start)).c_str());
    }
    if (*at_ >= '0' && *at_ <= '9') {
      const char* start = at_;
      while (is_name_char(*at_)) ++at_;
      long value = 0;
      if (!number(Text(start, static_cast<size_t>(at_ - start)).c_str(), value)) return fail("bad number");
      return value;
    }
    return fail(*at_ ? "syntax error" : "missing operand");
  }

  // A variable's value as a number; unset or empty is 0.
  long variable(const char* name) {
    Text text;
    if (!environment_.lookup(name, text) || text.empty()) return 0;
    const char* digits = text.c_str();
    while (*digits == ' ' || *digits == '\t') ++digits;
    bool negative = *digits == '-';
    if (*digits == '-' || *digits == '+') ++digits;
    long value = 0;
    if (!number(digits, value)) {
      Text why("bad number: ");
      why.append(text);
      return fail(why.c_str());
    }
    return negative ? static_cast<long>(0 - static_cast<unsigned long>(value)) : value;
  }

  // A constant: decimal, 0octal or 0xhexadecimal, all of text.
  static bool number(const char* text, long& value) {
    unsigned base = 10;
    if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
      base = 16;
      text += 2;
    } else if (text[0] == '0') {
      base = 8;
    }
    if (*text == '\0') return false;
    unsigned long result = 0;
    for (; *text; ++text) {
      char c = *text;
      unsigned digit = c >= '0' && c <= '9'   ? static_cast<unsigned>(c - '0')
                       : c >= 'a' && c <= 'f' ? static_cast<unsigned>(c - 'a' + 10)
                       : c >= 'A' && c <= 'F' ? static_cast<unsigned>(c - 'A' + 10)
                                              : 99;
      if (digit >= base) return false;
      result = result * base + digit;
    }
    value = static_cast<long>(result);
    return true;
  }

  const char* at_;
  Environment& environment_;
  Text& error_;
  bool failed_ = false;
  int skip_ = 0;  // inside a part that is not evaluated
  int depth_ = 0;  // parentheses and unary operators open
};

}  // namespace

bool evaluate_arithmetic(const char* expression, Environment& environment, long& value, Text& error) {
  return Evaluator(expression, environment, error).run(value);
}

}  // namespace sh
