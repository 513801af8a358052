// Tests for the .env parser: every dotenv / dotenv-expand rule, and the errors for bad lines.
#include <strata/config/dotenv.hpp>

#include <gtest/gtest.h>

namespace {

using strata::config::dotenv_parse_result;
using strata::config::env_map;
using strata::config::parse_dotenv;
using strata::config::quote_dotenv_value;

// The last value of each key, as load() applies them.
env_map values(const dotenv_parse_result& r) {
  env_map out;
  for (const auto& e : r.entries) out[e.key] = e.value;
  return out;
}

env_map parse_ok(std::string_view text, const env_map& env = {}) {
  const auto r = parse_dotenv(text, env);
  EXPECT_TRUE(r.errors.empty()) << (r.errors.empty() ? "" : r.errors.front().message);
  return values(r);
}

TEST(dotenv, plain_values_are_trimmed) {
  const auto v = parse_ok("A=1\nB = two words  \n  C=\tthree\t\nD=\n");
  EXPECT_EQ(v.at("A"), "1");
  EXPECT_EQ(v.at("B"), "two words");
  EXPECT_EQ(v.at("C"), "three");
  EXPECT_EQ(v.at("D"), "");
}

TEST(dotenv, comments_and_blank_lines) {
  const auto r = parse_dotenv(
      "# a comment\n\n   # indented comment\nA=1 # trailing comment\nB=a#b\nC=x\t# tab comment\n"
      "D= # only a comment\nE=#not-a-comment\n");
  EXPECT_TRUE(r.errors.empty());
  const auto v = values(r);
  EXPECT_EQ(v.size(), 5u);
  EXPECT_EQ(v.at("A"), "1");
  EXPECT_EQ(v.at("B"), "a#b");  // # only starts a comment after whitespace
  EXPECT_EQ(v.at("C"), "x");
  EXPECT_EQ(v.at("D"), "");
  EXPECT_EQ(v.at("E"), "#not-a-comment");
}

TEST(dotenv, export_prefix) {
  const auto v = parse_ok("export A=1\nexport   B=\"two\"\nexport=3\n");
  EXPECT_EQ(v.at("A"), "1");
  EXPECT_EQ(v.at("B"), "two");
  EXPECT_EQ(v.at("export"), "3");  // `export` alone is an ordinary key
}

TEST(dotenv, single_quotes_are_literal) {
  const auto v = parse_ok("A='  spaced  '\nB='no $HOME or ${X} or \\n here'\nC='a # b'\n", {{"HOME", "/home/x"}});
  EXPECT_EQ(v.at("A"), "  spaced  ");
  EXPECT_EQ(v.at("B"), "no $HOME or ${X} or \\n here");
  EXPECT_EQ(v.at("C"), "a # b");
}

TEST(dotenv, double_quote_escapes) {
  const auto v = parse_ok(R"(A="line1\nline2"
B="tab\there"
C="say \"hi\""
D="back\\slash"
E="cr\r"
F="unknown \q stays"
G="a # b" # comment
)");
  EXPECT_EQ(v.at("A"), "line1\nline2");
  EXPECT_EQ(v.at("B"), "tab\there");
  EXPECT_EQ(v.at("C"), "say \"hi\"");
  EXPECT_EQ(v.at("D"), "back\\slash");
  EXPECT_EQ(v.at("E"), "cr\r");
  EXPECT_EQ(v.at("F"), "unknown \\q stays");
  EXPECT_EQ(v.at("G"), "a # b");
}

TEST(dotenv, multiline_values_until_the_closing_quote) {
  const auto r = parse_dotenv("KEY=\"-----BEGIN KEY-----\nabc\ndef\n-----END KEY-----\"\nNEXT=1\nS='one\ntwo'\n");
  ASSERT_TRUE(r.errors.empty());
  const auto v = values(r);
  EXPECT_EQ(v.at("KEY"), "-----BEGIN KEY-----\nabc\ndef\n-----END KEY-----");
  EXPECT_EQ(v.at("NEXT"), "1");
  EXPECT_EQ(v.at("S"), "one\ntwo");
  EXPECT_EQ(r.entries[0].line, 1);
  EXPECT_EQ(r.entries[1].line, 5);
  EXPECT_EQ(r.entries[2].line, 6);
}

TEST(dotenv, backticks_hold_both_quote_kinds) {
  const auto v = parse_ok("A=`it's \"quoted\"`\nB=`multi\nline`\n");
  EXPECT_EQ(v.at("A"), "it's \"quoted\"");
  EXPECT_EQ(v.at("B"), "multi\nline");
}

TEST(dotenv, crlf_and_byte_order_mark) {
  const auto v = parse_ok(
      "\xEF\xBB\xBF"
      "A=1\r\nB=\"x\r\ny\"\r\n");
  EXPECT_EQ(v.at("A"), "1");
  EXPECT_EQ(v.at("B"), "x\ny");
}

TEST(dotenv, yaml_style_colon) {
  const auto v = parse_ok("A: 1\nB: \"two\"\n");
  EXPECT_EQ(v.at("A"), "1");
  EXPECT_EQ(v.at("B"), "two");
}

TEST(dotenv, later_duplicates_win) {
  const auto r = parse_dotenv("A=1\nA=2\n");
  ASSERT_EQ(r.entries.size(), 2u);
  EXPECT_EQ(values(r).at("A"), "2");
}

TEST(dotenv, expansion_from_earlier_keys_and_the_environment) {
  const auto v = parse_ok(
      "HOST=db.local\nURL=postgres://${USER}@${HOST}:$PORT/app\nQ=\"$HOST/"
      "x\"\nLATER=$AFTER\nAFTER=1\nMISSING=[${NOPE}]\n",
      {{"USER", "alice"}, {"PORT", "5432"}});
  EXPECT_EQ(v.at("URL"), "postgres://alice@db.local:5432/app");
  EXPECT_EQ(v.at("Q"), "db.local/x");
  EXPECT_EQ(v.at("LATER"), "");  // only keys above are visible
  EXPECT_EQ(v.at("MISSING"), "[]");
}

TEST(dotenv, environment_wins_over_the_file_in_expansion) {
  // The environment keeps HOST (the file never overrides it), so references see the environment's.
  const auto v = parse_ok("HOST=file-host\nURL=http://$HOST/\n", {{"HOST", "env-host"}});
  EXPECT_EQ(v.at("URL"), "http://env-host/");
}

TEST(dotenv, expansion_defaults) {
  const auto v = parse_ok(
      "EMPTY=\nA=${UNSET:-fallback}\nB=${EMPTY:-used for empty}\nC=${EMPTY-kept empty}\nD=${UNSET-dash}\n"
      "E=${SET:-not used}\nF=${UNSET:-${SET}-nested}\nG=\"${UNSET:-a b}\"\n",
      {{"SET", "yes"}});
  EXPECT_EQ(v.at("A"), "fallback");
  EXPECT_EQ(v.at("B"), "used for empty");
  EXPECT_EQ(v.at("C"), "");
  EXPECT_EQ(v.at("D"), "dash");
  EXPECT_EQ(v.at("E"), "yes");
  EXPECT_EQ(v.at("F"), "yes-nested");
  EXPECT_EQ(v.at("G"), "a b");
}

TEST(dotenv, escaped_dollar_and_lone_dollar) {
  const auto v = parse_ok("A=\\$HOME\nB=\"cost \\$5 \\${X}\"\nC=100$\nD=$ 5\nE=`\\$HOME`\n", {{"HOME", "/h"}});
  EXPECT_EQ(v.at("A"), "$HOME");
  EXPECT_EQ(v.at("B"), "cost $5 ${X}");
  EXPECT_EQ(v.at("C"), "100$");
  EXPECT_EQ(v.at("D"), "$ 5");
  EXPECT_EQ(v.at("E"), "$HOME");
}

TEST(dotenv, backticks_expand_but_do_not_unescape) {
  const auto v = parse_ok("A=`$X\\n`\n", {{"X", "x"}});
  EXPECT_EQ(v.at("A"), "x\\n");
}

TEST(dotenv, bad_lines_are_reported_and_skipped) {
  const auto r = parse_dotenv(
      "GOOD=1\nNOEQUALS\n=value\nBAD KEY=1\nA=\"closed\" trailing\nB=${unterminated\n"
      "C=${1BAD}\nD=${X:?err}\nAFTER=2\n");
  const auto v = values(r);
  EXPECT_EQ(v.size(), 2u);
  EXPECT_EQ(v.at("GOOD"), "1");
  EXPECT_EQ(v.at("AFTER"), "2");
  ASSERT_EQ(r.errors.size(), 7u);
  EXPECT_EQ(r.errors[0].line, 2);
  EXPECT_EQ(r.errors[0].message, "expected '=' after NOEQUALS (write NOEQUALS= for an empty value)");
  EXPECT_EQ(r.errors[1].line, 3);
  EXPECT_EQ(r.errors[1].message, "expected KEY=VALUE (a key is letters, digits, '_', '.' or '-')");
  EXPECT_EQ(r.errors[2].line, 4);
  EXPECT_EQ(r.errors[2].message, "expected '=' after BAD");
  EXPECT_EQ(r.errors[3].line, 5);
  EXPECT_EQ(r.errors[3].message, "unexpected text after the closing quote of A");
  EXPECT_EQ(r.errors[4].line, 6);
  EXPECT_EQ(r.errors[4].message, "B: unterminated ${ (a literal $ is written \\$)");
  EXPECT_EQ(r.errors[5].line, 7);
  EXPECT_EQ(r.errors[5].message,
            "C: bad variable reference ${1BAD} (expected ${NAME}, ${NAME:-default} or ${NAME-default})");
  EXPECT_EQ(r.errors[6].line, 8);
}

TEST(dotenv, unterminated_quote_is_an_error_not_the_rest_of_the_file) {
  const auto r = parse_dotenv("A=1\nB=\"never closed\nC=2\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].line, 2);
  EXPECT_EQ(r.errors[0].message, "unterminated \" quote in the value of B");
  EXPECT_EQ(values(r).size(), 1u);
}

TEST(dotenv, nesting_is_bounded) {
  std::string deep = "A=";
  for (int i = 0; i < 40; ++i) deep += "${X:-";
  deep += "v";
  for (int i = 0; i < 40; ++i) deep += "}";
  const auto r = parse_dotenv(deep);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].message.find("nested more than 16 deep"), std::string::npos);
}

TEST(dotenv, expansion_growth_is_bounded) {
  // Each line quadruples the one before: 16 * 4^12 bytes (256 MiB) unless refused.
  std::string text = "A=xxxxxxxxxxxxxxxx\n";
  for (char c = 'B'; c <= 'M'; ++c) {
    const char p = static_cast<char>(c - 1);
    text += c;
    text.append("=$").append(1, p).append("$").append(1, p).append("${").append(1, p).append("}$").append(1, p);
    text += '\n';
  }
  const auto r = parse_dotenv(text);
  ASSERT_FALSE(r.errors.empty());
  EXPECT_NE(r.errors.front().message.find("longer than 1 MiB after expansion"), std::string::npos);
  for (const auto& e : r.entries) EXPECT_LE(e.value.size(), std::size_t{1} << 20);
}

TEST(dotenv, validity_does_not_depend_on_the_environment) {
  // The default is checked even when the variable is set.
  const auto r = parse_dotenv("A=${SET:-${BAD NAME}}\n", {{"SET", "1"}});
  EXPECT_EQ(r.errors.size(), 1u);
}

TEST(dotenv, quote_round_trips) {
  for (std::string_view value : {"", "plain", "with \"quotes\" and 'single'", "multi\nline\r\n", "tab\t$HOME ${X}",
                                 "back\\slash\\n", "# not a comment", "  spaces  "}) {
    const std::string text = "K=" + quote_dotenv_value(value) + "\n";
    const auto r = parse_dotenv(text, {{"HOME", "/h"}, {"X", "x"}});
    ASSERT_TRUE(r.errors.empty()) << text;
    ASSERT_EQ(r.entries.size(), 1u);
    EXPECT_EQ(r.entries[0].value, value);
  }
}

}  // namespace
