// Tests for json_writer: RFC 8259 escaping of every ASCII byte, UTF-8 kept or replaced, numbers,
// nesting and the depth cap, each checked by parsing the output back with Boost.JSON.
#include <strata/log/detail/json_writer.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <random>
#include <string>

namespace strata::log::detail {
namespace {

namespace json = boost::json;

std::string escaped(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

json::value parse(const std::string& text) { return json::parse(text); }

TEST(json_string, every_ascii_byte_round_trips) {
  for (int c = 0; c < 0x80; ++c) {
    std::string s(1, static_cast<char>(c));
    auto text = escaped(s);
    EXPECT_EQ(parse(text).as_string(), s) << "byte " << c << " as " << text;
    if (c < 0x20) {
      EXPECT_EQ(text.find(static_cast<char>(c)), std::string::npos) << "control byte left raw: " << c;
    }
  }
}

TEST(json_string, short_escapes_where_json_has_them) {
  EXPECT_EQ(escaped("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(escaped("\n\r\t\b\f"), R"("\n\r\t\b\f")");
  EXPECT_EQ(escaped(std::string("\x01\x1f\0", 3)), R"("\u0001\u001f\u0000")");
  EXPECT_EQ(escaped("/"), R"("/")");  // a solidus needs no escape
}

TEST(json_string, valid_utf8_is_kept_as_is) {
  std::string s = "h\xC3\xA9llo \xE2\x82\xAC \xF0\x9F\x98\x80 \xE4\xB8\xAD";
  EXPECT_EQ(escaped(s), "\"" + s + "\"");
  EXPECT_EQ(parse(escaped(s)).as_string(), s);
}

TEST(json_string, invalid_utf8_becomes_replacement_characters) {
  const std::string replacement = "\xEF\xBF\xBD";
  struct bad_case {
    std::string in, out;
  };
  const bad_case cases[] = {
      {"a\xFFz", "a" + replacement + "z"},
      {"\xC0\xAF", replacement + replacement},                   // overlong '/'
      {"\xED\xA0\x80", replacement + replacement + replacement},  // a surrogate
      {"\xF4\x90\x80\x80", replacement + replacement + replacement + replacement},  // above U+10FFFF
      {"\xE2\x82", replacement + replacement},                    // truncated
      {"end\xC3", "end" + replacement},
  };
  for (const auto& c : cases) EXPECT_EQ(parse(escaped(c.in)).as_string(), c.out) << escaped(c.in);
}

TEST(json_string, specials_anywhere_in_long_strings) {
  // Plain runs are skipped a word at a time: a special byte must be caught at every offset.
  for (char special : {'"', '\\', '\n', '\x01', '\x1f'}) {
    for (std::size_t at = 0; at < 24; ++at) {
      std::string s(24, 'a');
      s[at] = special;
      EXPECT_EQ(parse(escaped(s)).as_string(), s) << "at " << at;
    }
  }
  std::string s(30, 'b');
  s[17] = '\xFF';
  EXPECT_EQ(parse(escaped(s)).as_string(), s.substr(0, 17) + "\xEF\xBF\xBD" + s.substr(18));
}

TEST(json_string, random_bytes_always_parse) {
  std::mt19937 rng(7);
  for (int i = 0; i < 2000; ++i) {
    std::string s(rng() % 40, '\0');
    for (auto& ch : s) ch = static_cast<char>(rng());
    EXPECT_NO_THROW(parse(escaped(s))) << escaped(s);
  }
}

// write_json_string (the request line's one-pass writer) against append_json_string, on every
// length around the word size with a special byte at every offset and on random bytes, and never
// past the room it asks for.
TEST(json_string, the_direct_writer_matches_and_stays_within_its_room) {
  auto direct = [](std::string_view s) {
    const std::size_t room = max_json_string_size(s.size());
    std::string buf(room + 16, '#');
    char* end = write_json_string(buf.data(), s);
    EXPECT_LE(static_cast<std::size_t>(end - buf.data()), room) << s;
    EXPECT_EQ(buf.substr(room), std::string(16, '#')) << "wrote past its room: " << s;
    return std::string(buf.data(), end);
  };
  for (std::size_t n = 0; n <= 40; ++n) {
    std::string plain(n, 'x');
    EXPECT_EQ(direct(plain), escaped(plain));
    for (char special : {'"', '\\', '\n', '\x01', '\xC3', '\xFF'})
      for (std::size_t at = 0; at < n; ++at) {
        std::string s = plain;
        s[at] = special;
        EXPECT_EQ(direct(s), escaped(s)) << "n " << n << " at " << at;
      }
  }
  std::mt19937 rng(11);
  for (int i = 0; i < 2000; ++i) {
    std::string s(rng() % 40, '\0');
    for (auto& ch : s) ch = static_cast<char>(rng() % 4 ? 'a' + rng() % 26 : rng());
    EXPECT_EQ(direct(s), escaped(s));
  }
}

TEST(json_writer, numbers) {
  std::string out;
  json_writer w(out);
  w.begin_array();
  w.number(std::int64_t{-42});
  w.number(std::numeric_limits<std::uint64_t>::max());
  w.number(0.1);
  w.number(1e300);
  w.number(std::nan(""));
  w.number(std::numeric_limits<double>::infinity());
  w.fixed(1.23456, 3);
  w.fixed(2.0, 3);
  w.end_array();
  EXPECT_EQ(out, "[-42,18446744073709551615,0.1,1e+300,null,null,1.235,2.000]");
  auto a = parse(out).as_array();
  EXPECT_DOUBLE_EQ(a[2].as_double(), 0.1);
}

std::string millis(std::chrono::nanoseconds d) {
  char buf[max_millis_size];
  return std::string(buf, write_millis(buf, d));
}

TEST(json_writer, millis_have_three_decimals_rounded_to_the_microsecond) {
  using namespace std::chrono_literals;
  EXPECT_EQ(millis(0ns), "0.000");
  EXPECT_EQ(millis(499ns), "0.000");
  EXPECT_EQ(millis(500ns), "0.001");
  EXPECT_EQ(millis(12'345'678ns), "12.346");
  EXPECT_EQ(millis(999'999ns), "1.000");
  EXPECT_EQ(millis(3'600s), "3600000.000");
  EXPECT_EQ(millis(-5ns), "0.000");  // a clock step backwards is not a negative duration
  // Every value parses back as the number of milliseconds, within half a microsecond.
  std::mt19937_64 rng(7);
  for (int i = 0; i < 1000; ++i) {
    const auto ns = std::chrono::nanoseconds(static_cast<std::int64_t>(rng() >> 20));
    const auto text = millis(ns);
    EXPECT_NEAR(json::parse(text).to_number<double>(), ns.count() / 1e6, 0.0005 + 1e-9) << text;
  }
}

TEST(json_writer, nesting_and_separators) {
  std::string out;
  json_writer w(out);
  w.begin_object();
  w.key("a");
  w.begin_array();
  w.begin_object();
  w.end_object();
  w.string("x");
  w.boolean(true);
  w.null();
  w.end_array();
  w.key("b");
  w.begin_object();
  w.key("c");
  w.raw("[1,2]");
  w.end_object();
  w.end_object();
  EXPECT_EQ(out, R"({"a":[{},"x",true,null],"b":{"c":[1,2]}})");
}

TEST(json_writer, continues_an_open_object) {
  std::string out = R"({"level":30)";
  json_writer w(out, true, true);
  w.key("k");
  w.string("v");
  out += '}';
  EXPECT_EQ(out, R"({"level":30,"k":"v"})");

  std::string empty = "{";
  json_writer e(empty, true, false);
  e.key("k");
  e.number(1);
  empty += '}';
  EXPECT_EQ(empty, R"({"k":1})");
}

TEST(json_writer, boost_values_with_escaped_strings) {
  json::value v = {{"s", "a\"b\n"}, {"n", -1}, {"u", 18446744073709551615ull}, {"d", 2.5}, {"a", {1, "x", nullptr}},
                   {"o", {{"k\x01", false}}}};
  std::string out;
  json_writer(out).value(v);
  EXPECT_EQ(parse(out), v);
}

TEST(json_writer, deep_values_are_capped_not_overflowing) {
  json::value v = json::array();
  json::value* at = &v;
  for (int i = 0; i < 500; ++i) {
    at->as_array().emplace_back(json::array());
    at = &at->as_array().back();
  }
  std::string out;
  json_writer(out).value(v);
  json::parse_options deep;
  deep.max_depth = 1000;
  auto parsed = json::parse(out, {}, deep);
  int depth = 0;
  const json::value* p = &parsed;
  while (p->is_array()) {
    ++depth;
    p = &p->as_array().at(0);
  }
  EXPECT_EQ(depth, json_writer::max_depth);
  EXPECT_EQ(p->as_string(), "[Max depth]");
}

}  // namespace
}  // namespace strata::log::detail
