// Handlers for SIGSEGV, SIGABRT, SIGBUS, SIGFPE and SIGILL that write the queued log records
// before the process dies, then hand the signal to whatever handled it before (usually the
// default action: a core dump).
#pragma once

namespace strata::log::detail {

// Idempotent; the previous actions are kept and restored by uninstall.
void install_fatal_signal_handlers();
void uninstall_fatal_signal_handlers();

}  // namespace strata::log::detail
