// test EXPRESSION and [ EXPRESSION ] (test_expression.h).
#include "builtins.h"
#include "test_expression.h"

namespace sh {

namespace {

int run_test(const char* name, const Vec<Text>& argv, size_t count) {
  Vec<Text> arguments;
  for (size_t i = 1; i < count; ++i) arguments.push(argv[i]);
  Text error;
  int status = evaluate_test(arguments, error);
  if (status == kTestError) complain(name, error.c_str());
  return status;
}

}  // namespace

int test_builtin(Shell&, const Vec<Text>& argv) { return run_test("test", argv, argv.size()); }

int bracket_builtin(Shell&, const Vec<Text>& argv) {
  if (!(argv[argv.size() - 1] == "]")) {
    complain("[", "missing ]");
    return kTestError;
  }
  return run_test("[", argv, argv.size() - 1);
}

}  // namespace sh
