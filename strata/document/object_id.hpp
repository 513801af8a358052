// New document ids: 24 hex digits in MongoDB's ObjectId layout (4-byte seconds, 5 random bytes
// per process, 3-byte counter), so ids sort roughly by creation time and never repeat in a process.
#pragma once
#include <string>

namespace strata::document {

std::string new_object_id();

}  // namespace strata::document
