// Commands encoded as RESP arrays of bulk strings, whatever the argument types.
#include <gtest/gtest.h>

#include <strata/redis/command.hpp>

namespace strata::redis {
namespace {

TEST(command_args, encodes_text_and_numbers) {
  std::string key = "k";
  const command_args c("SET", key, std::string_view("v\r\n"), 42, -7LL, 1.5);
  EXPECT_EQ(c.size(), 6u);
  EXPECT_EQ(c.name(), "SET");
  EXPECT_EQ(c.encoded(), "*6\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\nv\r\n\r\n$2\r\n42\r\n$2\r\n-7\r\n$3\r\n1.5\r\n");
}

TEST(command_args, built_step_by_step_and_appended) {
  command_args c("DEL");
  std::vector<std::string> keys{"a", "bb"};
  c.args(keys);
  command_args tail;
  tail.arg(2).arg("x");
  c.append(tail);
  EXPECT_EQ(c.size(), 5u);
  EXPECT_EQ(c.encoded(), "*5\r\n$3\r\nDEL\r\n$1\r\na\r\n$2\r\nbb\r\n$1\r\n2\r\n$1\r\nx\r\n");
  // Infinite scores in the spelling Redis reads.
  command_args z("ZADD");
  z.arg(-1.0 / 0.0);
  EXPECT_EQ(z.encoded(), "*2\r\n$4\r\nZADD\r\n$4\r\n-inf\r\n");
}

}  // namespace
}  // namespace strata::redis
