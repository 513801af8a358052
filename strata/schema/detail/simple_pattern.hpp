// A fast matcher for the patterns schemas mostly hold: a sequence of characters, classes and
// escapes with quantifiers, optionally anchored ("^[0-9]{5}$", "^[^@]+@[^@]+$"). No groups,
// alternation or assertions; anything else stays with Boost.Regex. ASCII text only.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace strata::schema::detail {

class simple_pattern {
 public:
  // nullopt when the pattern is outside the subset.
  static std::optional<simple_pattern> parse(std::string_view pattern);
  // ECMA-262 RegExp.test on ASCII text; nullopt when the text would cost too many steps (runs
  // of overlapping unbounded atoms backtrack quadratically), to be answered by Boost.Regex.
  std::optional<bool> search(std::string_view text) const;

 private:
  struct atom {
    std::uint64_t set[2];  // the ASCII characters it matches
    std::uint32_t min, max;
    bool matches(unsigned char c) const { return c < 128 && (set[c >> 6] >> (c & 63) & 1); }
  };
  std::vector<atom> atoms_;
  bool anchored_start_ = false, anchored_end_ = false;

  struct state {
    std::string_view text;
    std::vector<std::uint8_t>& failed;
    std::size_t budget;
  };
  bool match_here(std::size_t a, std::size_t pos, state& s) const;
};

}  // namespace strata::schema::detail
