// The shell's variables: name, value, and whether children get it in their
// environment (export). The environment the shell started with is all
// exported. environment() builds a child's envp, with the assignments of a
// `VAR=x cmd` on top for that one command.
#pragma once

#include "text.h"

namespace sh {

class Variables {
 public:
  // Takes in an environ-style array ("NAME=value", null-terminated).
  void import(char* const* environment);
  const Text* find(const char* name) const;
  bool exported(const char* name) const;
  void set(const char* name, const char* value);
  void set_exported(const char* name, bool exported);
  void unset(const char* name);
  // Calls print with each exported variable, sorted by name.
  template <typename Print>
  void for_each_exported(Print print) const {
    for (const Variable& variable : variables_) {
      if (variable.exported) print(variable.name, variable.value);
    }
  }
  // Calls visit with each variable (name, value, exported), sorted by name.
  template <typename Visit>
  void for_each(Visit visit) const {
    for (const Variable& variable : variables_) visit(variable.name, variable.value, variable.exported);
  }
  // "NAME=value" of every exported variable, overridden or added to by
  // assignments (each "NAME=value"); the strings live in storage.
  void environment(const Vec<Text>& assignments, Vec<Text>& storage) const;

 private:
  struct Variable {
    Text name;
    Text value;
    bool exported;
  };
  Variable* lookup(const char* name);
  Variable& add(const char* name);

  Vec<Variable> variables_;  // sorted by name
};

// The assignments of `NAME=value builtin`, or a function's `local`
// variables: set for a while, and put back as they were (unset, or the
// old value) when it is done.
class TemporaryAssignments {
 public:
  // assignments: "NAME=value" each.
  TemporaryAssignments(Variables& variables, const Vec<Text>& assignments);
  explicit TemporaryAssignments(Variables& variables) : variables_(variables) {}
  // name is to be put back as it is now (once: later calls keep the first).
  void save(const Text& name);
  TemporaryAssignments(const TemporaryAssignments&) = delete;
  TemporaryAssignments& operator=(const TemporaryAssignments&) = delete;
  ~TemporaryAssignments();

 private:
  struct Saved {
    Text name;
    bool existed;
    Text value;
    bool exported;
  };
  Variables& variables_;
  Vec<Saved> saved_;
};

// The length of the name in "NAME=value".
size_t name_length(const char* assignment);

}  // namespace sh
