// A Zod-style builder for JSON Schemas, for routes and validators written in C++:
//
//   namespace s = strata::schema::s;
//   auto user = s::object({{"email", s::string().format("email")},
//                          {"age", s::integer().min(0).optional()},
//                          {"tags", s::array(s::string()).max(10)}}).strict();
//   auto v = strata::schema::compile(user.json());
//
// min/max mean what Zod means by them for each type: length for strings, item count for
// arrays, value for numbers. A property is required unless marked optional().
#pragma once
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace strata::schema::s {

class type {
 public:
  enum class kind : unsigned char { any, string, integer, number, boolean, null, array, object };

  explicit type(kind k, boost::json::object schema = {}) : kind_(k), schema_(std::move(schema)) {}

  type& min(double bound);  // minLength, minItems or minimum
  type& max(double bound);  // maxLength, maxItems or maximum
  type& gt(double bound);   // exclusiveMinimum
  type& lt(double bound);   // exclusiveMaximum
  type& pattern(std::string_view regex);
  type& format(std::string_view name);
  type& description(std::string_view text);
  type& title(std::string_view text);
  type& default_value(boost::json::value v);
  type& example(boost::json::value v);
  type& nullable();  // also accepts null
  type& optional();  // not required as an object property
  type& strict();    // objects: no properties beyond those named
  type& unique();    // arrays: uniqueItems

  bool is_optional() const { return optional_; }
  const boost::json::object& json() const { return schema_; }
  operator boost::json::value() const { return schema_; }  // NOLINT: usable where JSON is expected

 private:
  kind kind_;
  boost::json::object schema_;
  bool optional_ = false;
};

type any();
type string();
type integer();
type number();
type boolean();
type null();
type array(const type& items);
type object(std::initializer_list<std::pair<std::string_view, type>> properties);
type object(const std::vector<std::pair<std::string, type>>& properties);
type enumeration(std::initializer_list<boost::json::value> values);  // Zod's z.enum / z.literal
type literal(boost::json::value value);
type any_of(std::initializer_list<type> options);                    // z.union
type ref(std::string_view component);  // {"$ref": "#/components/schemas/<component>"}

}  // namespace strata::schema::s
