// Format checks at their edges (the suite's optional/format tests cover the bulk).
#include <gtest/gtest.h>

#include <strata/schema/detail/formats.hpp>

namespace strata::schema::detail {
namespace {

TEST(formats, dates_and_times) {
  EXPECT_TRUE(check_format(format::date_time, "1990-12-31T15:59:60-08:00"));  // 23:59:60 UTC
  EXPECT_FALSE(check_format(format::date_time, "1990-12-31T15:59:60Z"));
  EXPECT_TRUE(check_format(format::date, "2000-02-29"));
  EXPECT_FALSE(check_format(format::date, "1900-02-29"));
  EXPECT_FALSE(check_format(format::time, "12:00:00")) << "an offset is required";
  EXPECT_TRUE(check_format(format::duration, "P1Y2M3DT4H5M6S"));
  EXPECT_TRUE(check_format(format::duration, "P2W"));
  EXPECT_FALSE(check_format(format::duration, "P1Y2D"));
  EXPECT_FALSE(check_format(format::duration, "PT"));
}

TEST(formats, network_names_and_addresses) {
  EXPECT_TRUE(check_format(format::ipv4, "192.168.0.1"));
  EXPECT_FALSE(check_format(format::ipv4, "192.168.00.1"));
  EXPECT_TRUE(check_format(format::ipv6, "::ffff:192.168.0.1"));
  EXPECT_FALSE(check_format(format::ipv6, "1::2::3"));
  EXPECT_TRUE(check_format(format::hostname, "a-b.example"));
  EXPECT_FALSE(check_format(format::hostname, "-a.example"));
  EXPECT_FALSE(check_format(format::hostname, std::string(64, 'a')));
  EXPECT_TRUE(check_format(format::email, "first.last@example.com"));
  EXPECT_FALSE(check_format(format::email, "first..last@example.com"));
  EXPECT_TRUE(check_format(format::uri, "https://user@[::1]:8080/p?q#f"));
  EXPECT_FALSE(check_format(format::uri, "/relative"));
  EXPECT_TRUE(check_format(format::uri_reference, "/relative#x"));
  EXPECT_FALSE(check_format(format::uri_reference, "\\\\windows\\path"));
}

TEST(formats, identifiers_and_pointers) {
  EXPECT_TRUE(check_format(format::uuid, "2EB8AA08-AA98-11EA-B4AA-73B441D16380"));
  EXPECT_FALSE(check_format(format::uuid, "2eb8aa08aa9811eab4aa73b441d16380"));
  EXPECT_TRUE(check_format(format::json_pointer, "/a~1b/0"));
  EXPECT_FALSE(check_format(format::json_pointer, "/a~2"));
  EXPECT_TRUE(check_format(format::relative_json_pointer, "1/a"));
  EXPECT_TRUE(check_format(format::relative_json_pointer, "0#"));
  EXPECT_FALSE(check_format(format::relative_json_pointer, "01/a"));
  EXPECT_TRUE(check_format(format::regex, "^[a-z]+$"));
  EXPECT_FALSE(check_format(format::regex, "^(abc]"));
  EXPECT_TRUE(check_format(format::uri_template, "/users/{id}{?page,limit:3}"));
  EXPECT_FALSE(check_format(format::uri_template, "/users/{id"));
  EXPECT_TRUE(check_format(format_of("no-such-format"), "anything"));
}

}  // namespace
}  // namespace strata::schema::detail
