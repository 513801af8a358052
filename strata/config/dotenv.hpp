// dotenv: parses .env text by the rules of the dotenv and dotenv-expand npm packages (quotes,
// multiline values, `export`, comments, ${VAR} expansion), with an error for each bad line.
// Plain C++ without Boost, so the fuzz target builds it on its own.
#pragma once
#include <strata/config/env_map.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace strata::config {

struct dotenv_entry {
  std::string key;
  std::string value;  // quotes removed, escapes and ${VAR} expanded
  int line = 0;       // where the entry starts (1-based)
};

struct dotenv_error {
  int line = 0;
  std::string message;
};

struct dotenv_parse_result {
  // In file order, duplicates included: applying them in order lets the last one win.
  std::vector<dotenv_entry> entries;
  std::vector<dotenv_error> errors;
};

// Parses .env text. `environment` is what ${VAR} and $VAR see first (the process environment wins
// over the file, as with dotenv-expand); then the entries above the reference. An unset variable
// expands to "". A bad line is reported and skipped; the other lines still parse.
//
//   # comment                 KEY=value # comment       export KEY=value
//   KEY='literal $X \n'       KEY="a\tb \"q\" ${X}"     KEY=`both ' and "`
//   KEY="line one            KEY=${HOST:-localhost}    KEY=\$not_expanded
//   line two"
dotenv_parse_result parse_dotenv(std::string_view text, const env_map& environment = {});

// `value` as a double-quoted .env value that parses back to exactly `value`.
std::string quote_dotenv_value(std::string_view value);

}  // namespace strata::config
