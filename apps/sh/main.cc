// sh: the Tessera shell (docs/posix.md, "The shell and the console").
//   sh                    reads commands from stdin; prompts ($PS1, "$ ")
//                         when stdin is a terminal
//   sh -c TEXT [NAME [ARG...]]   runs TEXT, with $0 NAME and $1.. ARGs
//   sh SCRIPT [ARG...]    runs the file SCRIPT, with $0 SCRIPT and $1.. ARGs
//   sh --program-fd FD STATUS NAME [ARG...]   runs what it reads from FD,
//                         with $? STATUS, $0 NAME and $1.. ARGs: how the
//                         shell starts a child shell of its own (child_shell.cc)
// The exit status is the last command's (or exit's argument).
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include "builtins.h"
#include "input.h"
#include "process_group.h"
#include "programs.h"
#include "shell.h"

extern char** environ;

namespace {

using sh::Text;

constexpr int kInterrupted = 130;  // 128 + SIGINT, as after a command Ctrl-C ended

// How this shell can run itself again: argv[0], made absolute if relative
// (a later cd must not lose it); a bare name is looked up in $PATH.
Text own_program(const char* argv0) {
  if (!strchr(argv0, '/') || argv0[0] == '/') return Text(argv0);
  char cwd[4096];
  if (!getcwd(cwd, sizeof cwd)) return Text(argv0);
  Text path(cwd);
  path.push('/');
  path.append(argv0);
  return path;
}

// Ctrl-C at a terminal reaches the shell when it has the terminal: it must
// not end the shell. While a job starts, it is the job's (process_group.h).
// At the prompt the terminal drops the line typed so far; the handler then
// shows a fresh prompt itself, so that it does not matter where between
// printing the prompt and blocking in read() the signal lands (reads
// restart: SA_RESTART). On Tessera the console's read fails and libc runs
// the handler (docs/posix.md, "Signals").
volatile sig_atomic_t g_at_prompt = 0;
// A Unix terminal echoes "^C" and leaves the line open; Tessera's console
// (drivers/uart) echoes "^C" and a newline (meson.build defines this for it).
#ifdef SH_CONSOLE_ENDS_INTERRUPTED_LINE
constexpr bool kTerminalEndsInterruptedLine = true;
#else
constexpr bool kTerminalEndsInterruptedLine = false;
#endif
volatile sig_atomic_t g_interrupted = 0;
char g_prompt[256];
size_t g_prompt_length = 0;

void on_interrupt(int) {
  if (sh::forward_interrupt()) return;
  g_interrupted = 1;
  if (!g_at_prompt) return;
  if (!kTerminalEndsInterruptedLine) (void)!write(2, "\n", 1);
  (void)!write(2, g_prompt, g_prompt_length);
}

void catch_interrupts() {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = on_interrupt;
  action.sa_flags = SA_RESTART;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
}

void set_prompt(const char* prompt) {
  size_t length = 0;
  for (; length < sizeof g_prompt && prompt[length]; ++length) g_prompt[length] = prompt[length];
  g_prompt_length = length;
}

int interact(sh::Shell& shell) {
  bool terminal = isatty(0);
  shell.set_interactive(terminal);
  if (terminal) {
    catch_interrupts();
    sh::ignore_terminal_stops();
  }
  sh::LineReader reader(0, terminal);
  Text pending;  // lines of a command not complete yet
  while (!shell.exiting()) {
    shell.reap_jobs();
    Text line;
    bool more = false;
    if (terminal) {
      const Text* ps1 = shell.variables().find("PS1");
      set_prompt(ps1 ? ps1->c_str() : "$ ");
      g_interrupted = 0;  // a Ctrl-C until now ended a command, not a line at the prompt
      g_at_prompt = 1;
      sh::put(2, pending.empty() ? g_prompt : "> ");
      more = reader.read(line);
      g_at_prompt = 0;
      if (g_interrupted) {  // what came before Ctrl-C is gone
        pending.clear();
        shell.set_status(kInterrupted);
      }
    } else {
      more = reader.read(line);
    }
    if (!more) {
      if (!pending.empty()) shell.run(pending.c_str(), false);  // says what is missing
      break;
    }
    pending.append(line);
    if (shell.run(pending.c_str(), true) == sh::RunResult::Incomplete) continue;
    pending.clear();
  }
  return shell.status();
}

// sh's options before its operands: -e, -u and -x (together too, + turns
// one off) as set takes them, and -c: the first operand is the command
// text. The index of the first operand; 0 after an unknown option.
int take_options(int argc, char** argv, sh::Options& options, bool& command) {
  for (int i = 1; i < argc; ++i) {
    const char* word = argv[i];
    if (strcmp(word, "--") == 0 || strcmp(word, "-") == 0) return i + 1;
    if ((word[0] != '-' && word[0] != '+') || word[1] == '\0') return i;
    Text letters(word[0] == '-' ? "-" : "+");
    for (const char* p = word + 1; *p; ++p) {
      if (*p == 'c' && word[0] == '-') command = true;
      else letters.push(*p);
    }
    if (letters.size() > 1 && !sh::set_options(options, letters)) {
      sh::complain(word, "unknown option");
      return 0;
    }
  }
  return argc;
}

}  // namespace

int main(int argc, char** argv) {
  static sh::Shell shell;
  Text program = own_program(argv[0]);
  if (argc >= 5 && strcmp(argv[1], "--program-fd") == 0) {
    shell.start(program.c_str(), argv[4], argc - 5, argv + 5, environ);
    shell.set_status(atoi(argv[3]));
    if (!shell.run_program_from(atoi(argv[2]))) {
      sh::complain("--program-fd", strerror(errno));
      return 2;
    }
    return shell.finish();
  }
  bool command = false;
  int first = take_options(argc, argv, shell.options(), command);
  if (first == 0) return 2;
  if (command) {
    if (first >= argc) {
      sh::complain("-c", "requires an argument");
      return 2;
    }
    // sh -c text [name [args...]]: name is $0.
    const char* name = first + 1 < argc ? argv[first + 1] : argv[0];
    int count = argc > first + 2 ? argc - first - 2 : 0;
    shell.start(program.c_str(), name, count, argv + first + 2, environ);
    shell.run(argv[first], false);
    return shell.finish();
  }
  if (first < argc) {
    const char* script_path = argv[first];
    shell.start(program.c_str(), script_path, argc - first - 1, argv + first + 1, environ);
    Text script;
    if (!sh::read_file(script_path, script)) {
      sh::complain(script_path, strerror(errno));
      return 127;
    }
    shell.run(script.c_str(), false);
    return shell.finish();
  }
  shell.start(program.c_str(), argv[0], 0, argv + 1, environ);
  interact(shell);
  return shell.finish();
}
