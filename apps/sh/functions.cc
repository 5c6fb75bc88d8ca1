// Shell functions (POSIX XCU 2.9.5): name() compound-command. The body is
// kept as typed and parsed again at each call, so a function that defines
// itself anew while it runs goes on with the text it started with.
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
    ++function_depth_;
    run(body.c_str(), false);
    --function_depth_;
    if (flow_ == Flow::Return) flow_ = Flow::Next;
    arguments_ = static_cast<Vec<Text>&&>(caller_arguments);
  } else {
    status_ = 1;
  }
  redirections.restore();
  return status_;
}

}  // namespace sh
