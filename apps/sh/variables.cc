#include "variables.h"

namespace sh {

size_t name_length(const char* assignment) {
  const char* equals = strchr(assignment, '=');
  return equals ? static_cast<size_t>(equals - assignment) : strlen(assignment);
}

void Variables::import(char* const* environment) {
  for (; environment && *environment; ++environment) {
    const char* entry = *environment;
    size_t length = name_length(entry);
    if (entry[length] != '=') continue;
    Text name(entry, length);
    set(name.c_str(), entry + length + 1);
    set_exported(name.c_str(), true);
  }
}

const Text* Variables::find(const char* name) const {
  for (const Variable& variable : variables_) {
    if (variable.name == name) return &variable.value;
  }
  return nullptr;
}

bool Variables::exported(const char* name) const {
  for (const Variable& variable : variables_) {
    if (variable.name == name) return variable.exported;
  }
  return false;
}

Variables::Variable* Variables::lookup(const char* name) {
  for (Variable& variable : variables_) {
    if (variable.name == name) return &variable;
  }
  return nullptr;
}

Variables::Variable& Variables::add(const char* name) {
  if (Variable* variable = lookup(name)) return *variable;
  variables_.push(Variable{Text(name), Text(), false});
  // Keep the table sorted: move the new one down into place.
  size_t at = variables_.size() - 1;
  for (; at > 0 && strcmp(variables_[at - 1].name.c_str(), name) > 0; --at) {
    Variable moved = static_cast<Variable&&>(variables_[at]);
    variables_[at] = static_cast<Variable&&>(variables_[at - 1]);
    variables_[at - 1] = static_cast<Variable&&>(moved);
  }
  return variables_[at];
}

void Variables::set(const char* name, const char* value) { add(name).value = Text(value); }

void Variables::set_exported(const char* name, bool exported) { add(name).exported = exported; }

void Variables::unset(const char* name) {
  for (size_t i = 0; i < variables_.size(); ++i) {
    if (variables_[i].name == name) return variables_.remove(i);
  }
}

void Variables::environment(const Vec<Text>& assignments, Vec<Text>& storage) const {
  for (const Variable& variable : variables_) {
    if (!variable.exported) continue;
    Text entry = variable.name;
    entry.push('=');
    entry.append(variable.value);
    storage.push(static_cast<Text&&>(entry));
  }
  for (const Text& assignment : assignments) {
    size_t length = name_length(assignment.c_str());
    bool replaced = false;
    for (Text& entry : storage) {
      if (name_length(entry.c_str()) == length && strncmp(entry.c_str(), assignment.c_str(), length) == 0) {
        entry = assignment;
        replaced = true;
      }
    }
    if (!replaced) storage.push(assignment);
  }
}

TemporaryAssignments::TemporaryAssignments(Variables& variables, const Vec<Text>& assignments)
    : variables_(variables) {
  for (const Text& assignment : assignments) {
    size_t length = name_length(assignment.c_str());
    Text name(assignment.c_str(), length);
    save(name);
    variables_.set(name.c_str(), assignment.c_str() + length + 1);
  }
}

void TemporaryAssignments::save(const Text& name) {
  for (const Saved& saved : saved_) {
    if (saved.name == name.c_str()) return;
  }
  const Text* old = variables_.find(name.c_str());
  saved_.push(Saved{name, old != nullptr, old ? *old : Text(), variables_.exported(name.c_str())});
}

TemporaryAssignments::~TemporaryAssignments() {
  // Last first: of two assignments to one name, the first saved the original.
  while (!saved_.empty()) {
    Saved& saved = saved_.back();
    if (saved.existed) {
      variables_.set(saved.name.c_str(), saved.value.c_str());
      variables_.set_exported(saved.name.c_str(), saved.exported);
    } else {
      variables_.unset(saved.name.c_str());
    }
    saved_.pop();
  }
}

}  // namespace sh
