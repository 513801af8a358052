// Pretty output for a terminal in development, in pino-pretty's shape:
//   [14:03:12.345] INFO (db/4242): connected
//       host: "localhost"
// The writer thread renders it from the JSON line, so callers format one way only.
#pragma once
#include <string>
#include <string_view>

namespace strata::log::detail {

// Appends the rendering of one JSON record line (ending in '\n'); a line that is not a JSON
// object is appended as it is. `color`: ANSI colours, for a terminal.
void append_pretty(std::string& out, std::string_view line, bool color);

}  // namespace strata::log::detail
