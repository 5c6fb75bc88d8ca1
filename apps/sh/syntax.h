// The syntax tree of what the shell runs (POSIX XCU 2.9, 2.10). A list is
// and-or lists (each ended by ; & or newline); an and-or list is pipelines
// joined by && and || (equal precedence, left to right); a pipeline is
// commands joined by |, perhaps negated by !. A command is a simple command
// or a compound one (if, while, until, for, case, { }, ( )) whose parts are
// lists again, or a function definition. Words are kept as typed (lexer.h)
// until the moment they run, because expansion depends on the variables of
// that moment.
#pragma once

#include "text.h"

namespace sh {

enum class RedirectKind {  // in this order: exec.cc spells them by number
  Read,        // n<word
  Write,       // n>word
  Append,      // n>>word
  ReadWrite,   // n<>word
  DuplicateRead,   // n<&word (word is a descriptor, or - to close n)
  DuplicateWrite,  // n>&word
  HereDocument,    // n<<word: the target is the body
};

struct Redirect {
  int fd;
  RedirectKind kind;
  Text target;
  bool literal = false;  // a here-document whose delimiter was quoted: no expansion in the body
};

struct AndOr;
using List = Vec<AndOr>;

enum class CommandKind {
  Simple,
  Group,     // { list; }
  Subshell,  // ( list )
  If,        // if list; then list; [elif list; then list;]... [else list;] fi
  While,     // while list; do list; done
  Until,     // until list; do list; done
  For,       // for name [in word...]; do list; done
  Case,      // case word in [(]pattern[|pattern]...) list;; ... esac
  FunctionDefinition,  // name() compound-command
};

struct CaseItem {
  Vec<Text> patterns;
  List body;
};

struct Command {
  CommandKind kind = CommandKind::Simple;
  Vec<Text> assignments;  // Simple: NAME=value words before the command name
  // Simple: the words; For: the words after `in`; Case: the one word matched.
  Vec<Text> words;
  bool all_arguments = false;  // For without `in`: over "$@"
  Text name;                   // For: the variable; FunctionDefinition: the function
  // Group, Subshell: the body. While, Until: the condition, the body. For:
  // the body. If: condition, body, for each if/elif; the else body last.
  Vec<List> lists;
  Vec<CaseItem> cases;
  Vec<Redirect> redirects;  // in the order written: 2>&1 >f differs from >f 2>&1
  // As typed: what a child shell runs for this command (in a pipeline).
  Text source;
  // Subshell: the text inside ( ). FunctionDefinition: the body as typed.
  Text body_source;
};

struct Pipeline {
  Vec<Command> commands;
  bool negated = false;  // ! pipeline: the status is inverted
};

struct AndOr {
  Vec<Pipeline> pipelines;
  Vec<bool> and_then;  // and_then[i]: && (else ||) between pipelines i and i+1
  bool background = false;
  Text source;  // as typed, for a background list the shell hands to another shell
};

}  // namespace sh
