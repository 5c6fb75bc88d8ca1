// Shell functions (POSIX XCU 2.9.5): name() compound-command. The body is
// kept as typed and parsed again at each call, so a function that defines
// itself anew while it runs goes on with the text it started with.
#include "builtins.h"
#include "redirect.h"
#include "shell.h"

namespace sh {

namespace {

// Calls nest on the shell's stack: deeper ones fail rather than overflow it.
constexpr size_t kMaxCallDepth = 1000;

}  // namespace

const Shell::Function* Shell::find_function(const char* name) const {
  for (const Function& function : functions_) {
    if (function.name == name) return &function;
  }
  return nullptr;
}

void Shell::define_function(const Text& name, const Text& body) {
  for (Function& function : functions_) {
    if (function.name == name.c_str()) {
      function.body = body;
      return;
    }
  }
  functions_.push(Function{name, body});
}

void Shell::remove_function(const char* name) {
  Vec<Function> kept;
  for (Function& function : functions_) {
    if (!(function.name == name)) kept.push(static_cast<Function&&>(function));
  }
  functions_ = static_cast<Vec<Function>&&>(kept);
}

int Shell::call_function(const Text& body, const Vec<Text>& argv, const Vec<Redirect>& redirects) {
  if (function_depth_ >= kMaxCallDepth) {
    complain(argv[0].c_str(), "functions nested too deeply");
    return 2;
  }
  Redirections redirections;
  if (!redirections.prepare(redirects, *this)) return 1;
  if (redirections.apply()) {
    Vec<Text> arguments;
    for (size_t i = 1; i < argv.size(); ++i) arguments.push(argv[i]);
    Vec<Text> caller_arguments = static_cast<Vec<Text>&&>(arguments_);
    arguments_ = static_cast<Vec<Text>&&>(arguments);
    TemporaryAssignments locals(variables_);  // puts back what `local` changed
    TemporaryAssignments* caller_locals = locals_;
    locals_ = &locals;
    ++function_depth_;
    run(body.c_str(), false);
    --function_depth_;
    locals_ = caller_locals;
    if (flow_ == Flow::Return) flow_ = Flow::Next;
    arguments_ = static_cast<Vec<Text>&&>(caller_arguments);
  } else {
    status_ = 1;
  }
  redirections.restore();
  return status_;
}

bool Shell::make_local(const Text& name) {
  if (!locals_) return false;
  locals_->save(name);
  return true;
}

// local name[=value]...: variables of the function being run, which the
// caller gets back as they were when it returns; without a value, one
// keeps the value it had (as in dash).
int local_builtin(Shell& shell, const Vec<Text>& argv) {
  for (size_t i = 1; i < argv.size(); ++i) {
    const char* word = argv[i].c_str();
    size_t length = name_length(word);
    if (length == 0 || (word[length] != '\0' && word[length] != '=')) {
      complain(word, "bad variable name");
      return 2;
    }
    Text name(word, length);
    if (!shell.make_local(name)) {
      complain("local", "not in a function");
      return 2;
    }
    if (word[length] == '=') shell.variables().set(name.c_str(), word + length + 1);
  }
  return 0;
}

}  // namespace sh
