// Word expansion (POSIX XCU 2.6, in part): a word as typed becomes fields.
// In order: tilde ($HOME), parameters ($NAME ${NAME} $? $$ $# $! $0..$9
// ${10} $@ $*, ${#NAME} the length of its value), command substitution ($(...) and `...`, run by the
// environment), arithmetic expansion ($((...)), arithmetic.h), field
// splitting of unquoted expansions on blanks and newlines, pathname
// expansion (glob.h) of fields with unquoted * ? or [, and quote removal.
// What is quoted is taken as it is: no expansion inside '...', only $ ` and
// \ inside "...", and a quoted * never globs.
#pragma once

#include "text.h"

namespace sh {

// What expansion reads and does: the shell's variables and arguments, and
// the commands of command substitutions.
class Environment {
 public:
  // The value of variable or special parameter name ("HOME", "?", "$", "1");
  // false when it is unset.
  virtual bool lookup(const char* name, Text& value) const = 0;
  // $1..$N: argument(1) is $1.
  virtual size_t argument_count() const = 0;
  virtual const char* argument(size_t index) const = 0;
  // Sets a variable (an arithmetic assignment: $((x += 1))).
  virtual void assign(const char* name, const char* value) = 0;
  // Runs command; what it wrote on stdout, its trailing newlines removed.
  virtual Text substitute(const Text& command) = 0;
  // An expansion could not be done (a bad arithmetic expression): says why;
  // the command it was for must not run.
  virtual void expansion_error(const char* what, const char* why) = 0;
  // set -u: expanding an unset parameter is an error.
  virtual bool unset_is_error() const { return false; }

 protected:
  ~Environment() = default;
};

// A command word: any number of fields (none for an unquoted empty $X).
void expand_fields(const Text& word, Environment& environment, Vec<Text>& fields);
// An assignment's value or a redirection's target: one text, never split
// or globbed.
Text expand_text(const Text& word, Environment& environment);
// A case pattern: one text, for pattern_matches (glob.h): what was quoted
// has its * ? [ and \ escaped by a backslash.
Text expand_pattern(const Text& word, Environment& environment);
// The body of a here-document whose delimiter was not quoted: $, ` and
// backslash work as inside "...", and quotes are plain characters.
Text expand_here_document(const Text& body, Environment& environment);

}  // namespace sh
