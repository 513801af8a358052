// Where each loop keeps its pools: an Asio service of the loop's io_context, so pools (and the
// connections in them, sockets included) are destroyed with the loop that owns them, and a loop
// finds its pools without a lock.
#pragma once
#include <boost/asio/execution_context.hpp>
#include <cstdint>
#include <memory>
#include <strata/sql/detail/pool.hpp>

namespace strata::sql::detail {

// The pool slot of database `database_id` on the loop `ctx`; call only from that loop's thread.
std::shared_ptr<pool>& loop_pool(boost::asio::execution_context& ctx, std::uint64_t database_id);
// Removes (and so closes) that pool; from the loop's thread.
void drop_loop_pool(boost::asio::execution_context& ctx, std::uint64_t database_id);

}  // namespace strata::sql::detail
