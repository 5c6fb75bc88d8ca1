// Word expansion (POSIX XCU 2.6, in part): a word as typed becomes fields.
// In order: tilde ($HOME), parameters ($NAME ${NAME} $? $$ $# $! $0..$9
// ${10} $@ $*), field splitting of unquoted expansions on blanks and
// newlines, pathname expansion (glob.h) of fields with unquoted * ? or [,
// and quote removal. What is quoted is taken as it is: no expansion inside
// '...', only $ and \ inside "...", and a quoted * never globs.
#pragma once

#include "text.h"

namespace sh {

// What expansion reads: the shell's variables and arguments.
class Environment {
 public:
  // The value of variable or special parameter name ("HOME", "?", "$", "1");
  // false when it is unset.
  virtual bool lookup(const char* name, Text& value) const = 0;
  // $1..$N: argument(1) is $1.
  virtual size_t argument_count() const = 0;
  virtual const char* argument(size_t index) const = 0;

 protected:
  ~Environment() = default;
};

// A command word: any number of fields (none for an unquoted empty $X).
void expand_fields(const Text& word, const Environment& environment, Vec<Text>& fields);
// An assignment's value or a redirection's target: one text, never split
// or globbed.
Text expand_text(const Text& word, const Environment& environment);

}  // namespace sh
