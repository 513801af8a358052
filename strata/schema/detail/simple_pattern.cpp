// Backtracking over a flat list of atoms, with a table of (atom, position) pairs already known
// to fail, so the work is bounded by atoms x text length x repetitions, never exponential.
#include <cstring>
#include <strata/schema/detail/simple_pattern.hpp>

namespace strata::schema::detail {

namespace {

struct charset {
  std::uint64_t bits[2] = {0, 0};
  void add(unsigned c) { bits[c >> 6] |= std::uint64_t{1} << (c & 63); }
  void add_range(unsigned a, unsigned b) {
    for (unsigned c = a; c <= b; ++c) add(c);
  }
  void invert() {
    bits[0] = ~bits[0];
    bits[1] = ~bits[1];
  }
};

void add_digits(charset& s) {
  s.add_range('0', '9');
}
void add_word(charset& s) {
  s.add_range('a', 'z');
  s.add_range('A', 'Z');
  s.add_range('0', '9');
  s.add('_');
}
void add_space(charset& s) {
  for (unsigned c : {'\t', '\n', '\v', '\f', '\r', ' '}) s.add(c);
}

bool syntax_char(char c) {
  return std::strchr("^$\\.*+?()[]{}|/", c) != nullptr && c != '\0';
}

// An escape's character set (\d \w \s and their negations, control escapes, escaped syntax
// characters); false for anything else.
bool escape_set(char e, charset& s, bool in_class) {
  switch (e) {
    case 'd':
      add_digits(s);
      return true;
    case 'w':
      add_word(s);
      return true;
    case 's':
      add_space(s);
      return true;
    case 'D':
    case 'W':
    case 'S': {
      if (in_class) return false;
      charset t;
      e == 'D' ? add_digits(t) : e == 'W' ? add_word(t) : add_space(t);
      t.invert();
      s.bits[0] |= t.bits[0];
      s.bits[1] |= t.bits[1];
      return true;
    }
    case 'n':
      s.add('\n');
      return true;
    case 't':
      s.add('\t');
      return true;
    case 'r':
      s.add('\r');
      return true;
    case 'f':
      s.add('\f');
      return true;
    case 'v':
      s.add('\v');
      return true;
    default:
      if (syntax_char(e) || (in_class && e == '-')) {
        s.add(static_cast<unsigned char>(e));
        return true;
      }
      return false;
  }
}

}  // namespace

std::optional<simple_pattern> simple_pattern::parse(std::string_view p) {
  simple_pattern out;
  std::size_t i = 0;
  if (i < p.size() && p[i] == '^') out.anchored_start_ = true, ++i;
  while (i < p.size()) {
    char c = p[i];
    if (static_cast<unsigned char>(c) >= 128) return std::nullopt;
    if (c == '$' && i + 1 == p.size()) {
      out.anchored_end_ = true;
      break;
    }
    charset s;
    if (c == '\\') {
      if (i + 1 >= p.size() || !escape_set(p[i + 1], s, false)) return std::nullopt;
      i += 2;
    } else if (c == '.') {
      s.add_range(0, 127);
      s.bits[0] &= ~((std::uint64_t{1} << '\n') | (std::uint64_t{1} << '\r'));
      ++i;
    } else if (c == '[') {
      ++i;
      bool negate = i < p.size() && p[i] == '^';
      if (negate) ++i;
      if (i < p.size() && p[i] == ']') return std::nullopt;  // [] and [^]: left to Boost
      bool closed = false;
      while (i < p.size()) {
        char k = p[i];
        if (k == ']') {
          closed = true;
          ++i;
          break;
        }
        if (static_cast<unsigned char>(k) >= 128 || k == '[') return std::nullopt;
        unsigned lo;
        if (k == '\\') {
          if (i + 1 >= p.size()) return std::nullopt;
          char e = p[i + 1];
          i += 2;
          charset single;
          if (!escape_set(e, single, true)) return std::nullopt;
          if (e == 'd' || e == 'w' || e == 's') {  // a class inside the class
            s.bits[0] |= single.bits[0];
            s.bits[1] |= single.bits[1];
            continue;
          }
          lo = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e == 'f' ? '\f' : e == 'v' ? '\v' : unsigned(e);
        } else {
          lo = static_cast<unsigned char>(k);
          ++i;
        }
        if (i + 1 < p.size() && p[i] == '-' && p[i + 1] != ']') {
          char h = p[i + 1];
          if (h == '\\' || h == '[' || static_cast<unsigned char>(h) >= 128) return std::nullopt;
          auto hi = static_cast<unsigned char>(h);
          if (hi < lo) return std::nullopt;
          s.add_range(lo, hi);
          i += 2;
        } else {
          s.add(lo);
        }
      }
      if (!closed) return std::nullopt;
      if (negate) s.invert();
    } else if (syntax_char(c) && c != '/') {
      return std::nullopt;  // groups, alternation, stray quantifiers or anchors
    } else {
      s.add(static_cast<unsigned char>(c));
      ++i;
    }
    atom a{{s.bits[0], s.bits[1]}, 1, 1};
    if (i < p.size()) {
      char q = p[i];
      if (q == '?')
        a.min = 0, ++i;
      else if (q == '*')
        a.min = 0, a.max = UINT32_MAX, ++i;
      else if (q == '+')
        a.max = UINT32_MAX, ++i;
      else if (q == '{') {
        std::size_t j = i + 1;
        auto number = [&](std::uint32_t& n) {
          std::size_t start = j;
          n = 0;
          while (j < p.size() && p[j] >= '0' && p[j] <= '9' && j - start < 6) n = n * 10 + unsigned(p[j++] - '0');
          return j > start;
        };
        std::uint32_t lo = 0, hi = 0;
        if (!number(lo)) return std::nullopt;
        if (j < p.size() && p[j] == ',') {
          ++j;
          if (j < p.size() && p[j] == '}')
            hi = UINT32_MAX;
          else if (!number(hi) || hi < lo)
            return std::nullopt;
        } else {
          hi = lo;
        }
        if (j >= p.size() || p[j] != '}') return std::nullopt;
        a.min = lo, a.max = hi;
        i = j + 1;
      }
      // A lazy quantifier finds a match exactly when the greedy one does.
      if (i < p.size() && p[i] == '?' && (a.min != 1 || a.max != 1)) ++i;
    }
    out.atoms_.push_back(a);
    if (out.atoms_.size() > 64) return std::nullopt;
  }
  return out;
}

bool simple_pattern::match_here(std::size_t a, std::size_t pos, state& s) const {
  if (a == atoms_.size()) return !anchored_end_ || pos == s.text.size();
  const std::size_t key = a * (s.text.size() + 1) + pos;
  if (s.failed[key]) return false;
  const atom& at = atoms_[a];
  std::size_t n = 0;
  while (n < at.max && pos + n < s.text.size() && at.matches(static_cast<unsigned char>(s.text[pos + n]))) ++n;
  if (n >= at.min) {
    for (std::size_t k = n + 1; k-- > at.min;) {
      if (s.budget == 0) return false;
      --s.budget;
      if (match_here(a + 1, pos + k, s)) return true;
    }
  }
  if (s.budget) s.failed[key] = 1;  // a result cut short by the budget is not a failure
  return false;
}

std::optional<bool> simple_pattern::search(std::string_view text) const {
  thread_local std::vector<std::uint8_t> failed;
  failed.assign(atoms_.size() * (text.size() + 1), 0);
  state s{text, failed, 4096 + 8 * atoms_.size() * (text.size() + 1)};
  bool found = false;
  if (anchored_start_) {
    found = match_here(0, 0, s);
  } else {
    for (std::size_t start = 0; start <= text.size() && !found && s.budget; ++start) found = match_here(0, start, s);
  }
  if (!found && s.budget == 0) return std::nullopt;
  return found;
}

}  // namespace strata::schema::detail
