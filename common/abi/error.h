// Error codes of the Tessera system-call ABI. A syscall returns 0 or a
// positive value on success and one of these (negative) on failure. User
// libraries map them to POSIX errno; the kernel uses them in Result<T>.
#pragma once

#include <cstdint>

namespace abi {

enum class Error : int64_t {
  Ok = 0,
  BadHandle = -1,        // no such handle: never existed, closed, or stale generation
  WrongType = -2,        // the handle names an object of another type
  AccessDenied = -3,     // the handle lacks a right the call needs
  InvalidArgument = -4,  // a flag, size or number out of its domain
  NoMemory = -5,         // out of frames or kernel objects
  BadAddress = -6,       // a user pointer/length that is not mapped as the call needs
  PeerClosed = -7,       // the other end of a channel is gone
  TimedOut = -8,         // a deadline passed before the operation could finish
  ShouldWait = -9,       // non-blocking call found nothing to do / queue full
  TooLarge = -10,        // a message or buffer exceeds its limit
  NotFound = -11,        // a lookup by name/number found nothing
  BadState = -12,        // the object is not in a state that allows the call
  NoSyscall = -13,       // unknown syscall number
  Malformed = -14,       // a structured input (ELF, archive, message) is corrupt
  OutOfRange = -15,      // an offset/index past the end of an object
  AlreadyExists = -16,   // the thing to create is there already
  Busy = -17,            // the resource is held by someone else
  // File-system errors, for the servers' protocols (POSIX has them all).
  NotDirectory = -18,    // a path component is not a directory
  IsDirectory = -19,     // the operation needs a non-directory
  NotEmpty = -20,        // a directory to remove has entries
  CrossDevice = -21,     // rename across file systems
  NameTooLong = -22,     // a path or name over its limit
  NoSpace = -23,         // the file system has no room for more data or entries
  // Storage errors.
  IoError = -24,         // the device reported a failure
  ReadOnly = -25,        // a write to a read-only device or file system
  // A wait the caller's terminal broke off (Ctrl-C at the console), or that
  // an interrupt of the thread ended (process_interrupt): POSIX's EINTR.
  Interrupted = -26,
};

constexpr const char* error_name(Error e) {
  switch (e) {
    case Error::Ok: return "Ok";
    case Error::BadHandle: return "BadHandle";
    case Error::WrongType: return "WrongType";
    case Error::AccessDenied: return "AccessDenied";
    case Error::InvalidArgument: return "InvalidArgument";
    case Error::NoMemory: return "NoMemory";
    case Error::BadAddress: return "BadAddress";
    case Error::PeerClosed: return "PeerClosed";
    case Error::TimedOut: return "TimedOut";
    case Error::ShouldWait: return "ShouldWait";
    case Error::TooLarge: return "TooLarge";
    case Error::NotFound: return "NotFound";
    case Error::BadState: return "BadState";
    case Error::NoSyscall: return "NoSyscall";
    case Error::Malformed: return "Malformed";
    case Error::OutOfRange: return "OutOfRange";
    case Error::AlreadyExists: return "AlreadyExists";
    case Error::Busy: return "Busy";
    case Error::NotDirectory: return "NotDirectory";
    case Error::IsDirectory: return "IsDirectory";
    case Error::NotEmpty: return "NotEmpty";
    case Error::CrossDevice: return "CrossDevice";
    case Error::NameTooLong: return "NameTooLong";
    case Error::NoSpace: return "NoSpace";
    case Error::IoError: return "IoError";
    case Error::ReadOnly: return "ReadOnly";
    case Error::Interrupted: return "Interrupted";
  }
  return "Unknown";
}

}  // namespace abi
