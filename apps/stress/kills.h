// Kills of running processes from several harts at once (stress kills):
// each killer starts a process that spins in user mode, lets it run, kills
// it and waits for it, again and again. A kill of a process running on
// another hart waits until that hart has stopped it; two killers doing so
// at once once starved the harts they waited for of the big lock, and the
// machine hung (docs/kernel.md "Several harts").
#pragma once

#include <cstdint>

namespace stress {

// The conductor: `killers` killers of `rounds` kills each; a killer that
// has not finished within the watchdog's time stops the run with the
// kernel's thread dump. Returns the exit status (0: all went through).
int run_kills(uint32_t killers, uint32_t rounds);
// A killer's role (stress killer ROUNDS).
int kill_spinners(uint32_t rounds);
// A victim's role (stress spin): spins until killed.
[[noreturn]] void spin();

}  // namespace stress
