// JSON equality for const, enum and uniqueItems: numbers compare by value across int64, uint64
// and double, objects by members regardless of order.
#include <strata/schema/detail/program.hpp>

namespace strata::schema::detail {

namespace {

bool number_equal(const boost::json::value& a, const boost::json::value& b) {
  using boost::json::kind;
  if (a.kind() == b.kind()) {
    if (a.is_int64()) return a.get_int64() == b.get_int64();
    if (a.is_uint64()) return a.get_uint64() == b.get_uint64();
    return a.get_double() == b.get_double();
  }
  if (a.is_double() || b.is_double()) {
    double x = a.is_double() ? a.get_double() : (a.is_int64() ? double(a.get_int64()) : double(a.get_uint64()));
    double y = b.is_double() ? b.get_double() : (b.is_int64() ? double(b.get_int64()) : double(b.get_uint64()));
    return x == y;
  }
  // int64 against uint64
  const auto& i = a.is_int64() ? a : b;
  const auto& u = a.is_int64() ? b : a;
  return i.get_int64() >= 0 && static_cast<std::uint64_t>(i.get_int64()) == u.get_uint64();
}

}  // namespace

bool json_equal(const boost::json::value& a, const boost::json::value& b) {
  if (a.is_number() && b.is_number()) return number_equal(a, b);
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case boost::json::kind::null:
      return true;
    case boost::json::kind::bool_:
      return a.get_bool() == b.get_bool();
    case boost::json::kind::string:
      return a.get_string() == b.get_string();
    case boost::json::kind::array: {
      const auto &x = a.get_array(), &y = b.get_array();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i)
        if (!json_equal(x[i], y[i])) return false;
      return true;
    }
    case boost::json::kind::object: {
      const auto &x = a.get_object(), &y = b.get_object();
      if (x.size() != y.size()) return false;
      for (const auto& kv : x) {
        auto it = y.find(kv.key());
        if (it == y.end() || !json_equal(kv.value(), it->value())) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

std::size_t json_hash(const boost::json::value& v) {
  auto mix = [](std::size_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    return h ^ (h >> 33);
  };
  switch (v.kind()) {
    case boost::json::kind::null:
      return 0x9e37;
    case boost::json::kind::bool_:
      return v.get_bool() ? 0x1234 : 0x4321;
    case boost::json::kind::string:
      return std::hash<std::string_view>{}(v.get_string());
    case boost::json::kind::array: {
      std::size_t h = 0xa11a;
      for (const auto& e : v.get_array()) h = mix(h * 31 + json_hash(e));
      return h;
    }
    case boost::json::kind::object: {
      std::size_t h = 0x0b1e;  // members in any order: a commutative sum
      for (const auto& kv : v.get_object())
        h += mix(std::hash<std::string_view>{}(kv.key()) ^ (json_hash(kv.value()) * 0x9e3779b97f4a7c15ULL));
      return h;
    }
    default:
      return std::hash<double>{}(v.to_number<double>() + 0.0);  // 1 and 1.0 alike, -0 as 0
  }
}

}  // namespace strata::schema::detail
