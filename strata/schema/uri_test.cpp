// $id/$ref resolution (RFC 3986 section 5.4's examples) and JSON pointer tokens.
#include <gtest/gtest.h>

#include <strata/schema/detail/uri.hpp>

namespace strata::schema::detail {
namespace {

TEST(uri, resolves_rfc3986_examples) {
  const std::string base = "http://a/b/c/d;p?q";
  const std::pair<const char*, const char*> cases[] = {
      {"g:h", "g:h"},
      {"g", "http://a/b/c/g"},
      {"./g", "http://a/b/c/g"},
      {"g/", "http://a/b/c/g/"},
      {"/g", "http://a/g"},
      {"//g", "http://g"},
      {"?y", "http://a/b/c/d;p?y"},
      {"g?y", "http://a/b/c/g?y"},
      {"#s", "http://a/b/c/d;p?q#s"},
      {"", "http://a/b/c/d;p?q"},
      {".", "http://a/b/c/"},
      {"..", "http://a/b/"},
      {"../g", "http://a/b/g"},
      {"../../g", "http://a/g"},
      {"../../../g", "http://a/g"},
      {"/./g", "http://a/g"},
      {"g/../h", "http://a/b/c/h"},
      {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
  };
  for (auto [ref, want] : cases) EXPECT_EQ(resolve_uri(base, ref), want) << ref;
}

TEST(uri, urn_bases_take_fragments) {
  EXPECT_EQ(resolve_uri("urn:uuid:deadbeef-1234", "#/$defs/a"), "urn:uuid:deadbeef-1234#/$defs/a");
  EXPECT_EQ(strip_fragment("urn:x#frag"), "urn:x");
  EXPECT_EQ(fragment_of("urn:x#frag"), "frag");
  EXPECT_EQ(fragment_of("urn:x"), "");
}

TEST(uri, percent_decoding_and_pointer_tokens) {
  EXPECT_EQ(percent_decode("a%25b%22"), "a%b\"");
  EXPECT_FALSE(percent_decode("a%2"));
  EXPECT_FALSE(percent_decode("%zz"));
  EXPECT_EQ(pointer_escape("a/b~c"), "a~1b~0c");
  EXPECT_EQ(pointer_unescape("a~1b~0c"), "a/b~c");
  EXPECT_FALSE(pointer_unescape("a~2"));
  EXPECT_FALSE(pointer_unescape("a~"));
}

}  // namespace
}  // namespace strata::schema::detail
