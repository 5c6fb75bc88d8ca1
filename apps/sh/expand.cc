#include "expand.h"

#include <stdio.h>

#include "arithmetic.h"
#include "glob.h"
#include "scan.h"

namespace sh {

namespace {

bool is_name_start(char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }
bool is_field_separator(char c) { return c == ' ' || c == '\t' || c == '\n'; }
bool is_glob_special(char c) { return c == '*' || c == '?' || c == '[' || c == '\\'; }

// How long the parameter name at the start of key is: a name, digits, or
// one special character; 0 when there is none.
size_t parameter_name_length(const char* key) {
  size_t length = 0;
  if (is_name_start(key[0])) {
    while (is_name_char(key[length])) ++length;
  } else if (key[0] >= '0' && key[0] <= '9') {
    while (key[length] >= '0' && key[length] <= '9') ++length;
  } else if (key[0] && strchr("?$#!@*", key[0])) {
    length = 1;
  }
  return length;
}

class Expander {
 public:
  Expander(Environment& environment, bool split, bool here_document = false)
      : environment_(environment), split_(split), here_document_(here_document) {}

  void run(const char* word) {
    const char* at = word;
    if (!here_document_ && *at == '~' && (at[1] == '\0' || at[1] == '/')) {
      Text home;
      if (environment_.lookup("HOME", home)) {
        add_literal(home.c_str(), true);
        ++at;
      }
    }
    bool in_double = false;
    while (*at) {
      char c = *at;
      if (here_document_ && c != '$' && c != '`' && c != '\\') {
        add(c, true);
        ++at;
      } else if (here_document_ && c == '\\') {
        // Only $ ` \ and newline are escaped; a backslash-newline is gone.
        if (at[1] == '\n') {
          at += 2;
          continue;
        }
        if (!at[1] || !strchr("$`\\", at[1])) add('\\', true);
        if (at[1]) add(at[1], true);
        at += at[1] ? 2 : 1;
      } else if (c == '`') {
        at = backquoted(at, in_double);
      } else if (c == '\'' && !in_double) {
        const char* close = strchr(at + 1, '\'');
        for (++at; at < close; ++at) add(*at, true);
        ++at;
        started_ = true;
      } else if (c == '"') {
        // "" is an empty field, but "$@" with no arguments is no field at all.
        if (in_double && !(quoted_arguments_ && !quoted_other_)) started_ = true;
        quoted_arguments_ = quoted_other_ = false;
        in_double = !in_double;
        ++at;
      } else if (c == '\\' && at[1]) {
        // Inside "...", a backslash escapes only $ ` " \ and is kept before anything else.
        if (in_double && !strchr("$`\"\\", at[1])) add('\\', true);
        add(at[1], true);
        at += 2;
      } else if (c == '$') {
        at = parameter(at + 1, in_double);
      } else {
        add(c, in_double);
        ++at;
      }
    }
  }

  // Ends expansion: the last field, then pathname expansion of each.
  void finish(Vec<Text>& fields) {
    end_field();
    for (Field& field : fields_) {
      if (split_ && field.globs && glob(field.pattern.c_str(), fields) > 0) continue;
      fields.push(static_cast<Text&&>(field.value));
    }
  }

  Text text() {
    end_field();
    Text joined;
    for (size_t i = 0; i < fields_.size(); ++i) joined.append(fields_[i].value);
    return joined;
  }

  Text pattern() {
    end_field();
    Text joined;
    for (size_t i = 0; i < fields_.size(); ++i) joined.append(fields_[i].pattern);
    return joined;
  }

 private:
  struct Field {
    Text value;    // quotes removed
    Text pattern;  // for glob: quoted specials escaped with a backslash
    bool globs;    // an unquoted * ? or [ is in it
  };

  void add(char c, bool quoted) {
    quoted_other_ = true;
    value_.push(c);
    if ((quoted || c == '\\') && is_glob_special(c)) pattern_.push('\\');
    pattern_.push(c);
    globs_ = globs_ || (!quoted && c != '\\' && is_glob_special(c));
    started_ = true;
  }

  // What a parameter expanded to: split on blanks unless quoted.
  void add_literal(const char* text, bool quoted) {
    for (; *text; ++text) {
      if (!quoted && split_ && is_field_separator(*text)) {
        end_field();
      } else {
        add(*text, quoted);
      }
    }
  }

  void end_field() {
    if (started_) fields_.push(Field{static_cast<Text&&>(value_), static_cast<Text&&>(pattern_), globs_});
    value_ = Text();
    pattern_ = Text();
    globs_ = false;
    started_ = false;
  }

  // Expands the parameter after a "$" at name; returns where the word goes on.
  const char* parameter(const char* name, bool quoted) {
    Text key;
    const char* next = name;
    if (*name == '(') return parenthesized(name, quoted);
    if (*name == '{') {
      const char* close = strchr(name, '}');
      if (!close) {  // the lexer never makes such a word; take it as text
        add('$', quoted);
        return name;
      }
      key = Text(name + 1, static_cast<size_t>(close - name - 1));
      next = close + 1;
    } else if (is_name_start(*name)) {
      while (is_name_char(*next)) ++next;
      key = Text(name, static_cast<size_t>(next - name));
    } else if (*name && strchr("?$#!@*0123456789", *name)) {
      key = Text(name, 1);
      next = name + 1;
    } else {
      add('$', quoted);  // a lone $ is itself
      return name;
    }
    if (key == "@" || key == "*") {
      quoted_arguments_ = true;
      arguments(quoted && key == "@", quoted);
      return next;
    }
    quoted_other_ = true;
    Text value;
    if (key.size() > 1 && key[0] == '#' && parameter_name_length(key.c_str() + 1) == key.size() - 1) {
      environment_.lookup(key.c_str() + 1, value);  // ${#NAME}: the length of the value
      char digits[24];
      snprintf(digits, sizeof digits, "%zu", value.size());
      add_literal(digits, quoted);
      return next;
    }
    size_t name_end = parameter_name_length(key.c_str());
    if (name_end == 0) {
      bad_substitution(key);
      return next;
    }
    if (name_end < key.size()) {
      with_word(Text(key.c_str(), name_end), key.c_str() + name_end, quoted);
      return next;
    }
    if (environment_.lookup(key.c_str(), value)) add_literal(value.c_str(), quoted);
    else if (environment_.unset_is_error()) environment_.expansion_error(key.c_str(), "parameter not set");
    return next;
  }

  // ${NAME-word} ${NAME=word} ${NAME+word} ${NAME?word}, each also with
  // ":" before the operator (then an empty value counts as unset): the
  // value, or else the word, assigned to NAME (=), or an error (?); + is
  // the word when NAME is set.
  void with_word(const Text& name, const char* op, bool quoted) {
    const char* start = op;
    if (*op == '%' || *op == '#') {
      trimmed(name, op, quoted);
      return;
    }
    bool colon = *op == ':';
    if (colon) ++op;
    if (!*op || !strchr("-=+?", *op)) {
      Text key(name);
      key.append(start);
      bad_substitution(key);
      return;
    }
    Text value;
    bool set = environment_.lookup(name.c_str(), value) && !(colon && value.empty());
    if (*op == '+') {
      if (set) add_literal(expand_text(Text(op + 1), environment_).c_str(), quoted);
      return;
    }
    if (set) {
      add_literal(value.c_str(), quoted);
      return;
    }
    Text word = expand_text(Text(op + 1), environment_);
    if (*op == '?') {
      environment_.expansion_error(name.c_str(), word.empty() ? "parameter not set" : word.c_str());
      return;
    }
    if (*op == '=') environment_.assign(name.c_str(), word.c_str());
    add_literal(word.c_str(), quoted);
  }

  // ${NAME%pattern} ${NAME%%pattern}: the value without the shortest
  // (longest) suffix the pattern matches; # and ## a prefix. What was
  // quoted in the pattern is literal.
  void trimmed(const Text& name, const char* op, bool quoted) {
    bool longest = op[1] == op[0];
    Text pattern = expand_pattern(Text(op + (longest ? 2 : 1)), environment_);
    Text value;
    environment_.lookup(name.c_str(), value);
    add_literal(trim_match(value, pattern.c_str(), *op == '%', longest).c_str(), quoted);
  }

  void bad_substitution(const Text& key) {
    Text what("${");
    what.append(key);
    what.push('}');
    environment_.expansion_error(what.c_str(), "bad substitution");
  }

  // $(...) or $((...)) at open (the "("); returns where the word goes on.
  const char* parenthesized(const char* open, bool quoted) {
    const char* close = matching_parenthesis(open);
    if (!close) {  // the lexer never makes such a word; take it as text
      add('$', quoted);
      return open;
    }
    const char* inner_close = open[1] == '(' ? matching_parenthesis(open + 1) : nullptr;
    if (inner_close && inner_close + 1 == close) {
      arithmetic(Text(open + 2, static_cast<size_t>(inner_close - open - 2)), quoted);
    } else {  // $( (a) ) is a subshell in a command substitution
      substitution(Text(open + 1, static_cast<size_t>(close - open - 1)), quoted);
    }
    return close + 1;
  }

  // `...` at open: inside, a backslash escapes only $ ` and \ (and " too
  // within "..."); returns where the word goes on.
  const char* backquoted(const char* open, bool quoted) {
    const char* close = matching_backquote(open);
    if (!close) {
      add('`', quoted);
      return open + 1;
    }
    Text command;
    for (const char* at = open + 1; at < close; ++at) {
      if (*at == '\\' && (strchr("$`\\", at[1]) || (quoted && at[1] == '"'))) ++at;
      command.push(*at);
    }
    substitution(command, quoted);
    return close + 1;
  }

  void substitution(const Text& command, bool quoted) {
    quoted_other_ = true;
    Text output = environment_.substitute(command);
    add_literal(output.c_str(), quoted);
  }

  // The expression is expanded as if in "..." (parameters, substitutions)
  // and then evaluated.
  void arithmetic(const Text& expression, bool quoted) {
    quoted_other_ = true;
    Text expanded = expand_text(expression, environment_);
    long value = 0;
    Text error;
    if (!evaluate_arithmetic(expanded.c_str(), environment_, value, error)) {
      environment_.expansion_error(expanded.c_str(), error.c_str());
      return;
    }
    char digits[24];
    snprintf(digits, sizeof digits, "%ld", value);
    add_literal(digits, quoted);
  }

  // $@ and $*: the arguments; "$@" keeps each one its own field.
  void arguments(bool separate_fields, bool quoted) {
    size_t count = environment_.argument_count();
    for (size_t i = 1; i <= count; ++i) {
      if (i > 1 && !(separate_fields && split_)) add_literal(" ", quoted);
      if (i > 1 && separate_fields && split_) end_field();
      if (separate_fields) started_ = true;  // an empty argument is a field still
      add_literal(environment_.argument(i), quoted);
    }
  }

  Environment& environment_;
  bool split_;
  bool here_document_;
  Vec<Field> fields_;
  Text value_;
  Text pattern_;
  bool globs_ = false;
  bool started_ = false;  // something, if only "", is in the current field
  // Inside "...": whether $@ or $*, and whether anything else, came so far.
  bool quoted_arguments_ = false;
  bool quoted_other_ = false;
};

}  // namespace

void expand_fields(const Text& word, Environment& environment, Vec<Text>& fields) {
  Expander expander(environment, true);
  expander.run(word.c_str());
  expander.finish(fields);
}

Text expand_text(const Text& word, Environment& environment) {
  Expander expander(environment, false);
  expander.run(word.c_str());
  return expander.text();
}

Text expand_pattern(const Text& word, Environment& environment) {
  Expander expander(environment, false);
  expander.run(word.c_str());
  return expander.pattern();
}

Text expand_here_document(const Text& body, Environment& environment) {
  Expander expander(environment, false, true);
  expander.run(body.c_str());
  return expander.text();
}

}  // namespace sh
