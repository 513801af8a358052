// Converting between boost::json and BSON for the MongoDB backend. JSON integers become int32
// when they fit (as the Node.js driver writes them), else int64; BSON types JSON lacks come back
// as strings (ObjectId as 24 hex digits, dates as ISO 8601 UTC, Decimal128 as its text) or, for
// the rare rest, as MongoDB's relaxed extended JSON.
#pragma once
#include <bson/bson.h>

#include <boost/json/object.hpp>
#include <utility>

namespace strata::document::detail {

// An owned bson_t* (unique_ptr<bson_t> would drop bson_t's alignment attribute, GCC warns).
class bson_ptr {
 public:
  explicit bson_ptr(bson_t* b = nullptr) noexcept : b_(b) {}
  bson_ptr(bson_ptr&& o) noexcept : b_(std::exchange(o.b_, nullptr)) {}
  bson_ptr& operator=(bson_ptr&& o) noexcept {
    std::swap(b_, o.b_);
    return *this;
  }
  ~bson_ptr() {
    if (b_) bson_destroy(b_);
  }
  bson_t* get() const noexcept { return b_; }
  bson_t& operator*() const noexcept { return *b_; }

 private:
  bson_t* b_;
};

// Throws document::error(errc::bad_document) for what BSON cannot hold (a NUL in a key).
bson_ptr to_bson(const boost::json::object& json);
boost::json::object to_json(const bson_t& bson);

}  // namespace strata::document::detail
