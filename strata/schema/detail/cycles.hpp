// A cycle of in-place applicators evaluates the same instance forever: compile() refuses it
// rather than let validation overflow the stack.
#pragma once
#include <strata/schema/detail/program.hpp>

namespace strata::schema::detail {

// Throws schema_error naming a keyword on the cycle.
void refuse_in_place_cycles(const program& p);

}  // namespace strata::schema::detail
