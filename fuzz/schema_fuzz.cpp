// libFuzzer target for strata::schema: the input is two JSON texts, a schema and an instance
// (when the second is missing or malformed, a few fixed instances stand in). Beyond memory
// errors and undefined behaviour it checks:
// - compile() throws nothing but schema_error, whatever the schema;
// - validation throws nothing; is_valid() agrees with validate(); an invalid result carries
//   errors, and with all_errors off exactly one;
// - every error's instance_path is a JSON pointer that exists in the instance;
// - coerce_types + use_defaults on a copy never crash, and leave the original untouched.
#include <boost/json/src.hpp>  // Boost.JSON compiled here, instrumented with the rest
#include <cstddef>
#include <cstdint>
#include <strata/schema/validator.hpp>
#include <string_view>

#include "check.hpp"

namespace {

using namespace strata::schema;

// Parses the first JSON text of `in` and advances `in` past it.
bool parse_one(std::string_view& in, boost::json::value& out) {
  boost::json::parse_options po;
  po.max_depth = 64;
  boost::json::stream_parser p({}, po);
  boost::system::error_code ec;
  std::size_t used = p.write_some(in.data(), in.size(), ec);
  if (ec) return false;
  if (!p.done()) {
    p.finish(ec);
    if (ec || !p.done()) return false;
  }
  in.remove_prefix(used);
  out = p.release();
  return true;
}

void check_instance(const validator& v, const validator& first_only, const boost::json::value& instance) {
  const bool quick = v.is_valid(instance);
  const auto all = v.validate(instance);
  CHECK(quick == all.valid());
  for (const auto& e : all.errors) {
    boost::system::error_code ec;
    instance.find_pointer(e.instance_path, ec);
    CHECK(!ec);
    CHECK(!e.message.empty());
  }
  const auto one = first_only.validate(instance);
  CHECK(one.valid() == quick);
  CHECK(one.errors.size() == (quick ? 0u : 1u));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  boost::json::value schema;
  if (!parse_one(in, schema)) return 0;
  options o;
  o.max_depth = 64;
  o.assert_format = size % 2 == 0;
  o.schemas["https://fuzz.test/other"] =
      boost::json::parse(R"({"$defs": {"s": {"type": "string"}}, "type": "object"})");
  validator v, first_only, mutating;
  try {
    v = compile(schema, o);
    o.all_errors = false;
    first_only = compile(schema, o);
    o.all_errors = true;
    o.coerce_types = o.use_defaults = true;
    mutating = compile(schema, o);
  } catch (const schema_error&) {
    return 0;
  }
  boost::json::value instances[] = {nullptr, 0, "1", boost::json::array{1, "a", nullptr},
                                    boost::json::object{{"a", 1}, {"b", "x"}}};
  boost::json::value second;
  if (parse_one(in, second)) instances[0] = std::move(second);
  for (const auto& instance : instances) {
    check_instance(v, first_only, instance);
    boost::json::value copy = instance;
    mutating.validate(copy);
    CHECK(mutating.is_valid(instance) == v.is_valid(instance));  // the const path never coerces
  }
  return 0;
}
