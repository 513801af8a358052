// yaml_file: config/*.yaml through yaml-cpp, scalars resolved by the YAML 1.2 core schema.
#include <strata/config/detail/config_file.hpp>
#include <strata/config/scalars.hpp>

#include <yaml-cpp/yaml.h>

namespace strata::config::detail {
namespace json = boost::json;
namespace {

// Aliases share nodes, so a small file can stand for an enormous tree ("billion laughs"), or for a
// cycle; both end here with an error instead of exhausting memory or the stack.
constexpr int max_depth = 64;
constexpr std::size_t max_nodes = 1'000'000;

std::string where(const std::string& name, const YAML::Mark& m) {
  if (m.is_null()) return name;
  return name + ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1);
}

bool is_null_word(std::string_view s) { return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL"; }

json::value plain_scalar(const std::string& s) {
  if (is_null_word(s)) return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  const bool signless = !s.empty() && s.front() != ' ' && s.back() != ' ';
  if (signless && s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
    const bool hex = s[1] == 'x';
    std::uint64_t v = 0;
    bool ok = true;
    for (std::size_t i = 2; i < s.size() && ok; ++i) {
      const char c = s[i];
      int d = c >= '0' && c <= '9'          ? c - '0'
              : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
              : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                            : -1;
      if (d < 0 || (!hex && d > 7) || v > (UINT64_MAX >> 4)) ok = false;
      v = v * (hex ? 16 : 8) + static_cast<unsigned>(d);
    }
    if (ok) return v <= INT64_MAX ? json::value(static_cast<std::int64_t>(v)) : json::value(v);
  }
  if (signless) {
    if (auto i = parse_int64(s)) return *i;
    if (auto u = parse_uint64(s)) return *u;
    if (auto d = parse_number(s)) return *d;
  }
  return json::string(s);
}

class converter {
public:
  converter(const std::string& name, std::vector<config_error>& errors) : name_(name), errors_(errors) {}

  std::optional<json::value> run(const YAML::Node& n, int depth) {
    if (++nodes_ > max_nodes || depth > max_depth) {
      fail(n, "too deeply nested, or too many nodes (aliases expanding to a huge tree?)");
      return std::nullopt;
    }
    switch (n.Type()) {
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined:
        return json::value(nullptr);
      case YAML::NodeType::Scalar: {
        const std::string& tag = n.Tag();
        // "!" is a quoted scalar and !!str an explicit string; "?" (plain) and other tags resolve.
        if (tag == "!" || tag == "tag:yaml.org,2002:str") return json::value(json::string(n.Scalar()));
        return plain_scalar(n.Scalar());
      }
      case YAML::NodeType::Sequence: {
        json::array a;
        for (const auto& item : n) {
          auto v = run(item, depth + 1);
          if (!v) return std::nullopt;
          a.push_back(std::move(*v));
        }
        return json::value(std::move(a));
      }
      case YAML::NodeType::Map: {
        json::object o;
        for (const auto& kv : n) {
          if (!kv.first.IsScalar()) {
            fail(kv.first, "a key must be a plain string");
            return std::nullopt;
          }
          auto v = run(kv.second, depth + 1);
          if (!v) return std::nullopt;
          o[kv.first.Scalar()] = std::move(*v);
        }
        return json::value(std::move(o));
      }
    }
    return json::value(nullptr);
  }

private:
  void fail(const YAML::Node& n, const std::string& message) {
    errors_.push_back(config_error::about_source(where(name_, n.Mark()), "invalid YAML (" + message + ")"));
  }

  const std::string& name_;
  std::vector<config_error>& errors_;
  std::size_t nodes_ = 0;
};

}  // namespace

std::optional<json::object> parse_yaml_config(std::string_view text, const std::string& name,
                                              std::vector<config_error>& errors) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    errors.push_back(config_error::about_source(where(name, e.mark), "invalid YAML (" + e.msg + ")"));
    return std::nullopt;
  }
  if (root.IsNull() || !root.IsDefined()) return json::object();  // an empty file
  if (!root.IsMap()) {
    errors.push_back(config_error::about_source(name, "expected a map of keys at the top level"));
    return std::nullopt;
  }
  auto v = converter(name, errors).run(root, 0);
  if (!v) return std::nullopt;
  return std::move(v->get_object());
}

}  // namespace strata::config::detail
