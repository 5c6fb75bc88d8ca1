// <signal.h>: the signal numbers (Linux's), kill and raise, the disposition
// and mask calls. Handlers run on the thread that reaches one of libc's
// delivery points: a wait (sleep, pause, sigsuspend, a console read), a
// kill or raise of itself, a sigprocmask that unblocks (docs/posix.md,
// "Signals").
#pragma once

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGILL 4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGCHLD 17
#define SIGCONT 18
#define SIGSTOP 19
#define SIGTSTP 20
#define SIGTTIN 21
#define SIGTTOU 22
#define SIGURG 23
#define SIGWINCH 28
#define NSIG 32

typedef int sig_atomic_t;
// sigset_t is glibc's (sys/types.h brings it): bits 1..63 of __val[0].
typedef void (*sighandler_t)(int);

#define SIG_ERR ((sighandler_t)-1)
#define SIG_DFL ((sighandler_t)0)
#define SIG_IGN ((sighandler_t)1)

#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

#define SA_RESTART 0x10000000
#define SA_NODEFER 0x40000000
#define SA_RESETHAND 0x80000000

struct sigaction {
  sighandler_t sa_handler;
  sigset_t sa_mask;
  int sa_flags;
};

int sigemptyset(sigset_t* set);
int sigfillset(sigset_t* set);
int sigaddset(sigset_t* set, int signal);
int sigdelset(sigset_t* set, int signal);
int sigismember(const sigset_t* set, int signal);
// The calling thread's mask (a new thread starts with its creator's).
int sigprocmask(int how, const sigset_t* set, sigset_t* old);
// sigprocmask, returning the error number rather than setting errno.
int pthread_sigmask(int how, const sigset_t* set, sigset_t* old);
int sigaction(int signal, const struct sigaction* action, struct sigaction* old);
sighandler_t signal(int signal, sighandler_t handler);

int sigpending(sigset_t* set);
// Waits with mask blocked until a handler has run; always -1 (EINTR).
int sigsuspend(const sigset_t* mask);

int kill(pid_t pid, int signal);
int raise(int signal);

#ifdef __cplusplus
}
#endif
