#pragma once
// Why this file exists: every JSON output writes "unknown" the same way, as null.
#include <nlohmann/json.hpp>
#include <optional>

namespace report {

template <typename T>
nlohmann::ordered_json OrNull(const std::optional<T>& value)
{
    return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}

}  // namespace report
