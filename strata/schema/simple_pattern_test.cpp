// The fast pattern matcher against Boost.Regex's ECMAScript grammar (with ECMA-262's dot and
// anchor rules) as an oracle, on the subset it accepts; patterns outside it must be refused.
#include <gtest/gtest.h>

#include <boost/regex.hpp>
#include <strata/schema/detail/simple_pattern.hpp>

namespace strata::schema::detail {
namespace {

TEST(simple_pattern, agrees_with_ecmascript_on_its_subset) {
  const char* patterns[] = {
      "^[0-9]{5}$", "^[^@]+@[^@]+$", "abc",      "^a*a*a*a*a*b$", "[a-c]x?y+",    "^\\d{3}-\\d{4}$",
      "^\\w+$",     "\\s",           "^.$",      "^[A-Z][a-z]*$", "x{2,}",        "^a{1,3}$",
      "[-a]",       "[a-]b",         "^\\S+$",   "^[\\d.]+$",     "c\\.d",        "^$",
      "^a+?b",      "[^\\w]",        "^\\D\\W$", "/path/",        "^[\\]\\\\]+$", "e{0}f",
  };
  const char* texts[] = {"",      "12345", "1234",  "a@b",      "@b",  "abc", "xxabcxx", "aaaaaaaaaaaaaaaaaaaaaaac",
                         "aab",   "by",    "cxyyy", "555-1234", "a b", "\n",  "\r",      "x",
                         "Hello", "hello", "xx",    "aaaa",     "-",   "-b",  "c.d",     "cxd",
                         "1.2.3", "]\\",   "f",     "/path/",   "!?",  "a",   "\t"};
  for (const char* p : patterns) {
    auto simple = simple_pattern::parse(p);
    ASSERT_TRUE(simple) << p;
    const boost::regex oracle(p, boost::regex::ECMAScript | boost::regex::no_mod_m);
    for (const char* t : texts) {
      std::string_view text(t);
      bool expected = false;
      try {
        expected = boost::regex_search(text.begin(), text.end(), oracle, boost::match_not_dot_newline);
      } catch (const std::runtime_error&) {
        continue;  // Boost gives up on some backtracking that the simple matcher handles
      }
      auto found = simple->search(text);
      ASSERT_TRUE(found) << p << " on \"" << t << "\": short texts stay within the step budget";
      EXPECT_EQ(*found, expected) << p << " on \"" << t << '"';
    }
  }
}

TEST(simple_pattern, refuses_what_it_cannot_do) {
  for (const char* p : {"(a)", "a|b", "\\bword", "a(?=b)", "[[:alpha:]]", "\\p{L}", "é", "[]", "[^]", "a^b", "\\1",
                        "a{2", "\\x41", "\\u0041"})
    EXPECT_FALSE(simple_pattern::parse(p)) << p;
}

TEST(simple_pattern, backtracking_is_memoised_and_bounded) {
  auto p = simple_pattern::parse("^a*a*a*a*a*a*a*a*a*a*b$");
  ASSERT_TRUE(p);
  // Boost gives up on this one; memoised failures answer it.
  EXPECT_EQ(p->search(std::string(24, 'a') + "c"), std::optional<bool>(false));
  EXPECT_EQ(p->search(std::string(24, 'a') + "b"), std::optional<bool>(true));
  // Long runs of overlapping atoms would cost text length squared: handed back, not computed.
  EXPECT_EQ(p->search(std::string(100000, 'a')), std::nullopt);
  auto linear = simple_pattern::parse("^[a-z]+@[a-z]+$");
  ASSERT_TRUE(linear);
  EXPECT_EQ(linear->search(std::string(100000, 'a') + "@b"), std::optional<bool>(true));
}

}  // namespace
}  // namespace strata::schema::detail
