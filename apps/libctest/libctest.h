// What the libctest subcommands share: reporting.
#pragma once

namespace libctest {

// Prints "FAIL <test>: <why>" when ok is false; returns ok.
bool check(bool ok, const char* test, const char* why);

int test_setjmp();
int test_clock();
int test_sleep();
int test_numbers();
int test_math();
int test_environment(char** envp);

}  // namespace libctest
