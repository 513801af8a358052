// The registry: names and labels validated, re-registration shared or refused, collectors, order.
#include <strata/metrics/registry.hpp>

#include <gtest/gtest.h>

#include <stdexcept>

namespace strata::metrics {
namespace {

TEST(registry, rejects_bad_names_and_labels) {
  registry reg;
  EXPECT_THROW(reg.counter({.name = "", .help = "x"}), std::invalid_argument);
  EXPECT_THROW(reg.counter({.name = "1abc", .help = "x"}), std::invalid_argument);
  EXPECT_THROW(reg.counter({.name = "a-b", .help = "x"}), std::invalid_argument);
  EXPECT_THROW(reg.counter({.name = "ok", .help = ""}), std::invalid_argument);
  EXPECT_THROW(reg.counter({.name = "ok", .help = "x", .label_names = {"a:b"}}), std::invalid_argument);
  EXPECT_THROW(reg.counter({.name = "ok", .help = "x", .label_names = {"__reserved"}}), std::invalid_argument);
  EXPECT_THROW(reg.counter({.name = "ok", .help = "x", .label_names = {"a", "a"}}), std::invalid_argument);
  EXPECT_NO_THROW(reg.counter({.name = "ns:sub_ok_total", .help = "x", .label_names = {"_a1"}}));
}

TEST(registry, refuses_text_that_is_not_utf8) {
  // One bad byte would make Prometheus reject the whole scrape.
  registry reg;
  EXPECT_THROW(reg.gauge({.name = "h", .help = "bad \xff help"}), std::invalid_argument);
  auto g = reg.gauge({.name = "g", .help = "G.", .label_names = {"v"}});
  EXPECT_THROW(g.labels({"\xc3"}), std::invalid_argument);          // truncated sequence
  EXPECT_THROW(g.labels({"\xc0\xaf"}), std::invalid_argument);     // overlong "/"
  EXPECT_THROW(g.labels({"\xed\xa0\x80"}), std::invalid_argument);  // a surrogate
  EXPECT_NO_THROW(g.labels({"caf\xc3\xa9 \xf0\x9f\x9a\x80"}));    // "café 🚀"
  EXPECT_EQ(reg.collect()[0].children.size(), 1u);
}

TEST(registry, same_definition_shares_the_family) {
  registry reg;
  auto a = reg.counter({.name = "shared_total", .help = "S.", .label_names = {"k"}});
  auto b = reg.counter({.name = "shared_total", .help = "S.", .label_names = {"k"}});
  a.labels({"x"}).inc();
  EXPECT_EQ(b.labels({"x"}).value(), 1);
  EXPECT_EQ(reg.collect().size(), 1u);
}

TEST(registry, conflicting_definition_throws) {
  registry reg;
  reg.counter({.name = "m", .help = "M."});
  EXPECT_THROW(reg.gauge({.name = "m", .help = "M."}), std::invalid_argument);
  EXPECT_THROW(reg.counter({.name = "m", .help = "Other."}), std::invalid_argument);
  EXPECT_THROW(reg.counter({.name = "m", .help = "M.", .label_names = {"x"}}), std::invalid_argument);
  reg.histogram({.name = "h", .help = "H.", .buckets = {1, 2}});
  EXPECT_THROW(reg.histogram({.name = "h", .help = "H.", .buckets = {1, 3}}), std::invalid_argument);
}

TEST(registry, copies_share_metrics_and_outlive_the_original) {
  counter c;
  registry copy;
  {
    registry reg;
    c = reg.counter({.name = "c_total", .help = "C."});
    copy = reg;
  }
  c.inc();
  EXPECT_EQ(copy.expose(), "# HELP c_total C.\n# TYPE c_total counter\nc_total 1\n");
}

TEST(registry, collectors_run_at_scrape_in_registration_order) {
  registry reg;
  reg.gauge({.name = "first", .help = "F."});
  int calls = 0;
  reg.add_collector("pool", [&](std::vector<family_snapshot>& out) {
    ++calls;
    out.push_back(single_value("pool_size", "Pool size.", metric_type::gauge, calls));
  });
  reg.gauge({.name = "last", .help = "L."});
  auto families = reg.collect();
  ASSERT_EQ(families.size(), 3u);
  EXPECT_EQ(families[0].name, "first");
  EXPECT_EQ(families[1].name, "pool_size");
  EXPECT_EQ(families[1].children[0].value, 1);
  EXPECT_EQ(families[2].name, "last");
  // The same id replaces the collector instead of adding a second.
  reg.add_collector("pool", [](std::vector<family_snapshot>& out) {
    out.push_back(single_value("pool_size", "Pool size.", metric_type::gauge, 42));
  });
  families = reg.collect();
  ASSERT_EQ(families.size(), 3u);
  EXPECT_EQ(families[1].children[0].value, 42);
}

TEST(registry, reset_zeroes_values_and_keeps_handles) {
  registry reg;
  auto c = reg.counter({.name = "r_total", .help = "R.", .label_names = {"k"}});
  auto child = c.labels({"a"});
  child.inc(5);
  auto h = reg.histogram({.name = "rh", .help = "RH.", .buckets = {1}});
  h.observe(0.5);
  reg.reset();
  EXPECT_EQ(child.value(), 0);
  child.inc();
  EXPECT_EQ(child.value(), 1);
  EXPECT_EQ(reg.collect()[1].children[0].count, 0u);
}

}  // namespace
}  // namespace strata::metrics
