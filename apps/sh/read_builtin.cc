// read [-r] name...: a line of stdin into variables (POSIX XCU read). The
// line is split at $IFS (blanks, tabs and newlines when unset) as field
// splitting splits; the last name gets the rest of the line. Without -r a
// backslash keeps the next character from splitting and joins a line with
// the next. Bytes are read one at a time, so that what follows the line
// stays in stdin for the commands after.
#include <errno.h>
#include <unistd.h>

#include "builtins.h"
#include "parser.h"

namespace sh {

namespace {

struct Line {
  Text text;
  Vec<bool> literal;  // per byte: escaped by a backslash, never a separator
  bool ended = false;  // a newline came (else the input ended)
};

bool read_byte(char& c) {
  for (;;) {
    ssize_t got = read(0, &c, 1);
    if (got == 1) return true;
    if (got < 0 && errno == EINTR) continue;
    return false;
  }
}

void read_line(bool raw, Line& line) {
  char c;
  while (read_byte(c)) {
    if (c == '\n') {
      line.ended = true;
      return;
    }
    if (c == '\\' && !raw) {
      if (!read_byte(c)) return;
      if (c == '\n') continue;  // a continued line
      line.text.push(c);
      line.literal.push(true);
      continue;
    }
    line.text.push(c);
    line.literal.push(false);
  }
}

}  // namespace

int read_builtin(Shell& shell, const Vec<Text>& argv) {
  bool raw = false;
  size_t first = 1;
  if (argv.size() > 1 && argv[1] == "-r") {
    raw = true;
    first = 2;
  }
  if (first >= argv.size()) {
    complain("read", "a variable name is needed");
    return 2;
  }
  for (size_t i = first; i < argv.size(); ++i) {
    if (!is_name(argv[i].c_str())) {
      Text what("read: ");
      what.append(argv[i]);
      complain(what.c_str(), "bad variable name");
      return 2;
    }
  }
  Line line;
  read_line(raw, line);
  const Text* ifs_variable = shell.variables().find("IFS");
  const char* ifs = ifs_variable ? ifs_variable->c_str() : " \t\n";
  auto separator = [&](size_t at) { return !line.literal[at] && line.text[at] != '\0' && strchr(ifs, line.text[at]); };
  auto white = [&](size_t at) { return separator(at) && strchr(" \t\n", line.text[at]); };
  size_t at = 0;
  size_t size = line.text.size();
  while (at < size && white(at)) ++at;
  for (size_t i = first; i < argv.size(); ++i) {
    size_t start = at;
    size_t end = at;
    if (i + 1 == argv.size()) {  // the rest, without the separating blanks at its end
      end = size;
      while (end > start && white(end - 1)) --end;
      at = size;
    } else {
      while (at < size && !separator(at)) ++at;
      end = at;
      while (at < size && white(at)) ++at;
      if (at < size && separator(at)) {  // one other separator ends the field too
        ++at;
        while (at < size && white(at)) ++at;
      }
    }
    shell.variables().set(argv[i].c_str(), Text(line.text.c_str() + start, end - start).c_str());
  }
  return line.ended ? 0 : 1;
}

}  // namespace sh
