// Tests for open_store: memory:// with and without options, and clear errors for unknown
// schemes, unknown options and malformed sizes.
#include <strata/cache/memory_store.hpp>
#include <strata/cache/open.hpp>

#include <gtest/gtest.h>

#include <stdexcept>

namespace strata::cache {
namespace {

TEST(open_store, memory_with_defaults) {
  auto s = std::dynamic_pointer_cast<memory_store>(open_store("memory://"));
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->put("k", "v", {}));
  EXPECT_EQ(s->find("k")->value, "v");
}

TEST(open_store, memory_options_from_the_query) {
  auto s = std::dynamic_pointer_cast<memory_store>(open_store("memory://?max_bytes=1MiB&shards=4&max_entry_bytes=2KiB"));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->max_entry_bytes(), 2048u);
  EXPECT_FALSE(s->put("k", std::string(4096, 'x'), {}));
}

TEST(open_store, bad_urls_are_clear_errors) {
  EXPECT_THROW(open_store("memcached://x"), std::invalid_argument);
  EXPECT_THROW(open_store(""), std::invalid_argument);
  EXPECT_THROW(open_store("memory://?max_byte=1"), std::invalid_argument);
  EXPECT_THROW(open_store("memory://?max_bytes=lots"), std::invalid_argument);
  EXPECT_THROW(open_store("memory://?max_bytes=10TB"), std::invalid_argument);
  EXPECT_THROW(open_store("memory://?max_bytes=0"), std::invalid_argument);
  EXPECT_THROW(open_store("memory://?max_bytes=99999999999999999999GiB"), std::invalid_argument);
  EXPECT_THROW(open_store("memory://host"), std::invalid_argument);
  try {
    open_store("memory://?sizes=1");
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("sizes"), std::string::npos);
  }
}

}  // namespace
}  // namespace strata::cache
