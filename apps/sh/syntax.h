// The syntax tree of what the shell runs. A line is a sequence of and-or
// lists (ended by ; & or newline); an and-or list is pipelines joined by
// && and || (equal precedence, left to right); a pipeline is simple
// commands joined by |. Words are kept as typed (lexer.h) until the moment
// they run, because expansion depends on the variables of that moment.
#pragma once

#include "text.h"

namespace sh {

enum class RedirectKind {
  Read,        // n<word
  Write,       // n>word
  Append,      // n>>word
  ReadWrite,   // n<>word
  DuplicateRead,   // n<&word (word is a descriptor, or - to close n)
  DuplicateWrite,  // n>&word
};

struct Redirect {
  int fd;
  RedirectKind kind;
  Text target;
};

struct Command {
  Vec<Text> assignments;  // NAME=value words before the command name
  Vec<Text> words;
  Vec<Redirect> redirects;  // in the order written: 2>&1 >f differs from >f 2>&1
};

struct Pipeline {
  Vec<Command> commands;
};

struct AndOr {
  Vec<Pipeline> pipelines;
  Vec<bool> and_then;  // and_then[i]: && (else ||) between pipelines i and i+1
  bool background = false;
  Text source;  // as typed, for a background list the shell hands to another shell
};

}  // namespace sh
