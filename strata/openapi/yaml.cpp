// JSON -> YAML through yaml-cpp's emitter. Every string and key is double-quoted: a plain "true",
// "1.0", "200" or "null" would read back as another type, and quoting all is simpler than deciding.
#include <strata/openapi/openapi.hpp>

#include <yaml-cpp/yaml.h>

#include <string>

namespace strata::openapi {

namespace {

void emit(YAML::Emitter& out, const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null:
      out << YAML::Null;
      break;
    case boost::json::kind::bool_:
      out << v.get_bool();
      break;
    case boost::json::kind::int64:
      out << v.get_int64();
      break;
    case boost::json::kind::uint64:
      out << v.get_uint64();
      break;
    case boost::json::kind::double_:
      out << v.get_double();
      break;
    case boost::json::kind::string: {
      const auto& s = v.get_string();
      out << YAML::DoubleQuoted << std::string(s.data(), s.size());
      break;
    }
    case boost::json::kind::array:
      out << YAML::BeginSeq;
      for (const auto& item : v.get_array()) emit(out, item);
      out << YAML::EndSeq;
      break;
    case boost::json::kind::object:
      out << YAML::BeginMap;
      for (const auto& [key, member] : v.get_object()) {
        out << YAML::Key << YAML::DoubleQuoted << std::string(key.data(), key.size()) << YAML::Value;
        emit(out, member);
      }
      out << YAML::EndMap;
      break;
  }
}

}  // namespace

std::string to_yaml(const boost::json::value& v) {
  YAML::Emitter out;
  out.SetIndent(2);
  emit(out, v);
  std::string text = out.c_str();
  text += '\n';
  return text;
}

}  // namespace strata::openapi
