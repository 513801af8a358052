// Everything to log from C++: loggers, levels and the process-wide sink. The HTTP request logger
// is in request_logger.hpp.
#pragma once
#include <strata/log/level.hpp>
#include <strata/log/logger.hpp>
#include <strata/log/sink.hpp>
