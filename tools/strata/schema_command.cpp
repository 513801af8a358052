// `strata schema validate SCHEMA.json INSTANCE.json`: exit 0 when valid, 1 when invalid (one error
// per line: instance path, message, keyword location), 2 when the schema or a file is unusable.
#include "commands.hpp"

#include <strata/schema/validator.hpp>

#include <boost/json/parse.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace strata::cli {

namespace {

std::optional<boost::json::value> read_json(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "strata: cannot read %s '%s'\n", what, path.c_str());
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  auto v = boost::json::parse(text.str(), ec);
  if (ec) {
    std::fprintf(stderr, "strata: %s '%s' is not JSON: %s\n", what, path.c_str(), ec.message().c_str());
    return std::nullopt;
  }
  return v;
}

}  // namespace

int schema_command(const std::vector<std::string>& args) {
  if (args.size() != 3 || args[0] != "validate") {
    std::fprintf(stderr, "usage: strata schema validate SCHEMA.json INSTANCE.json\n");
    return 2;
  }
  auto schema = read_json(args[1], "schema");
  auto instance = read_json(args[2], "instance");
  if (!schema || !instance) return 2;
  schema::validator v;
  try {
    v = schema::compile(*schema, {.assert_format = true});
  } catch (const schema::schema_error& e) {
    std::fprintf(stderr, "strata: invalid schema: %s\n", e.what());
    return 2;
  }
  const auto result = v.validate(static_cast<const boost::json::value&>(*instance));
  if (result.valid()) {
    std::printf("valid\n");
    return 0;
  }
  for (const auto& e : result.errors)
    std::printf("%s: %s (%s)\n", e.instance_path.empty() ? "(root)" : e.instance_path.c_str(), e.message.c_str(),
                e.schema_path.c_str());
  return 1;
}

}  // namespace strata::cli
